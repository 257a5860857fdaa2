/**
 * The storage service's own port (default 4408): the object traffic that on CloudBase goes to COS.
 *   PUT  /<bucket>/<key>   the upload to the URL getUploadMetadata named, with its authorization,
 *                          x-cos-security-token and x-cos-meta-fileid headers (node-sdk, wx-server-sdk,
 *                          js-sdk's default); 200 with an empty body and the ETag
 *   POST /<bucket>/[<key>] the form upload (js-sdk with method 'post'): fields key, signature,
 *                          x-cos-security-token, x-cos-meta-fileid, success_action_status, file; 201/204
 *   GET|HEAD /<bucket>/<key>?sign=…&t=…   a temporary URL: the content, its type, length and ETag
 * Failures are COS's: a status and an XML <Error> with Code, Message, Resource, RequestId and TraceId
 * (node-sdk parses exactly those). Pages are its clients (an <img> of a temporary URL, the js-sdk's
 * XHR upload from the page's origin): CORS is open and only the Host header is checked at the door.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { Readable } from 'node:stream';
import type { Refusal } from '../door-policy';
import { HttpEmulator, type HttpEmulatorOptions } from '../http-emulator';
import { BodyTooLargeError, readBody } from '../http-util';
import { boundaryOf, MultipartError, parseMultipart } from '../protocol/multipart';
import { cloudPathProblem } from './file-ids';
import { CosError, type StorageService } from './storage-service';

export interface StorageEmulatorOptions extends HttpEmulatorOptions {
  service: StorageService;
}

/** Extra room a form upload's fields and boundaries may take beyond the object itself. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export class StorageEmulator extends HttpEmulator {
  readonly name = 'storage' as const;
  protected readonly audience = 'browsers' as const;

  constructor(private readonly options: StorageEmulatorOptions) {
    super(options);
  }

  private get service(): StorageService {
    return this.options.service;
  }

  protected override answerRefusal(res: http.ServerResponse, refusal: Refusal): void {
    sendCosError(res, refusal.status, refusal.code, refusal.message, '/');
  }

  protected override answerUnexpected(res: http.ServerResponse, err: unknown): void {
    sendCosError(res, 500, 'InternalError', err instanceof Error ? err.message : String(err), '/');
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setCorsHeaders(req, res);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://storage');
    // The path as sent: URL parsing would resolve `..` segments, and a key containing one must be refused, not rewritten.
    const rawPath = (req.url ?? '/').split('?')[0];
    try {
      const [, bucket, rawKey] = /^\/([^/]*)\/?(.*)$/.exec(rawPath) ?? [];
      if (bucket !== this.service.bucket) throw new CosError(404, 'NoSuchBucket', `The specified bucket does not exist (this environment's bucket is ${this.service.bucket}).`);
      if (method === 'POST') return await this.formUpload(req, res, rawKey ? decodeKey(rawKey) : undefined);
      const key = decodeKey(rawKey);
      if (method === 'PUT') return await this.putUpload(req, res, key);
      if (method === 'GET' || method === 'HEAD') return this.download(res, key, url.searchParams, method === 'HEAD');
      throw new CosError(405, 'MethodNotAllowed', `The specified method ${method} is not allowed against this resource.`);
    } catch (err) {
      if (!(err instanceof CosError)) throw err;
      // The client may still be sending the body: read it to its end (the limit bounds what is kept: nothing).
      if (!req.complete) await drain(req, this.service.maxObjectBytes + FORM_OVERHEAD_BYTES);
      if (!res.headersSent) sendCosError(res, err.status, err.code, err.message, rawPath);
    }
  }

  private async putUpload(req: http.IncomingMessage, res: http.ServerResponse, key: string): Promise<void> {
    const declared = req.headers['content-length'];
    const object = await this.service.acceptUpload({
      key,
      token: header(req, 'x-cos-security-token'),
      authorization: header(req, 'authorization'),
      cosFileId: header(req, 'x-cos-meta-fileid'),
      contentLength: declared === undefined ? undefined : Number(declared),
      contentType: header(req, 'content-type'),
      body: req,
    });
    this.log.debug(`stored ${object.key} (${object.size} bytes, owner ${object.owner ?? 'server'})`);
    res.writeHead(200, { etag: object.etag, 'content-length': 0, 'x-cos-request-id': requestId() });
    res.end();
  }

  private async formUpload(req: http.IncomingMessage, res: http.ServerResponse, urlKey: string | undefined): Promise<void> {
    const boundary = boundaryOf(String(req.headers['content-type'] ?? ''));
    if (!boundary) throw new CosError(400, 'InvalidArgument', 'a POST upload is a multipart/form-data form');
    let fields: Map<string, { data: Buffer; file: boolean }>;
    try {
      const body = await readBody(req, this.service.maxObjectBytes + FORM_OVERHEAD_BYTES);
      fields = new Map(parseMultipart(body, boundary).map((part) => [part.name, { data: part.data, file: part.filename !== undefined }]));
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new CosError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${this.service.maxObjectBytes} bytes)`);
      if (err instanceof MultipartError) throw new CosError(400, 'MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${err.message}`);
      throw err;
    }
    const text = (name: string) => fields.get(name)?.data.toString('utf8');
    const key = text('key') ?? urlKey;
    const file = fields.get('file');
    if (!key || cloudPathProblem(key)) throw new CosError(400, 'InvalidArgument', `the form's key is missing or not a valid cloud path`);
    if (!file) throw new CosError(400, 'InvalidArgument', 'the form has no file field');
    const object = await this.service.acceptUpload({
      key,
      token: text('x-cos-security-token'),
      authorization: text('signature') ?? text('Signature') ?? header(req, 'authorization'),
      cosFileId: text('x-cos-meta-fileid'),
      contentLength: file.data.length,
      contentType: text('Content-Type'),
      body: Readable.from([file.data]),
    });
    this.log.debug(`stored ${object.key} (${object.size} bytes, owner ${object.owner ?? 'server'}) from a form`);
    const status = text('success_action_status') === '201' ? 201 : 204;
    if (status === 204) {
      res.writeHead(204, { etag: object.etag, 'x-cos-request-id': requestId() }).end();
      return;
    }
    const location = this.service.objectUrl(object.key, true);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(this.service.bucket)}</Bucket><Key>${escapeXml(object.key)}</Key><ETag>${escapeXml(object.etag)}</ETag></PostResponse>`;
    res.writeHead(201, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), etag: object.etag, 'x-cos-request-id': requestId() });
    res.end(xml);
  }

  private download(res: http.ServerResponse, key: string, query: URLSearchParams, headOnly: boolean): void {
    const object = this.service.openDownload(key, query);
    res.writeHead(200, {
      'content-type': object.contentType,
      'content-length': object.size,
      etag: object.etag,
      'last-modified': new Date(object.uploadedAt).toUTCString(),
      'cache-control': 'private, max-age=0',
      // Uploaded content is someone's data, not this origin's page: never sniffed, never run as one.
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'x-cos-request-id': requestId(),
    });
    if (headOnly) {
      res.end();
      return;
    }
    this.service.readStream(object).on('error', () => res.destroy()).pipe(res);
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The key a URL path names; a malformed escape or a key no upload could create is COS's InvalidURI. */
function decodeKey(raw: string | undefined): string {
  let key: string;
  try {
    key = decodeURIComponent(raw ?? '');
  } catch {
    throw new CosError(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
  const problem = cloudPathProblem(key);
  if (problem) throw new CosError(400, 'InvalidURI', `Couldn't parse the specified URI: ${problem}`);
  return key;
}

function requestId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function sendCosError(res: http.ServerResponse, status: number, code: string, message: string, resource: string): void {
  const id = requestId();
  const xml =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n  <Code>${escapeXml(code)}</Code>\n  <Message>${escapeXml(message)}</Message>\n` +
    `  <Resource>${escapeXml(resource)}</Resource>\n  <RequestId>${id}</RequestId>\n  <TraceId>${id}</TraceId>\n</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), 'x-cos-request-id': id });
  res.end(xml);
}

/** Reads and drops what is left of a request body, up to `limit` bytes; past that the connection is cut. */
function drain(req: http.IncomingMessage, limit: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => resolve();
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) {
        req.socket.destroy();
        done();
      }
    });
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

function setCorsHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  if (req.headers.origin) res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-methods', 'GET, HEAD, PUT, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? 'authorization, content-type, x-cos-security-token, x-cos-meta-fileid'));
  res.setHeader('access-control-expose-headers', 'etag, content-length, x-cos-request-id');
  res.setHeader('access-control-max-age', '600');
}
