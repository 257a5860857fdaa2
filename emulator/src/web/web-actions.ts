/**
 * POST /web?env=<env>: the CLOUD_API endpoint, JSON body { action, dataVersion, env, access_token, … }.
 * In js-sdk 3.7.0 (GATEWAY mode) only the realtime client still uses it: `auth.wsWebSign` before opening
 * the watch WebSocket; a js-sdk set to endPointMode CLOUD_API sends its storage.* actions here too
 * (storage-routes.ts answers them). The SDK's request.send() needs HTTP 200 and turns a body `code` into an error.
 * signStr is the caller's access token itself: the realtime server resolves the LOGIN message's signStr
 * with the same ClientAuthenticator.verifyAccessToken() the REST routes use.
 */
import { sendJson } from '../http-util';
import { toErrorBody } from '../protocol';
import type { StorageService } from '../storage';
import type { ClientAuthStore } from './client-auth-store';
import type { RequestContext } from './request-context';
import { storageWebAction } from './storage-routes';

export interface WebActionDeps {
  envId: string;
  auth: ClientAuthStore;
  realtimeUrl: () => string;
  storage?: StorageService;
}

export async function handleWebAction(ctx: RequestContext, deps: WebActionDeps): Promise<void> {
  const body = await ctx.jsonBody();
  const action = String(body.action ?? '');
  const fail = (code: string, message: string) => sendJson(ctx.res, 200, { code, message, requestId: ctx.requestId });

  if (action === 'auth.wsWebSign') {
    const token = typeof body.access_token === 'string' ? body.access_token : ctx.bearerToken();
    const check = token ? deps.auth.checkAccessToken(token) : undefined;
    if (!token || !check?.ok) return fail(check?.ok === false && check.reason === 'expired' ? 'ACCESS_TOKEN_EXPIRED' : 'INVALID_ACCESS_TOKEN', 'sign in before watching');
    return sendJson(ctx.res, 200, {
      requestId: ctx.requestId,
      data: { signStr: token, wsUrl: deps.realtimeUrl(), secretVersion: 1, envId: deps.envId },
    });
  }
  if (deps.storage && action.startsWith('storage.')) {
    try {
      const stored = await storageWebAction(ctx, deps.storage, action, body);
      if (stored) return sendJson(ctx.res, 200, { requestId: ctx.requestId, ...stored });
    } catch (err) {
      // This endpoint answers failures with 200 and a body code (request.send() throws on it).
      const { code, message } = toErrorBody(err, ctx.requestId);
      return fail(code, message);
    }
  }
  fail('INVALID_ACTION', `action ${action || '(none)'} is not served by the emulator's /web endpoint`);
}
