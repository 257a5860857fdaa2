/**
 * The facade pages use: `callCloud(fn, action, payload)` answers the functions' ActionResult and never
 * throws (a network or platform failure becomes an INTERNAL result the page can show), and `watch()`
 * subscribes to a collection. Which SDK is underneath is decided once, by `selectTransport()`, unless a
 * transport is configured explicitly (tests, storybook-like previews).
 *
 * Calls are typed from the contract's action table (@partner-desk/contract): the function and action
 * must exist, the payload must be that action's, and the result is that action's, so a wrong payload or
 * a misread result is a compile error in the mini-program. Only types are imported: no schema is bundled.
 */
import type { ActionName, ActionResult, FunctionName, PayloadOf, ResultOf } from '@partner-desk/contract';
import { activeTransport as transport } from './active-transport';
import type { WatchHandle, WatchOptions } from './transport';

export { configureCloud } from './active-transport';

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';
export const MALFORMED_RESULT_MESSAGE = '服务返回了无法识别的结果';

/** The payload argument of `F.A`: optional when the action takes nothing (or only fields with defaults). */
export type PayloadArgs<F extends FunctionName, A extends ActionName<F>> = {} extends PayloadOf<F, A> ? [payload?: PayloadOf<F, A>] : [payload: PayloadOf<F, A>];

/** What `callCloud(F, A, …)` resolves with. */
export type CallResult<F extends FunctionName, A extends ActionName<F>> = ActionResult<ResultOf<F, A>>;

/** Calls `fn` with `{ action, payload }`, the request shape every cloud function's router reads. */
export async function callCloud<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...[payload]: PayloadArgs<F, A>): Promise<CallResult<F, A>> {
  let answer: unknown;
  try {
    answer = await transport().callFunction(fn, { action, payload: payload ?? {} });
  } catch (err) {
    // The code set is closed (packages/shared/src/errors.ts): a transport failure is INTERNAL for the
    // page; the reason is kept in details for logs, the message is for people.
    return { ok: false, error: { code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE, details: { reason: describe(err) } } };
  }
  // The shape is checked, not the data: the function answers its contract (its handlers are typed from it).
  if (isActionResult(answer)) return answer as CallResult<F, A>;
  return { ok: false, error: { code: 'INTERNAL', message: MALFORMED_RESULT_MESSAGE, details: { fn, action } } };
}

/** Subscribes to documents of `collection` matching `where`; call close() when the page goes away. */
export function watch(options: WatchOptions): WatchHandle {
  try {
    return transport().watch(options);
  } catch (err) {
    // A transport that cannot even start reports through onError, like any later failure.
    options.onError(err);
    return { close: async () => undefined };
  }
}

function isActionResult(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return true;
  return v.ok === false && typeof v.error === 'object' && v.error !== null && typeof (v.error as { code?: unknown }).code === 'string';
}

export function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { errMsg?: unknown; message?: unknown; code?: unknown };
    return String(e.errMsg ?? e.message ?? e.code ?? 'unknown error');
  }
  return String(err);
}
