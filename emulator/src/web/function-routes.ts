/**
 * callFunction through the gateway: POST /v1/functions/<name>, JSON body = the call's data,
 * Authorization: Bearer <access token>. The SDK reads the body as the result (`{ result, requestId }`);
 * a failure answers a non-2xx status with { code, message, requestId }, which the SDK rejects with.
 * The function sees the caller as CloudBase shows a web end user: TCB_UUID, TCB_ISANONYMOUS_USER,
 * TCB_SOURCE, and no WeChat identity (getWXContext() has no OPENID).
 */
import { sendJson } from '../http-util';
import type { FunctionsRuntime } from '../types';
import { WebError } from './errors';
import type { RequestContext } from './request-context';

/** getWXContext().SOURCE / X-TCB-Source of calls made by the web SDK. */
export const WEB_CALLER_SOURCE = 'web';

const STATUS: Record<string, number> = { FUNCTION_NOT_FOUND: 404, FUNCTIONS_TIME_LIMIT_EXCEEDED: 504 };

export async function handleCallFunction(ctx: RequestContext, functions: FunctionsRuntime, functionName: string): Promise<void> {
  const user = ctx.requireUser();
  const event = await ctx.jsonValue();
  const result = await functions.invoke({
    functionName,
    event,
    source: 'web',
    extraEnv: {
      TCB_UUID: user.uid,
      TCB_ISANONYMOUS_USER: user.loginType === 'ANONYMOUS' ? 'true' : 'false',
      TCB_SOURCE: WEB_CALLER_SOURCE,
      TCB_SOURCE_IP: ctx.clientIp(),
    },
  });
  if (result.ok) return sendJson(ctx.res, 200, result.result ?? null, { 'x-invocation-id': result.invocationId });
  throw new WebError(STATUS[result.code] ?? 500, result.code, result.message);
}
