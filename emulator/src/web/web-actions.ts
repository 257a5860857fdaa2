/**
 * POST /web?env=<env>: the CLOUD_API endpoint, JSON body { action, dataVersion, env, access_token, … }.
 * In js-sdk 3.7.0 (GATEWAY mode) only the realtime client still uses it: `auth.wsWebSign` before opening
 * the watch WebSocket. The SDK's request.send() needs HTTP 200 and turns a body `code` into an error.
 * signStr is the caller's access token itself: the realtime server resolves the LOGIN message's signStr
 * with the same ClientAuthenticator.verifyAccessToken() the REST routes use.
 */
import { sendJson } from '../http-util';
import type { ClientAuthStore } from './client-auth-store';
import type { RequestContext } from './request-context';

export interface WebActionDeps {
  envId: string;
  auth: ClientAuthStore;
  realtimeUrl: () => string;
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
  fail('INVALID_ACTION', `action ${action || '(none)'} is not served by the emulator's /web endpoint`);
}
