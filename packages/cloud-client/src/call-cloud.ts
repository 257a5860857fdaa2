/**
 * The facade pages use: `callCloud(fn, action, payload)` answers the functions' ActionResult and never
 * throws (a network or platform failure becomes an INTERNAL result the page can show), and `watch()`
 * subscribes to a collection. Which SDK is underneath is decided once, by `selectTransport()`, unless a
 * transport is configured explicitly (tests, storybook-like previews).
 */
import type { ActionResult } from '@partner-desk/contract';
import { selectTransport } from './select-transport';
import type { CloudTransport, WatchHandle, WatchOptions } from './transport';

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';
export const MALFORMED_RESULT_MESSAGE = '服务返回了无法识别的结果';

let current: CloudTransport | undefined;

/** Use this transport for every later call (pass undefined to go back to selectTransport()). */
export function configureCloud(transport: CloudTransport | undefined): void {
  current = transport;
}

function transport(): CloudTransport {
  return (current ??= selectTransport());
}

/** Calls `fn` with `{ action, payload }`, the request shape every cloud function's router reads. */
export async function callCloud<T>(fn: string, action: string, payload?: unknown): Promise<ActionResult<T>> {
  let answer: unknown;
  try {
    answer = await transport().callFunction(fn, { action, payload: payload ?? {} });
  } catch (err) {
    // The code set is closed (packages/shared/src/errors.ts): a transport failure is INTERNAL for the
    // page; the reason is kept in details for logs, the message is for people.
    return { ok: false, error: { code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE, details: { reason: describe(err) } } };
  }
  if (isActionResult(answer)) return answer as ActionResult<T>;
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

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { errMsg?: unknown; message?: unknown; code?: unknown };
    return String(e.errMsg ?? e.message ?? e.code ?? 'unknown error');
  }
  return String(err);
}
