/**
 * CloudBase HTTP access service: routes HTTP requests by path prefix to functions, passing the
 * integration-request event and turning the return value into the HTTP response.
 *
 * Its door checks the Host header only. In the cloud an HTTP access path is a public endpoint: the PC
 * system calls it server to server, browsers may call it with CORS, and any content type arrives. Refusing
 * Origin or non-JSON bodies here would make local runs stricter than the cloud and hide that the function
 * itself must authenticate its callers (a signature, a token). A foreign Host, though, only happens when
 * a web page reaches this machine through DNS rebinding, which the cloud's gateway never sees: refused.
 * A body declared as JSON and nested deeper than MAX_JSON_DEPTH is refused with 400 before the event is
 * built, so a function parsing it never meets such a tree.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Refusal } from '../door-policy';
import { HttpEmulator, type HttpEmulatorOptions } from '../http-emulator';
import { BodyTooLargeError, readBody } from '../http-util';
import { exceedsJsonDepth, JsonTooDeepError, MAX_JSON_DEPTH } from '../json-depth';
import type { FunctionsRuntime, HttpRouteConfig } from '../types';
import { buildHttpEvent } from './http-event';
import { errorReply, replyFromResult, type HttpReply } from './http-response';
import { RouteTable } from './route-table';

/** CloudBase's request size limit for HTTP access. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface HttpAccessEmulatorOptions extends HttpEmulatorOptions {
  routes: HttpRouteConfig[];
  functions: FunctionsRuntime;
  /** requestContext.envId in events. */
  envId?: string;
  appId?: string | number;
  uin?: string | number;
}

export class HttpAccessEmulator extends HttpEmulator {
  readonly name = 'http' as const;
  protected readonly audience = 'browsers' as const;
  private readonly routes: RouteTable;

  constructor(private readonly options: HttpAccessEmulatorOptions) {
    super(options);
    this.routes = new RouteTable(options.routes);
  }

  protected override answerRefusal(res: http.ServerResponse, refusal: Refusal): void {
    send(res, errorReply(refusal.status, refusal.code, refusal.message));
  }

  protected override answerUnexpected(res: http.ServerResponse, err: unknown): void {
    send(res, errorReply(500, 'INTERNAL_ERROR', `HTTP access emulator error: ${err instanceof Error ? err.message : String(err)}`));
  }

  routeList(): HttpRouteConfig[] {
    return this.routes.list();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
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
    if (isJsonContentType(req.headers['content-type']) && exceedsJsonDepth(body)) {
      send(res, errorReply(400, 'JSON_TOO_DEEP', new JsonTooDeepError(MAX_JSON_DEPTH, 'request body').message, { requestId }));
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

/** application/json and the +json types (application/problem+json …). */
function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(String(contentType ?? '').trim());
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
