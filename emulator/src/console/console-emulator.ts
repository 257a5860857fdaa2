/**
 * The local console: the stand-in for the CloudBase web console, like Firebase's emulator UI. One static
 * page (page/: HTML + CSS + vanilla JS, no external fetches) and the JSON API it uses under /api/.
 * It is a local developer tool bound to 127.0.0.1; its door (http-emulator.ts) refuses foreign Host
 * headers (DNS rebinding) and foreign Origin headers, and writes must be JSON (a cross-site form post
 * cannot send application/json without a CORS preflight, which this server never grants), so a web page
 * open in the same browser cannot edit the data. JSON nested too deep is refused before it is parsed.
 */
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { jsonContentTypeRefusal } from '../door-policy';
import { HttpEmulator, type HttpEmulatorOptions } from '../http-emulator';
import { BodyTooLargeError, readBody, sendJson } from '../http-util';
import { JsonTooDeepError, parseJsonWithinDepth } from '../json-depth';
import { isPreviewableImage } from '../storage';
import { ConsoleApi, type ConsoleDependencies } from './console-api';

export interface ConsoleOptions extends ConsoleDependencies, HttpEmulatorOptions {
  /** Shown on the overview page; the engine does not report it. */
  strictIndexes?: boolean;
}

/** Documents can be large; CloudBase's request limit is in this range. */
const MAX_BODY = 6 * 1024 * 1024;
const PAGE_DIR = path.join(__dirname, 'page');
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  '/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
};
/** Everything the page loads comes from this server; inline script and foreign hosts are refused (the PC simulator's page too). */
export const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export class ConsoleEmulator extends HttpEmulator {
  readonly name = 'console' as const;
  protected readonly audience = 'local-tools' as const;
  private readonly api: ConsoleApi;

  constructor(private readonly options: ConsoleOptions) {
    super(options);
    this.api = new ConsoleApi(options, () => options.strictIndexes);
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    return this.route(req, res);
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://console');
    } catch {
      return sendJson(res, 400, { error: { code: 'INVALID_ARGUMENT', message: 'malformed URL' } });
    }

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return this.serveApi(method, url, req, res);
    if (url.pathname === '/storage/object' && (method === 'GET' || method === 'HEAD')) return this.serveStoredObject(url, res, method === 'HEAD');

    const file = STATIC_FILES[url.pathname];
    if (file && (method === 'GET' || method === 'HEAD')) {
      const content = await fs.readFile(path.join(PAGE_DIR, file.file));
      res.writeHead(200, { 'content-type': file.type, 'content-length': content.length, ...SECURITY_HEADERS });
      res.end(method === 'HEAD' ? undefined : content);
      return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no console page ${url.pathname}` } });
  }

  /**
   * GET /storage/object?key=<cloud path>: a stored file for the 云存储 page's preview and download. Raster
   * images are shown inline; anything else (HTML, SVG, scripts someone uploaded) only downloads, never as a
   * page of this origin, and no other site may embed it.
   */
  private serveStoredObject(url: URL, res: http.ServerResponse, headOnly: boolean): void {
    const storage = this.options.storage;
    const key = url.searchParams.get('key') ?? '';
    const object = storage?.store.get(key);
    if (!storage || !object) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `文件不存在 / no such file: ${key}` } });
    const inline = isPreviewableImage(object.contentType);
    const name = key.split('/').pop() ?? 'file';
    res.writeHead(200, {
      'content-type': inline ? object.contentType : 'application/octet-stream',
      'content-length': object.size,
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (headOnly) return void res.end();
    storage.readStream(object).on('error', () => res.destroy()).pipe(res);
  }

  private async serveApi(method: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const refusal = jsonContentTypeRefusal(req.headers['content-type']);
      if (refusal) {
        req.resume();
        return sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
      }
      try {
        const raw = await readBody(req, MAX_BODY);
        body = raw.length ? parseJsonWithinDepth(raw) : undefined;
      } catch (err) {
        if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `请求体过大 / ${err.message}` } });
        if (err instanceof JsonTooDeepError) return sendJson(res, 400, { error: { code: 'JSON_TOO_DEEP', message: `JSON 嵌套过深 / ${err.message}` } });
        return sendJson(res, 400, { error: { code: 'INVALID_JSON', message: `请求体不是合法的 JSON / body is not valid JSON: ${(err as Error).message}` } });
      }
    }
    const answer = await this.api.handle({ method, path: url.pathname.slice('/api'.length), query: url.searchParams, body });
    sendJson(res, answer.status, answer.body, { 'cache-control': 'no-store' });
  }
}
