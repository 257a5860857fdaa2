/**
 * The base of every service that listens on a port (hub, admin, http access, web, console, realtime):
 * start/stop/getInfo in one place, as firebase-tools' emulators share theirs, plus the door every request
 * passes first (door-policy.ts) and a catch-all so nothing a client sends reaches the process as an
 * uncaught error. A subclass says what it serves (`handle`), how its errors look (`answerRefusal`,
 * `answerUnexpected`) and who its clients are (`audience`).
 */
import http from 'node:http';
import { hostRefusal, originRefusal, urlHostname, type Refusal } from './door-policy';
import { closeServer, listenOn, sendJson } from './http-util';
import { EmulatorLogger } from './logger';
import type { EmulatorInfo, EmulatorName, EmulatorService } from './types';

export interface HttpEmulatorOptions {
  host: string;
  /** 0 picks a free port; getInfo() reports the bound one once started. */
  port: number;
  /** This emulator's logger (the suite hands one to each service); default: info and up to the console. */
  logger?: EmulatorLogger;
}

/**
 * `local-tools`: only the SDKs, scripts and the emulator's own pages call it (hub, admin, console): Host
 * and Origin are checked. `browsers`: pages on other origins are its clients (web, realtime, and HTTP
 * access, which stands for a public endpoint): Host only, CORS as the service defines it.
 */
export type Audience = 'local-tools' | 'browsers';

export abstract class HttpEmulator implements EmulatorService {
  abstract readonly name: EmulatorName;
  protected abstract readonly audience: Audience;
  private server?: http.Server;
  private boundPort = 0;
  private logger?: EmulatorLogger;

  constructor(private readonly listenOptions: HttpEmulatorOptions) {}

  protected get log(): EmulatorLogger {
    return (this.logger ??= this.listenOptions.logger ?? new EmulatorLogger(this.name));
  }

  get host(): string {
    return this.listenOptions.host;
  }

  /** The bound port once started (0 before). */
  get port(): number {
    return this.boundPort;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => void this.receive(req, res));
    // Malformed HTTP (bad request line, header overflow): answer 400 and drop the socket, never throw.
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.attach(server);
    this.boundPort = await listenOn(server, this.listenOptions.port, this.listenOptions.host);
    server.on('error', (err) => this.log.error('server error', err));
    this.server = server;
    await this.started();
    this.log.debug(`listening on ${this.getInfo().url}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await this.stopping();
    await closeServer(server);
  }

  getInfo(): EmulatorInfo {
    const url = `${this.scheme}://${urlHostname(this.host)}:${this.boundPort}${this.basePath}`;
    return { name: this.name, host: this.host, port: this.boundPort, url };
  }

  /** URL scheme clients use (realtime: ws). */
  protected get scheme(): string {
    return 'http';
  }

  /** Path under which the service answers, part of its URL (admin: /admin). */
  protected get basePath(): string {
    return '';
  }

  /** Serves one request that passed the door. Throwing is fine: the base answers `answerUnexpected`. */
  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  /** Called with the server before it listens (realtime attaches its WebSocket server here). */
  protected attach(_server: http.Server): void {}

  /** After the port is bound. */
  protected async started(): Promise<void> {}

  /** Before the server closes its connections. */
  protected async stopping(): Promise<void> {}

  /** Why this request may not come in, or null. Used for plain requests and for WebSocket upgrades. */
  protected doorRefusal(req: http.IncomingMessage): Refusal | null {
    const host = hostRefusal(req.headers.host, this.boundPort, this.host);
    if (host) return host;
    if (this.audience === 'local-tools') return originRefusal(req.headers.origin, this.boundPort, this.host);
    return null;
  }

  /** The answer to a refused request, in this service's error shape (default `{ error: { code, message } }`). */
  protected answerRefusal(res: http.ServerResponse, refusal: Refusal): void {
    sendJson(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
  }

  /** The answer when `handle` throws (an emulator bug): a 500 without a stack. */
  protected answerUnexpected(res: http.ServerResponse, err: unknown): void {
    sendJson(res, 500, { error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } });
  }

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const refusal = this.doorRefusal(req);
    if (refusal) {
      req.resume();
      this.log.warn(`refused ${req.method} ${req.url}: ${refusal.code} (Host ${req.headers.host ?? '-'}, Origin ${req.headers.origin ?? '-'})`);
      this.answerRefusal(res, refusal);
      return;
    }
    try {
      await this.handle(req, res);
    } catch (err) {
      this.log.error(`${req.method} ${req.url} failed`, err);
      try {
        if (!res.headersSent) this.answerUnexpected(res, err);
        else res.destroy();
      } catch {
        res.destroy();
      }
    }
  }
}
