/**
 * The PC-side simulator: one HTTP server on 127.0.0.1 standing in for the vendor's customer-service
 * system and its existing system, speaking the signed PC-system protocol (@partner-desk/pc-protocol):
 *
 *   POST /webhook            our outbox delivers here (PD_PC_WEBHOOK_URL): verified, deduped, applied
 *   GET  /customers          the existing system's API the sync reads (PD_EXISTING_SYSTEM_URL): signed
 *   /                        the page: 客户咨询 · 总部工作台 · 现有系统数据 · 事件日志
 *   /api/*                   the page's JSON API (page-api.ts), /api/stream its live updates (SSE)
 *
 * and sending to our gateway (`<HTTP access>/pc/events`) through outgoing.ts. The door is the emulator
 * console's (door-policy.ts): Host must be this machine and port (DNS rebinding), a foreign Origin is
 * refused (a page elsewhere in the browser cannot drive it), writes to /api must be application/json.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { customerPageQuerySchema, parseWith } from '@partner-desk/pc-protocol';
import { refusalBody, verifyRequest } from '@partner-desk/pc-protocol/signing';
import { SECURITY_HEADERS } from '../../emulator/src/console/console-emulator';
import { hostRefusal, jsonContentTypeRefusal, originRefusal, urlHostname } from '../../emulator/src/door-policy';
import { BodyTooLargeError, closeServer, listenOn, readBody, sendJson } from '../../emulator/src/http-util';
import { JsonTooDeepError, parseJsonWithinDepth } from '../../emulator/src/json-depth';
import { pageOfCustomers } from './customers';
import { SimulatorError } from './errors';
import { OutgoingQueue, type RetryPolicy } from './outgoing';
import { handlePageApi, type PageApiDeps } from './page-api';
import type { SeedData } from './seed-from-emulator';
import { StateStore } from './state';
import { receiveWebhook, recordOutage } from './webhook';

export const DEFAULT_PC_SIMULATOR_PORT = 4407;
/** The state file's name in a data folder (`npm start`: .emulator-data/pc-simulator.json). */
export const PC_SIMULATOR_STATE_FILE = 'pc-simulator.json';
const MAX_BODY = 1024 * 1024;
const PAGE_DIR = path.join(__dirname, '..', 'page');
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/simulator.css': { file: 'simulator.css', type: 'text/css; charset=utf-8' },
  '/simulator.js': { file: 'simulator.js', type: 'text/javascript; charset=utf-8' },
};
export interface PcSimulatorOptions {
  /** The shared secret (PD_PC_SECRET), both directions. */
  secret: string;
  /** Our gateway, `<HTTP access>/pc/events`; null until known (setGateway). */
  gatewayUrl?: string | null;
  host?: string;
  /** Default 4407; 0 picks a free port. */
  port?: number;
  /** Where the state is kept between runs (JSON); none: memory only. */
  dataFile?: string | null;
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  log?: (line: string) => void;
}

export class PcSimulator {
  readonly store: StateStore;
  readonly outgoing: OutgoingQueue;
  private server?: http.Server;
  private boundPort = 0;
  private readonly host: string;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly streams = new Set<http.ServerResponse>();
  private version = 0;
  private broadcastTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: PcSimulatorOptions) {
    if (!options.secret) throw new Error('PC 模拟器需要共享密钥 / the PC simulator needs the shared secret (--secret or PD_PC_SECRET)');
    this.host = options.host ?? '127.0.0.1';
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => console.log(`[pc-simulator] ${line}`));
    this.store = StateStore.open(options.dataFile ?? null);
    this.outgoing = new OutgoingQueue({ store: this.store, secret: options.secret, gatewayUrl: options.gatewayUrl ?? null, policy: options.retry, now: this.now });
    this.store.onChange(() => this.scheduleBroadcast());
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${urlHostname(this.host)}:${this.boundPort}`;
  }

  get webhookUrl(): string {
    return `${this.url}/webhook`;
  }

  /** PD_EXISTING_SYSTEM_URL: the sync appends /customers. */
  get existingSystemUrl(): string {
    return this.url;
  }

  /** True when the existing system has no data set yet (a first start). */
  get needsSeed(): boolean {
    return this.store.state.customers.length === 0;
  }

  seed(data: SeedData, source: string): void {
    Object.assign(this.store.state, { providers: data.providers, customers: data.customers, seededFrom: source });
    this.store.changed();
    this.log(`现有系统数据已载入 / existing-system data loaded: ${data.customers.length} customers of ${data.providers.length} providers from ${source}`);
  }

  setGateway(url: string | null): void {
    this.outgoing.setGateway(url);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => void this.receive(req, res));
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.boundPort = await listenOn(server, this.options.port ?? DEFAULT_PC_SIMULATOR_PORT, this.host);
    this.server = server;
    this.heartbeat = setInterval(() => this.streams.forEach((s) => s.write(': ping\n\n')), 20_000);
    this.outgoing.pump();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.outgoing.stop();
    clearInterval(this.heartbeat);
    clearTimeout(this.broadcastTimer);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await closeServer(server);
    this.store.flush();
  }

  // ------------------------------------------------------------------ HTTP

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const refusal = hostRefusal(req.headers.host, this.boundPort, this.host) ?? originRefusal(req.headers.origin, this.boundPort, this.host);
      if (refusal) {
        req.resume();
        return sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
      }
      await this.route(req, res);
    } catch (err) {
      if (err instanceof SimulatorError) return sendJson(res, err.status, err.toBody());
      this.log(`内部错误 / unexpected error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'PC 模拟器内部错误 / internal error of the simulator' } });
      else res.destroy();
    }
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://pc-simulator');
    if (url.pathname === '/webhook') {
      if (method !== 'POST') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST /webhook' } }, { allow: 'POST' });
      return this.serveWebhook(req, res);
    }
    if (url.pathname === '/customers') {
      if (method !== 'GET') return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET /customers' } }, { allow: 'GET' });
      return this.serveCustomers(req, res, url);
    }
    if (url.pathname === '/api/stream' && method === 'GET') return this.openStream(res);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return this.serveApi(req, res, method, url);
    const file = STATIC_FILES[url.pathname];
    if (file && (method === 'GET' || method === 'HEAD')) {
      const content = await fs.readFile(path.join(PAGE_DIR, file.file));
      res.writeHead(200, { 'content-type': file.type, 'content-length': content.length, ...SECURITY_HEADERS });
      res.end(method === 'HEAD' ? undefined : content);
      return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `没有这个页面 / no page ${url.pathname}` } });
  }

  private async readBodyOrRefuse(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer | null> {
    try {
      return await readBody(req, MAX_BODY);
    } catch (err) {
      if (err instanceof BodyTooLargeError) sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `请求体超过 ${MAX_BODY} 字节 / ${err.message}` } });
      else res.destroy();
      return null;
    }
  }

  private async serveWebhook(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const mode = this.store.state.webhook.mode;
    if (mode === 'close') {
      // Like a server that went away mid-request: the sender sees the connection reset, no answer.
      recordOutage(this.store, req.headers, '', this.now(), 0);
      req.socket.destroy();
      return;
    }
    const raw = await this.readBodyOrRefuse(req, res);
    if (!raw) return;
    if (mode === 'error500') {
      recordOutage(this.store, req.headers, raw.toString('utf8'), this.now(), 500);
      return sendJson(res, 500, { error: { code: 'SIMULATED_OUTAGE', message: '模拟故障：服务暂不可用 / simulated outage' } });
    }
    const answer = receiveWebhook(this.store, this.options.secret, req.headers, raw, this.now());
    sendJson(res, answer.status, answer.body);
  }

  /** `GET /customers`: the request must be signed (empty body), as the contract's sync signs it. */
  private async serveCustomers(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    req.resume();
    const verified = verifyRequest(this.options.secret, req.headers, '', this.now());
    if (!verified.ok) return sendJson(res, verified.status, refusalBody(verified));
    const query = parseWith(customerPageQuerySchema, Object.fromEntries(url.searchParams));
    if (!query.ok) {
      return sendJson(res, 400, { error: { code: 'INVALID_QUERY', message: `查询参数有误 / bad query: ${query.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues: query.issues } });
    }
    sendJson(res, 200, pageOfCustomers(this.store.state.customers, query.value));
  }

  private async serveApi(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const refusal = jsonContentTypeRefusal(req.headers['content-type']);
      if (refusal) {
        req.resume();
        return sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
      }
      const raw = await this.readBodyOrRefuse(req, res);
      if (!raw) return;
      try {
        body = raw.length ? parseJsonWithinDepth(raw) : undefined;
      } catch (err) {
        const code = err instanceof JsonTooDeepError ? 'JSON_TOO_DEEP' : 'INVALID_JSON';
        return sendJson(res, 400, { error: { code, message: `请求体不是合法的 JSON / ${(err as Error).message}` } });
      }
    }
    let parts: string[];
    try {
      parts = url.pathname.slice('/api/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return sendJson(res, 400, { error: { code: 'INVALID_ARGUMENT', message: '路径编码错误 / malformed path' } });
    }
    const answer = await handlePageApi(this.apiDeps, { method, parts, query: url.searchParams, body });
    sendJson(res, 200, answer, { 'cache-control': 'no-store' });
  }

  private get apiDeps(): PageApiDeps {
    return {
      store: this.store,
      outgoing: this.outgoing,
      now: this.now,
      addresses: () => ({ webhookUrl: this.webhookUrl, existingSystemUrl: this.existingSystemUrl, gatewayUrl: this.outgoing.gateway }),
    };
  }

  // ------------------------------------------------------------------ live updates (SSE)

  private openStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write(`retry: 1000\ndata: ${JSON.stringify({ version: this.version })}\n\n`);
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  /** Many changes in a burst (a sync page, 1,000 deliveries) are one message to the page. */
  private scheduleBroadcast(): void {
    this.version++;
    if (this.broadcastTimer || this.streams.size === 0) return;
    this.broadcastTimer = setTimeout(() => {
      this.broadcastTimer = undefined;
      const message = `data: ${JSON.stringify({ version: this.version })}\n\n`;
      for (const stream of this.streams) stream.write(message);
    }, 100);
  }
}

/** Creates and starts a simulator. */
export async function startPcSimulator(options: PcSimulatorOptions): Promise<PcSimulator> {
  const simulator = new PcSimulator(options);
  await simulator.start();
  return simulator;
}
