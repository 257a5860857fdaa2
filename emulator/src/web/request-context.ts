/** What every web route handler gets: the parsed request, the caller's identity, a JSON body reader. */
import type http from 'node:http';
import { readBody } from '../http-util';
import { decodeJsonObject, decodeJsonValue } from '../protocol';
import type { ClientAuth } from '../types';
import { clientAuthOf, type ClientAuthStore, type WebUser } from './client-auth-store';
import { tokenExpired, unauthenticated } from './errors';

/** CloudBase's event payload limit also bounds client request bodies. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

export class RequestContext {
  readonly requestId: string;
  readonly now = Date.now();

  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly url: URL,
    private readonly auth: ClientAuthStore,
  ) {
    this.requestId = String(req.headers['x-request-id'] ?? '') || `web-${this.now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  }

  bearerToken(): string | undefined {
    const header = String(this.req.headers.authorization ?? '');
    const match = /^Bearer\s+(.+)$/i.exec(header);
    return match ? match[1].trim() : undefined;
  }

  /** The signed-in web user; a missing/unknown token is INVALID_ACCESS_TOKEN, an old one ACCESS_TOKEN_EXPIRED. */
  requireUser(token = this.bearerToken()): WebUser {
    if (!token) throw unauthenticated('Authorization: Bearer <access_token> is required');
    const check = this.auth.checkAccessToken(token);
    if (check.ok) return check.user;
    throw check.reason === 'expired' ? tokenExpired() : unauthenticated();
  }

  requireClientAuth(token = this.bearerToken()): ClientAuth {
    return clientAuthOf(this.requireUser(token));
  }

  /** JSON object body; an empty body is `{}` (the SDK posts nothing for callFunction without data). */
  async jsonBody(): Promise<Record<string, unknown>> {
    const raw = await readBody(this.req, MAX_BODY_BYTES);
    if (raw.length === 0) return {};
    return decodeJsonObject(raw);
  }

  /** Any JSON value (callFunction's data may be an array or a scalar). */
  async jsonValue(): Promise<unknown> {
    const raw = await readBody(this.req, MAX_BODY_BYTES);
    if (raw.length === 0) return {};
    return decodeJsonValue(raw);
  }

  clientIp(): string {
    return this.req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  }
}
