/**
 * Request bodies of both API doors: the server SDKs post a JSON object of parameters, the js-sdk posts a
 * JSON object (database calls) or any JSON value (callFunction's data). A body that is not JSON is
 * INVALID_PARAM, never a stack.
 */
import { invalidParam } from './errors';

export type RequestParams = Record<string, unknown>;

/** Any JSON value. */
export function decodeJsonValue(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw invalidParam(`request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** A JSON object of parameters. */
export function decodeJsonObject(raw: Buffer): RequestParams {
  const parsed = decodeJsonValue(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidParam('request body must be a JSON object');
  return parsed as RequestParams;
}
