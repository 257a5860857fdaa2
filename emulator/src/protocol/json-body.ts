/**
 * Request bodies of both API doors: the server SDKs post a JSON object of parameters, the js-sdk posts a
 * JSON object (database calls) or any JSON value (callFunction's data). A body that is not JSON, or nests
 * deeper than the door allows, is INVALID_PARAM, never a stack.
 */
import { assertJsonStringsWithinDepth, JsonTooDeepError, parseJsonWithinDepth } from '../json-depth';
import { invalidParam } from './errors';

export type RequestParams = Record<string, unknown>;

/** Any JSON value, depth-checked on the raw bytes before parsing. */
export function decodeJsonValue(raw: Buffer): unknown {
  try {
    return parseJsonWithinDepth(raw);
  } catch (err) {
    if (err instanceof JsonTooDeepError) throw invalidParam(err.message);
    throw invalidParam(`request body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * A JSON object of parameters. The server SDKs send queries, documents and stages as JSON text inside
 * it, so those strings are depth-checked too.
 */
export function decodeJsonObject(raw: Buffer): RequestParams {
  const parsed = decodeJsonValue(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidParam('request body must be a JSON object');
  try {
    assertJsonStringsWithinDepth(parsed);
  } catch (err) {
    if (err instanceof JsonTooDeepError) throw invalidParam(err.message);
    throw err;
  }
  return parsed as RequestParams;
}
