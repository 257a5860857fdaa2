/**
 * The paging and ordering parameters of a document query, read the same way by the server SDK endpoint
 * (database.getDocument) and the web endpoint (GET …/documents): both SDKs send `limit`, `offset` and
 * `order` with the same meaning.
 */
import { isPlainObject } from '../database/values';
import { invalidParam } from './errors';
import { decodeEjson } from './server-ejson';

/** get() default and ceiling (the SDKs also clamp before sending). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Plain integer parameter (limit/offset arrive as JSON numbers, or as text in a URL). */
export function intParam(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidParam(`${field} must be an integer`);
  return n;
}

export function resolveLimit(value: unknown): number {
  const limit = intParam(value, 'limit');
  if (limit === undefined || limit === 0) return DEFAULT_LIMIT;
  if (limit < 0) throw invalidParam('limit must not be negative');
  return Math.min(limit, MAX_LIMIT);
}

/** `order` is an EJSON object { field: 1 | -1 } (orderBy), or [{ field, direction }] as the js-sdk and older clients send it. */
export function sortOf(value: unknown, now: number): Record<string, 1 | -1> | undefined {
  const decoded = decodeEjson(value, 'order', now);
  if (decoded === undefined) return undefined;
  const sort: Record<string, 1 | -1> = {};
  const put = (field: unknown, direction: unknown) => {
    if (typeof field !== 'string' || field === '') throw invalidParam('order: field names must be non-empty strings');
    if (direction === 1 || direction === 'asc') sort[field] = 1;
    else if (direction === -1 || direction === 'desc') sort[field] = -1;
    else throw invalidParam(`order: direction of ${field} must be 1/-1 or "asc"/"desc"`);
  };
  if (Array.isArray(decoded)) {
    for (const item of decoded) {
      if (!isPlainObject(item)) throw invalidParam('order entries must be objects');
      put(item.field, item.direction);
    }
  } else if (isPlainObject(decoded)) {
    for (const [field, direction] of Object.entries(decoded)) put(field, direction);
  } else {
    throw invalidParam('order must be an object');
  }
  return Object.keys(sort).length ? sort : undefined;
}
