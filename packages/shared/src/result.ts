import type { ErrorCode } from './errors';

/** Every action answers in this shape: callers branch on `ok`, never on exceptions. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export interface ActionError {
  code: ErrorCode;
  /** For people, in Chinese. */
  message: string;
  details?: unknown;
}

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

export const fail = (code: ErrorCode, message: string, details?: unknown): ActionResult<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
