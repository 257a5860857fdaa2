/**
 * The server SDK endpoint: what wx-server-sdk / @cloudbase/node-sdk reach at TCB_CONTEXT_CNFG.URL
 * (`POST /admin?env=<env>&seqId=<id>`). Every answer is HTTP 200 with `{ requestId, … }` or
 * `{ code, message, requestId }`, except wx.openApi successes (protobuf bytes). Nothing a client sends
 * may crash the process: every request is handled inside a catch-all.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { BodyTooLargeError, listenOn, sendJson } from '../http-util';
import type { DatabaseEngine, EmulatorInfo, EmulatorService, FunctionsRuntime, InvocationRecord, SubscribeMessageRecord } from '../types';
import { secretIdFromHeaders } from './auth';
import { type ActionContext, RawResponse } from './context';
import { dispatch } from './dispatch';
import { ApiError, ApiErrorCode, isExpectedError, toErrorBody } from '../protocol';
import { readParams } from './request-body';

export interface AdminEmulatorOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  envId: string;
  database: DatabaseEngine;
  functions?: FunctionsRuntime;
  /** Largest accepted request body (default 5 MB); larger bodies are discarded and answered EXCEED_REQUEST_SIZE_LIMIT. */
  maxBodyBytes?: number;
  /** Subscribe messages kept in memory (default 1000, oldest dropped first). */
  maxSubscribeMessages?: number;
  /** Where unexpected (emulator-bug) errors are reported; default console.error. */
  logError?: (message: string, err: unknown) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const ADMIN_PATH = '/admin';

export class AdminEmulator implements EmulatorService {
  readonly name = 'admin' as const;
  private server?: http.Server;
  private actualPort = 0;
  private readonly messages: SubscribeMessageRecord[] = [];
  private readonly listeners = new Set<(record: SubscribeMessageRecord) => void>();
  private messageSeq = 0;

  constructor(private readonly options: AdminEmulatorOptions) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => this.lastResort(res, err));
    });
    // Malformed HTTP (bad request line, header overflow): answer 400 and drop the socket, never throw.
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.actualPort = await listenOn(server, this.options.port, this.options.host);
    server.on('error', (err) => this.reportError('admin server error', err));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  getInfo(): EmulatorInfo {
    const url = `http://${this.options.host}:${this.actualPort}${ADMIN_PATH}`;
    return { name: 'admin', host: this.options.host, port: this.actualPort, url };
  }

  /** Subscribe messages sent through cloud.openapi.subscribeMessage.send, oldest first (bounded). */
  subscribeMessages(): SubscribeMessageRecord[] {
    return this.messages.map((m) => ({ ...m }));
  }

  /** Called for every recorded send (successful or rejected); returns an unsubscribe function. */
  onSubscribeMessage(listener: (record: SubscribeMessageRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clearSubscribeMessages(): void {
    this.messages.length = 0;
  }

  private recordSubscribeMessage(input: Omit<SubscribeMessageRecord, 'id' | 'at'>): SubscribeMessageRecord {
    const record: SubscribeMessageRecord = { id: `msg-${++this.messageSeq}`, at: new Date().toISOString(), ...input };
    this.messages.push(record);
    const max = this.options.maxSubscribeMessages ?? 1000;
    if (this.messages.length > max) this.messages.splice(0, this.messages.length - max);
    for (const listener of this.listeners) {
      try {
        listener({ ...record });
      } catch (err) {
        this.reportError('subscribe message listener failed', err);
      }
    }
    return record;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://admin');
    if (url.pathname !== ADMIN_PATH && url.pathname !== `${ADMIN_PATH}/`) {
      req.resume();
      return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}; the server SDK endpoint is POST ${ADMIN_PATH}`, requestId });
    }
    if (req.method !== 'POST') {
      req.resume();
      return sendJson(res, 405, { code: ApiErrorCode.INVALID_ACTION, message: `${req.method} is not supported; use POST ${ADMIN_PATH}`, requestId }, { allow: 'POST' });
    }

    const maxBytes = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const declared = Number(req.headers['content-length']);
    try {
      if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(`request body of ${declared} bytes exceeds the ${maxBytes} byte limit`);
      const params = await readParams(req, maxBytes);
      const action = params.action;
      if (typeof action !== 'string' || action === '') throw new ApiError(ApiErrorCode.INVALID_ACTION, 'Invalid action: the request has no action');
      const secretId = secretIdFromHeaders(req.headers);
      const ctx: ActionContext = {
        action,
        params,
        requestId,
        envId: this.options.envId,
        database: this.options.database,
        functions: this.options.functions,
        secretId,
        invocation: this.findInvocation(secretId),
        now: Date.now(),
        recordSubscribeMessage: (record) => this.recordSubscribeMessage(record),
      };
      const result = await dispatch(ctx);
      if (result instanceof RawResponse) {
        res.writeHead(200, { 'content-type': result.contentType, 'content-length': result.body.length, 'x-request-id': requestId });
        res.end(result.body);
        return;
      }
      sendJson(res, 200, { requestId, ...result });
    } catch (err) {
      if (!isExpectedError(err)) this.reportError(`admin action failed unexpectedly (${requestId})`, err);
      if (err instanceof BodyTooLargeError) {
        // Keep draining what the client still sends (bounded memory), then close the connection.
        req.resume();
        return sendJson(res, 200, toErrorBody(err, requestId), { connection: 'close' });
      }
      sendJson(res, 200, toErrorBody(err, requestId));
    }
  }

  private findInvocation(secretId: string | undefined): InvocationRecord | undefined {
    if (!secretId || !this.options.functions) return undefined;
    try {
      return this.options.functions.invocationForSecretId(secretId);
    } catch (err) {
      this.reportError('invocationForSecretId failed', err);
      return undefined;
    }
  }

  private lastResort(res: http.ServerResponse, err: unknown): void {
    this.reportError('admin request handling failed', err);
    try {
      if (!res.headersSent) sendJson(res, 200, toErrorBody(err, randomUUID()));
      else res.destroy();
    } catch {
      res.destroy();
    }
  }

  private reportError(message: string, err: unknown): void {
    try {
      (this.options.logError ?? ((m, e) => console.error(`[admin] ${m}:`, e)))(message, err);
    } catch {
      // never let logging take the server down
    }
  }
}
