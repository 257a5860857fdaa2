/**
 * The local console: the stand-in for the CloudBase web console, like Firebase's emulator UI. One static
 * page (page/: HTML + CSS + vanilla JS, no external fetches) and the JSON API it uses under /api/.
 * It is a local developer tool bound to 127.0.0.1; it still refuses foreign Host headers (DNS rebinding)
 * and non-JSON writes (a cross-site form post cannot send application/json without a CORS preflight,
 * which this server never grants), so a web page open in the same browser cannot edit the data.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { BodyTooLargeError, closeServer, listenOn, readBody, sendJson } from '../http-util';
import type { EmulatorInfo, EmulatorService } from '../types';
import { ConsoleApi, type ConsoleDependencies } from './console-api';

export interface ConsoleOptions extends ConsoleDependencies {
  host: string;
  port: number;
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
/** Everything the page loads comes from this server; inline script and foreign hosts are refused. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export class ConsoleEmulator implements EmulatorService {
  readonly name = 'console' as const;
  private server?: http.Server;
  private actualPort = 0;
  private readonly api: ConsoleApi;

  constructor(private readonly options: ConsoleOptions) {
    this.api = new ConsoleApi(options, () => options.strictIndexes);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((err: Error) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: err.message } });
        else res.destroy();
      });
    });
    this.actualPort = await listenOn(this.server, this.options.port, this.options.host);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await closeServer(this.server);
    this.server = undefined;
  }

  getInfo(): EmulatorInfo {
    return { name: 'console', host: this.options.host, port: this.actualPort, url: `http://${this.options.host}:${this.actualPort}` };
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (!this.allowedHost(req.headers.host)) {
      return sendJson(res, 403, { error: { code: 'FORBIDDEN_HOST', message: `控制台只接受本机访问 / the console only answers local host names, not ${req.headers.host}` } });
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://console');
    } catch {
      return sendJson(res, 400, { error: { code: 'INVALID_ARGUMENT', message: 'malformed URL' } });
    }

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return this.serveApi(method, url, req, res);

    const file = STATIC_FILES[url.pathname];
    if (file && (method === 'GET' || method === 'HEAD')) {
      const content = await fs.readFile(path.join(PAGE_DIR, file.file));
      res.writeHead(200, { 'content-type': file.type, 'content-length': content.length, ...SECURITY_HEADERS });
      res.end(method === 'HEAD' ? undefined : content);
      return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no console page ${url.pathname}` } });
  }

  private async serveApi(method: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const type = String(req.headers['content-type'] ?? '');
      if (!/^application\/json\b/i.test(type)) {
        req.resume();
        return sendJson(res, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求体必须是 application/json / the body must be sent as application/json' } });
      }
      try {
        const raw = await readBody(req, MAX_BODY);
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch (err) {
        if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `请求体过大 / ${err.message}` } });
        return sendJson(res, 400, { error: { code: 'INVALID_JSON', message: `请求体不是合法的 JSON / body is not valid JSON: ${(err as Error).message}` } });
      }
    }
    const answer = await this.api.handle({ method, path: url.pathname.slice('/api'.length), query: url.searchParams, body });
    sendJson(res, answer.status, answer.body, { 'cache-control': 'no-store' });
  }

  private allowedHost(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const hostname = hostHeader.replace(/:\d+$/, '');
    return LOCAL_HOSTNAMES.has(hostname) || hostname === this.options.host;
  }
}
