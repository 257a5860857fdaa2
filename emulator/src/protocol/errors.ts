/**
 * Error shapes shared by the emulator's two CloudBase API doors: the server SDK endpoint (admin/), which
 * answers every failure with HTTP 200 and `{ code, message, requestId }` (the node-sdk request layer turns
 * any body with a `code` into a thrown TcbError; wx-server-sdk then maps the code to its numeric errCode,
 * e.g. DATABASE_COLLECTION_NOT_EXIST → -502005, unknown codes → -501001), and the web endpoint (web/),
 * which answers the same body with a non-2xx status so the js-sdk rejects with it.
 */
import { BodyTooLargeError } from '../http-util';
import { DatabaseError } from '../types';

/** Codes the emulator itself produces (database codes come from the engine and the security rules). */
export const ApiErrorCode = {
  INVALID_PARAM: 'INVALID_PARAM',
  INVALID_ACTION: 'INVALID_ACTION',
  EXCEED_REQUEST_SIZE_LIMIT: 'EXCEED_REQUEST_SIZE_LIMIT',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  FUNCTION_NOT_FOUND: 'FUNCTION_NOT_FOUND',
  FUNCTIONS_EXECUTE_FAIL: 'FUNCTIONS_EXECUTE_FAIL',
  FUNCTIONS_TIME_LIMIT_EXCEEDED: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
} as const;

/** An error answered with its own code and message (never a stack). */
export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function invalidParam(message: string): ApiError {
  return new ApiError(ApiErrorCode.INVALID_PARAM, message);
}

/** The message CloudBase itself sends for a missing collection (seen in wx-server-sdk error reports). */
export const COLLECTION_NOT_EXIST_MESSAGE =
  '[ResourceNotFound] Db or Table not exist. Please check your request, but if the problem cannot be solved, contact us.';

export interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
}

/** True for errors that are the caller's fault or the engine's documented failures (not emulator bugs). */
export function isExpectedError(err: unknown): boolean {
  return err instanceof ApiError || err instanceof DatabaseError || err instanceof BodyTooLargeError;
}

export function toErrorBody(err: unknown, requestId: string): ErrorBody {
  if (err instanceof ApiError) return { code: err.code, message: err.message, requestId };
  if (err instanceof DatabaseError) {
    const message = err.code === 'DATABASE_COLLECTION_NOT_EXIST' ? `${COLLECTION_NOT_EXIST_MESSAGE} (${err.message})` : err.message;
    return { code: err.code, message, requestId };
  }
  if (err instanceof BodyTooLargeError) return { code: ApiErrorCode.EXCEED_REQUEST_SIZE_LIMIT, message: err.message, requestId };
  // Duck-typed DatabaseError from another copy of types.ts (e.g. a second module instance under jest).
  if (err && typeof err === 'object' && (err as { name?: unknown }).name === 'DatabaseError' && typeof (err as { code?: unknown }).code === 'string') {
    return { code: (err as { code: string }).code, message: String((err as Error).message), requestId };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: ApiErrorCode.INTERNAL_ERROR, message: `emulator internal error: ${message}`, requestId };
}
