import type { ActionResult, ErrorCode } from '@partner-desk/contract';

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });

export const fail = (code: ErrorCode, message: string, details?: unknown): ActionResult<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
