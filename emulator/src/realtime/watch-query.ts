/**
 * A watch's query as the web SDK sends it, turned into something the engine and mingo can run, plus the
 * JSON form of documents in events.
 *
 * The SDK sends `query: JSON.stringify(QuerySerializer.encode(where))`: plain MongoDB operators, RegExp as
 * `{$regularExpression:{pattern,options}}` (or `db.RegExp` as `{$regex,$options}`, which mingo runs
 * as is), and a Date as whatever Date#toJSON gives (an ISO string: the type is lost on the client side,
 * exactly as on CloudBase). `orderBy` is `{ field: 'asc' | 'desc' }` in priority order.
 */
import { Query } from 'mingo';
import { compareValues } from '../database/bson-order';
import { MINGO_OPTIONS } from '../database/query-runner';
import { isPlainObject } from '../database/values';
import type { Doc } from '../types';

export class InvalidWatchQuery extends Error {}

export function decodeWatchFilter(query: unknown): Doc {
  if (query === undefined || query === null || query === '') return {};
  let tree: unknown = query;
  if (typeof query === 'string') {
    try {
      tree = JSON.parse(query);
    } catch (error) {
      throw new InvalidWatchQuery(`query is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isPlainObject(tree)) throw new InvalidWatchQuery('query must be a JSON object');
  return decodeValue(tree) as Doc;
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const inner = value[keys[0]];
    switch (keys[0]) {
      case '$regularExpression':
        if (isPlainObject(inner) && typeof inner.pattern === 'string') return toRegExp(inner.pattern, String(inner.options ?? ''));
        break;
      case '$date':
        if (typeof inner === 'number' || typeof inner === 'string') return new Date(inner);
        if (isPlainObject(inner) && typeof inner.$numberLong === 'string') return new Date(Number(inner.$numberLong));
        break;
      case '$numberInt':
      case '$numberLong':
      case '$numberDouble':
        if (typeof inner === 'string') return Number(inner);
        break;
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = decodeValue(value[key]);
  return out;
}

function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options)].filter((f) => 'imsu'.includes(f)).join('');
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new InvalidWatchQuery(`invalid regular expression /${pattern}/: ${(error as Error).message}`);
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
