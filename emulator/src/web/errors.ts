/**
 * Error answers of the web endpoint. The js-sdk's browser fetch rejects any non-2xx answer with the parsed
 * JSON body, so `await db.collection(c).get()` / `app.callFunction()` reject with `{ code, message,
 * requestId }` (the shape of CloudBase's HTTP API). On ACCESS_TOKEN_EXPIRED the SDK refreshes its token once
 * and retries. Body shapes are the protocol's, shared with the admin endpoint; only the status differs.
 */
import type { ServerResponse } from 'node:http';
import { ApiError, toErrorBody } from '../protocol';
import { sendJson } from '../http-util';
import { DatabaseError } from '../types';

export class WebError extends ApiError {
  constructor(
    public readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

export const unauthenticated = (message = 'missing or invalid access token') => new WebError(401, 'INVALID_ACCESS_TOKEN', message);
export const tokenExpired = () => new WebError(401, 'ACCESS_TOKEN_EXPIRED', 'access token expired');
export const notFound = (what: string) => new WebError(404, 'NOT_FOUND', `${what} is not served by the emulator`);

const DATABASE_STATUS: Record<string, number> = {
  DATABASE_PERMISSION_DENIED: 403,
  DATABASE_COLLECTION_NOT_EXIST: 404,
  DATABASE_DUPLICATE_WRITE: 409,
};

export function statusOf(err: unknown): number {
  if (err instanceof WebError) return err.status;
  if (err instanceof ApiError) return 400;
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  if (err instanceof DatabaseError || (err as Error)?.name === 'DatabaseError') return DATABASE_STATUS[String(code)] ?? 400;
  if ((err as Error)?.name === 'BodyTooLargeError') return 413;
  return 500;
}

export function sendError(res: ServerResponse, err: unknown, requestId: string): void {
  sendJson(res, statusOf(err), toErrorBody(err, requestId));
}
