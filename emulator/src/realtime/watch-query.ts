/**
 * A watch's query as the web SDK sends it, turned into something the engine and mingo can run, plus the
 * JSON form of documents in events.
 *
 * The SDK sends `query: JSON.stringify(QuerySerializer.encode(where))` (database/query.js watch()): plain
 * MongoDB operators in the js-sdk's own dialect — Date as {"$date": ms}, RegExp and db.RegExp as
 * {"$regex","$options"}, {"$timestamp": seconds} — decoded by the same code as the REST routes'
 * (protocol/client-ejson.ts). `orderBy` is `{ field: 'asc' | 'desc' }` in priority order.
 */
import { Query } from 'mingo';
import { compareValues } from '../database/bson-order';
import { MINGO_OPTIONS } from '../database/query-runner';
import { isPlainObject } from '../database/values';
import { ApiError, decodeClientObject } from '../protocol';
import type { Doc } from '../types';

export class InvalidWatchQuery extends Error {}

export function decodeWatchFilter(query: unknown, now: number = Date.now()): Doc {
  try {
    return decodeClientObject(query, 'query', now) ?? {};
  } catch (error) {
    if (error instanceof ApiError) throw new InvalidWatchQuery(error.message);
    throw error;
  }
}

export function compileWatchFilter(filter: Doc): Query {
  try {
    return new Query(filter, MINGO_OPTIONS);
  } catch (error) {
    throw new InvalidWatchQuery(`invalid query: ${(error as Error).message}`);
  }
}

export type SortSpec = [field: string, direction: 1 | -1][];

export function decodeOrderBy(orderBy: unknown): SortSpec {
  if (orderBy === undefined || orderBy === null) return [];
  if (!isPlainObject(orderBy)) throw new InvalidWatchQuery('orderBy must be an object of field → "asc" | "desc"');
  return Object.entries(orderBy).map(([field, direction]) => {
    const d = String(direction).toLowerCase();
    if (d === 'asc' || d === '1') return [field, 1];
    if (d === 'desc' || d === '-1') return [field, -1];
    throw new InvalidWatchQuery(`orderBy direction for ${field} must be "asc" or "desc"`);
  });
}

export function decodeLimit(limit: unknown): number {
  if (limit === undefined || limit === null) return Infinity;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw new InvalidWatchQuery('limit must be a non-negative integer');
  // limit(0) means "no limit", as in a MongoDB find.
  return limit === 0 ? Infinity : limit;
}

/** Value at a dotted path; arrays are not traversed (sorting on array elements is out of scope here). */
export function valueAtPath(doc: Doc, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

export function compareBySort(a: Doc, b: Doc, sort: SortSpec): number {
  for (const [field, direction] of sort) {
    const c = compareValues(valueAtPath(a, field), valueAtPath(b, field));
    if (c !== 0) return c * direction;
  }
  return 0;
}

/**
 * A document (or field value) as JSON for `Doc` / `UpdatedFields`: Date as `{"$date": ms}` and RegExp as
 * `{"$regex","$options"}`, the web SDK's own encoding of those types.
 */
export function toWatchJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    // JSON.stringify calls Date#toJSON before the replacer sees the value: look at the raw one.
    const raw = key === '' ? value : this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (raw instanceof RegExp) return { $regex: raw.source, $options: raw.flags };
    if (typeof raw === 'bigint') return Number(raw);
    return v;
  });
}
