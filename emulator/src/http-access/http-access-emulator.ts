/**
 * CloudBase HTTP access service: routes HTTP requests by path prefix to functions, passing the
 * integration-request event and turning the return value into the HTTP response.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { BodyTooLargeError, listenOn, readBody } from '../http-util';
import type { EmulatorInfo, EmulatorService, FunctionsRuntime, HttpRouteConfig } from '../types';
import { buildHttpEvent } from './http-event';
import { errorReply, replyFromResult, type HttpReply } from './http-response';
import { RouteTable } from './route-table';

/** CloudBase's request size limit for HTTP access. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface HttpAccessEmulatorOptions {
  host: string;
  /** 0 picks a free port; getInfo() reports the real one once started. */
  port: number;
  routes: HttpRouteConfig[];
  functions: FunctionsRuntime;
  /** requestContext.envId in events. */
  envId?: string;
  appId?: string | number;
  uin?: string | number;
}

export class HttpAccessEmulator implements EmulatorService {
  readonly name = 'http' as const;
  private readonly routes: RouteTable;
  private server: http.Server | undefined;
  private actualPort: number;

  constructor(private readonly options: HttpAccessEmulatorOptions) {
    this.routes = new RouteTable(options.routes);
    this.actualPort = options.port;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        send(res, errorReply(500, 'INTERNAL_ERROR', `HTTP access emulator error: ${err.message}`));
      });
    });
    this.actualPort = await listenOn(server, this.options.port, this.options.host);
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  getInfo(): EmulatorInfo {
    const { host } = this.options;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { name: 'http', host, port: this.actualPort, url: `http://${urlHost}:${this.actualPort}` };
  }

  routeList(): HttpRouteConfig[] {
    return this.routes.list();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID().replace(/-/g, '');
    res.setHeader('x-request-id', requestId);
    allowCrossOrigin(req, res);
    // The gateway answers CORS preflights itself; functions never see them.
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204).end();
      return;
    }

    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = this.routes.match(pathname);
    if (!route) {
      req.resume();
      send(res, errorReply(404, 'INVALID_PATH', `No HTTP access route matches ${pathname}`, { requestId }));
      return;
    }

    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY_BYTES) {
      tooLarge(req, res, requestId);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) tooLarge(req, res, requestId);
      else res.destroy();
      return;
    }

    const event = buildHttpEvent(req, body, {
      envId: this.options.envId ?? '',
      requestId,
      appId: this.options.appId ?? '',
      uin: this.options.uin ?? '',
    });
    const result = await this.options.functions.invoke({ functionName: route.functionName, event, source: 'http' });
    if (!result.ok) {
      // Callers get the error line, never the stack: that stays in the invocation log.
      send(
        res,
        errorReply(502, result.code, firstLine(result.message), {
          requestId,
          ...(result.invocationId ? { invocationId: result.invocationId } : {}),
        }),
      );
      return;
    }
    send(res, replyFromResult(result.result));
  }
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): void {
  // Keep reading (and dropping) the rest so the client sees the answer instead of a reset.
  req.resume();
  send(res, errorReply(413, 'EXCEED_MAX_PAYLOAD_SIZE', `Request body exceeds the ${MAX_BODY_BYTES / 1024 / 1024} MB limit`, { requestId }));
}

function allowCrossOrigin(req: http.IncomingMessage, res: http.ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS');
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('access-control-allow-headers', requested);
    res.setHeader('access-control-max-age', '86400');
  }
}

function send(res: http.ServerResponse, reply: HttpReply): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.setHeader('content-length', reply.body.length);
  res.statusCode = reply.status;
  res.end(reply.body);
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
