/**
 * The app's one door to CloudBase: @partner-desk/cloud-client (wx.cloud in weapp, @cloudbase/js-sdk in H5,
 * chosen at build time by TARO_ENV). Services call functions only through `request`, which is the one
 * place an answer `{ ok: false, error }` (or a network failure, which cloud-client reports the same way)
 * becomes a thrown ClientError carrying the code and the Chinese message a page can show as it is.
 */
import { callCloud, NETWORK_ERROR_MESSAGE, watch, type PayloadArgs } from '@partner-desk/cloud-client';
import type { ActionName, ErrorCode, FunctionName, ResultOf } from '@partner-desk/contract';

export { watch };
export type { WatchHandle, WatchOptions, WatchSnapshot } from '@partner-desk/cloud-client';

/** What went wrong with a call: the function refused it (`service`), or the cloud could not be reached (`network`). */
export type ClientErrorKind = 'service' | 'network';

export class ClientError extends Error {
  override readonly name = 'ClientError';

  constructor(
    readonly code: ErrorCode,
    /** Chinese, for people: shown as it is. */
    message: string,
    readonly kind: ClientErrorKind = 'service',
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Any failure as a ClientError (a bug in our own code becomes INTERNAL with a neutral Chinese message). */
export function asClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  return new ClientError('INTERNAL', '出了点问题，请稍后重试', 'service', { reason: error instanceof Error ? error.message : String(error) });
}

/**
 * Actions for which UNAUTHENTICATED is an answer about the input (a wrong password), not about a lost
 * session: the sign-in guard must not fire on them.
 */
const SIGN_IN_ACTIONS = new Set(['auth.login', 'auth.wxLogin', 'auth.register', 'auth.requestPasswordReset', 'auth.logout']);

type UnauthenticatedListener = (error: ClientError) => void;
let unauthenticatedListener: UnauthenticatedListener | undefined;

/**
 * Who hears that a call found no valid session (state/session.ts: clears it and goes to 登录). One listener:
 * the app has one session. Answers a function that removes it.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListener = listener;
  return () => {
    if (unauthenticatedListener === listener) unauthenticatedListener = undefined;
  };
}

/** Calls `fn.action`; resolves with its data, throws ClientError otherwise. */
export async function request<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...payload: PayloadArgs<F, A>): Promise<ResultOf<F, A>> {
  const result = await callCloud(fn, action, ...payload);
  if (result.ok) return result.data;
  const { code, message, details } = result.error;
  const error = new ClientError(code, message, message === NETWORK_ERROR_MESSAGE ? 'network' : 'service', details);
  if (code === 'UNAUTHENTICATED' && !SIGN_IN_ACTIONS.has(`${fn}.${action}`)) unauthenticatedListener?.(error);
  throw error;
}
