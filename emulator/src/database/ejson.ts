/**
 * Canonical Extended JSON at the wire/disk edges. Inside the engine values are native JS (number, Date,
 * RegExp …); the CloudBase server SDK speaks canonical EJSON, so we translate in both directions here.
 * The common types are converted by hand (the log and snapshots go through here, and bson's generic
 * EJSON walk was the main cost of a bulk import); anything exotic is delegated to bson.
 */
import { BSONRegExp, Binary, Decimal128, Double, EJSON, Int32, Long, ObjectId, Timestamp } from 'bson';
import { DatabaseError } from '../types';
import { isPlainObject } from './values';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -9223372036854775808;
const INT64_MAX = 9223372036854775807;
// BSON accepts these regex options; JS-only flags (g, y) have no meaning for a stored pattern.
const BSON_REGEX_OPTIONS = new Set(['i', 'm', 's', 'u']);
// JS RegExp accepts only these flags; MongoDB's `x` and `l` have no JS equivalent and are dropped.
const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u', 'g', 'y']);

/** Native value → canonical EJSON text (same output as bson's EJSON.stringify with relaxed:false). */
export function stringifyEjson(value: unknown): string {
  return write(value) ?? 'null';
}

/** Native value → canonical EJSON object tree. */
export function toEjsonValue(value: unknown): unknown {
  return JSON.parse(stringifyEjson(value));
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return writeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `{"$numberLong":"${value}"}`;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[' + value.map((item) => write(item) ?? 'null').join(',') + ']';
  if (value instanceof Date) return `{"$date":{"$numberLong":"${value.getTime()}"}}`;
  if (value instanceof RegExp) {
    const options = [...value.flags].filter((f) => BSON_REGEX_OPTIONS.has(f)).sort().join('');
    return `{"$regularExpression":{"pattern":${JSON.stringify(value.source)},"options":"${options}"}}`;
  }
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const inner = write(value[key]);
      if (inner !== undefined) parts.push(JSON.stringify(key) + ':' + inner);
    }
    return '{' + parts.join(',') + '}';
  }
  // Buffers, ObjectId and other BSON classes: let bson decide.
  return JSON.stringify(EJSON.serialize(value as never, { relaxed: false }));
}

function writeNumber(value: number): string {
  if (Object.is(value, -0)) return '{"$numberDouble":"-0.0"}';
  if (Number.isInteger(value)) {
    if (value >= INT32_MIN && value <= INT32_MAX) return `{"$numberInt":"${value}"}`;
    // Exact digits (bson prints the shortest round-trip form, e.g. 2^60 as 1152921504606847000).
    if (value >= INT64_MIN && value <= INT64_MAX) return `{"$numberLong":"${BigInt(value)}"}`;
  }
  return `{"$numberDouble":"${String(value)}"}`;
}

export function parseEjson(text: string): unknown {
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch (error) {
    throw new DatabaseError('DATABASE_REQUEST_FAILED', `Invalid JSON: ${(error as Error).message}`);
  }
  return fromEjsonValue(tree);
}

/** EJSON object tree (already JSON-parsed, canonical or relaxed) → native JS values. */
export function fromEjsonValue(tree: unknown): unknown {
  if (tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) return tree.map(fromEjsonValue);
  const obj = tree as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys[0].startsWith('$')) {
    const fast = fastWrapper(obj, keys);
    if (fast !== NOT_FAST) return fast;
    return delegateToBson(obj);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = fromEjsonValue(obj[key]);
  return out;
}

const NOT_FAST = Symbol('not-fast');

function fastWrapper(obj: Record<string, unknown>, keys: string[]): unknown {
  if (keys.length !== 1) return NOT_FAST;
  const inner = obj[keys[0]];
  switch (keys[0]) {
    case '$numberInt':
    case '$numberDouble':
      return typeof inner === 'string' ? parseNumber(inner) : NOT_FAST;
    case '$numberLong':
      // Numbers beyond 2^53 lose precision: documents hold plain JS numbers, as the JS SDKs do.
      return typeof inner === 'string' && /^-?\d+$/.test(inner) ? Number(inner) : NOT_FAST;
    case '$date': {
      if (typeof inner === 'string') return new Date(inner);
      if (typeof inner === 'number') return new Date(inner);
      if (isPlainObject(inner) && typeof inner.$numberLong === 'string') return new Date(Number(inner.$numberLong));
      return NOT_FAST;
    }
    case '$regularExpression':
      if (isPlainObject(inner) && typeof inner.pattern === 'string') return makeRegExp(inner.pattern, String(inner.options ?? ''));
      return NOT_FAST;
  }
  return NOT_FAST;
}

function parseNumber(text: string): number {
  const n = Number(text);
  if (Number.isNaN(n) && text !== 'NaN') throw new DatabaseError('DATABASE_REQUEST_FAILED', `Invalid EJSON number: ${text}`);
  return n;
}

function makeRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options)].filter((f) => JS_REGEX_FLAGS.has(f)).join('');
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new DatabaseError('DATABASE_REQUEST_FAILED', `Invalid regular expression /${pattern}/: ${(error as Error).message}`);
  }
}

function delegateToBson(obj: Record<string, unknown>): unknown {
  let parsed: unknown;
  try {
    parsed = EJSON.deserialize(obj as never, { relaxed: false });
  } catch (error) {
    throw new DatabaseError('DATABASE_REQUEST_FAILED', `Invalid EJSON: ${(error as Error).message}`);
  }
  return toNative(parsed);
}

function toNative(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map(toNative);
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof BSONRegExp) return makeRegExp(value.pattern, value.options);
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Timestamp) return new Date(value.high * 1000);
  if (value instanceof Binary) return Buffer.from(value.buffer);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = toNative(inner);
  return out;
}
