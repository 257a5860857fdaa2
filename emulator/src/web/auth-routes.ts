/**
 * The auth endpoints @cloudbase/js-sdk 3.7.0 (oauth package, OAuth2Client) calls under /auth:
 *   POST /auth/v1/signin/anonymously?client_id=<env>   body {}  → credentials
 *   POST /auth/v1/token  { grant_type: 'refresh_token', refresh_token, client_id }  → credentials
 *   GET  /auth/v1/user/me  (Authorization: Bearer)     → user info
 *   POST /auth/v1/user/signout                         → {}
 * The oauth client treats any body with `error` (or `code`) as a failure, whatever the status, and an
 * `unauthenticated` error on a credentialed call signs the browser out, as it should.
 */
import { sendJson } from '../http-util';
import type { ClientAuthStore } from './client-auth-store';
import type { RequestContext } from './request-context';

function oauthError(ctx: RequestContext, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description, request_id: ctx.requestId });
}

export async function handleAuth(ctx: RequestContext, store: ClientAuthStore): Promise<void> {
  const p = ctx.url.pathname;
  const method = ctx.req.method ?? 'GET';

  if (method === 'POST' && p === '/auth/v1/signin/anonymously') {
    await ctx.jsonBody();
    return sendJson(ctx.res, 200, store.signInAnonymously());
  }

  if (method === 'POST' && p === '/auth/v1/token') {
    const body = await ctx.jsonBody();
    if (body.grant_type !== 'refresh_token') {
      return oauthError(ctx, 400, 'unsupported_grant_type', `grant_type ${String(body.grant_type)} is not supported by the emulator`);
    }
    const tokens = typeof body.refresh_token === 'string' ? store.refresh(body.refresh_token) : null;
    if (!tokens) return oauthError(ctx, 400, 'invalid_grant', 'refresh token is invalid or already used');
    return sendJson(ctx.res, 200, tokens);
  }

  if (method === 'GET' && p === '/auth/v1/user/me') {
    const token = ctx.bearerToken();
    const check = token ? store.checkAccessToken(token) : undefined;
    if (!check?.ok) return oauthError(ctx, 401, 'unauthenticated', check ? `access token ${check.reason}` : 'missing access token');
    const user = check.user;
    // name 'anonymous' is how the SDK's getSession() derives user.is_anonymous.
    return sendJson(ctx.res, 200, {
      sub: user.uid,
      uid: user.uid,
      name: 'anonymous',
      groups: [{ id: 'anonymous' }],
      loginType: user.loginType,
      status: 'ACTIVE',
      providers: [],
      created_at: user.createdAt,
      updated_at: user.createdAt,
    });
  }

  if (method === 'POST' && p === '/auth/v1/user/signout') {
    await ctx.jsonBody();
    return sendJson(ctx.res, 200, {});
  }

  oauthError(ctx, 404, 'not_found', `${method} ${p} is not served by the emulator (anonymous sign-in only)`);
}
