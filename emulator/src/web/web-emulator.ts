/**
 * The endpoint @cloudbase/js-sdk talks to after `app.registerHost('127.0.0.1:<port>', 'http')`, which
 * points both of the SDK's endpoints here: CLOUD_API at /web and GATEWAY at /v1 (the oauth client derives
 * /auth from the gateway's origin). Served: anonymous sign-in and tokens (/auth), callFunction
 * (/v1/functions), the document REST API with security rules (/v1/database), cloud storage with its
 * storage rules (/v1/storages), and /web actions.
 * CORS is open (the page is served from another origin). A web caller is identified only by its token.
 * Pages are its clients, so only the Host header is checked at the door (DNS rebinding); JSON nested
 * deeper than MAX_JSON_DEPTH is refused with 400, in bodies and in query-string parameters.
 */
import type http from 'node:http';
import { DEFAULT_REALTIME_URL } from '../constants';
import type { Refusal } from '../door-policy';
import { HttpEmulator, type HttpEmulatorOptions } from '../http-emulator';
import { sendJson } from '../http-util';
import { findTooDeepJsonString, JsonTooDeepError, MAX_JSON_DEPTH } from '../json-depth';
import type { StorageService } from '../storage';
import type { DatabaseEngine, FunctionsRuntime, SecurityRulesEngine } from '../types';
import { handleAuth } from './auth-routes';
import { ClientAuthStore } from './client-auth-store';
import { handleDatabase, DATABASE_PREFIX } from './database-routes';
import { notFound, sendError, WebError } from './errors';
import { handleCallFunction } from './function-routes';
import { RequestContext } from './request-context';
import { handleStorage, STORAGE_PREFIX } from './storage-routes';
import { handleWebAction } from './web-actions';

export interface WebEmulatorOptions extends HttpEmulatorOptions {
  envId: string;
  database: DatabaseEngine;
  functions: FunctionsRuntime;
  rules: SecurityRulesEngine;
  /** Cloud storage (/v1/storages and the storage.* /web actions); absent: those routes answer NOT_FOUND. */
  storage?: StorageService;
  /** Folder where users and tokens persist across restarts (none: memory only). */
  dataDir?: string;
  /** expires_in of access tokens (CloudBase: 7200 s). */
  accessTokenTtlSeconds?: number;
  /** The watch WebSocket URL answered by auth.wsWebSign (default ws://127.0.0.1:4404/ws). */
  realtimeUrl?: () => string | undefined;
}

export class WebEmulator extends HttpEmulator {
  readonly name = 'web' as const;
  protected readonly audience = 'browsers' as const;
  /** Resolves web access tokens: the realtime server uses it for LOGIN. */
  readonly auth: ClientAuthStore;

  constructor(private readonly options: WebEmulatorOptions) {
    super(options);
    this.auth = new ClientAuthStore({ dataDir: options.dataDir, accessTokenTtlSeconds: options.accessTokenTtlSeconds });
  }

  protected override answerRefusal(res: http.ServerResponse, refusal: Refusal): void {
    sendJson(res, refusal.status, { code: refusal.code, message: refusal.message, requestId: `web-refused-${Date.now().toString(36)}` });
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setCorsHeaders(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const ctx = new RequestContext(req, res, new URL(req.url ?? '/', 'http://web'), this.auth);
    try {
      refuseDeepQueryParameters(ctx.url);
      await this.route(ctx);
    } catch (err) {
      if (!res.headersSent) sendError(res, err, ctx.requestId);
      else res.destroy();
    }
  }

  private route(ctx: RequestContext): Promise<void> {
    const p = ctx.url.pathname;
    if (p.startsWith('/auth/')) return handleAuth(ctx, this.auth);
    const fn = /^\/v1\/functions\/([^/]+)$/.exec(p);
    if (fn && ctx.req.method === 'POST') return handleCallFunction(ctx, this.options.functions, decodeURIComponent(fn[1]));
    if (p.startsWith(`${DATABASE_PREFIX}/`)) {
      return handleDatabase(ctx, { database: this.options.database, rules: this.options.rules }, p.slice(DATABASE_PREFIX.length));
    }
    if (p.startsWith(`${STORAGE_PREFIX}/`) && this.options.storage) return handleStorage(ctx, this.options.storage, p);
    if (p === '/web' && ctx.req.method === 'POST') {
      return handleWebAction(ctx, { envId: this.options.envId, auth: this.auth, realtimeUrl: () => this.options.realtimeUrl?.() ?? DEFAULT_REALTIME_URL, storage: this.options.storage });
    }
    throw notFound(`${ctx.req.method} ${p}`);
  }
}

/** The js-sdk sends a list's query, order and projection as JSON text in the query string. */
function refuseDeepQueryParameters(url: URL): void {
  const where = findTooDeepJsonString(Object.fromEntries(url.searchParams));
  if (where) throw new WebError(400, 'INVALID_PARAM', new JsonTooDeepError(MAX_JSON_DEPTH, `query parameter ${where}`).message);
}

function setCorsHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  // Echo the origin (not *) so credentialed XHRs, which the SDK's /web requests may be, are allowed too.
  const origin = req.headers.origin;
  res.setHeader('access-control-allow-origin', origin ?? '*');
  if (origin) {
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  }
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('access-control-allow-headers', String(req.headers['access-control-request-headers'] ?? 'authorization, content-type, x-request-id, x-sdk-version, x-device-id'));
  res.setHeader('access-control-expose-headers', 'x-request-id, x-invocation-id, x-tcb-trace');
  res.setHeader('access-control-max-age', '600');
}
