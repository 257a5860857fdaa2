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

/**
 * Native value → canonical EJSON text (same output as bson's EJSON.stringify with relaxed:false). The
 * pieces of the whole value go into one array joined once: joining every nested object and array on its
 * own copied each byte once per level of nesting, and the log and snapshots serialise every document.
 */
export function stringifyEjson(value: unknown): string {
  const out: string[] = [];
  write(out, value);
  return out.join('');
}

/** Native value → canonical EJSON object tree. */
export function toEjsonValue(value: unknown): unknown {
  return JSON.parse(stringifyEjson(value));
}

/** Values JSON leaves out of objects (and writes as null in arrays). */
function omitted(value: unknown): boolean {
  const type = typeof value;
  return type === 'undefined' || type === 'function' || type === 'symbol';
}

function write(out: string[], value: unknown): void {
  switch (typeof value) {
    case 'string':
      // Most strings need no escaping: pushed as they are, they are copied once, by the final join.
      if (NEEDS_ESCAPING.test(value)) out.push(JSON.stringify(value));
      else out.push('"', value, '"');
      return;
    case 'number':
      out.push(writeNumber(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(`{"$numberLong":"${value}"}`);
      return;
    case 'undefined':
    case 'function':
    case 'symbol':
      // Only reached for array items and the top level; object members are skipped before.
      out.push('null');
      return;
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (value instanceof Date) {
    out.push(`{"$date":{"$numberLong":"${value.getTime()}"}}`);
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      write(out, value[i]);
    }
    out.push(']');
    return;
  }
  if (value instanceof RegExp) {
    const options = [...value.flags].filter((f) => BSON_REGEX_OPTIONS.has(f)).sort().join('');
    out.push(`{"$regularExpression":{"pattern":${JSON.stringify(value.source)},"options":"${options}"}}`);
    return;
  }
  if (isPlainObject(value)) {
    out.push('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const inner = value[key];
      if (omitted(inner)) continue;
      if (!first) out.push(',');
      first = false;
      out.push(memberName(key));
      write(out, inner);
    }
    out.push('}');
    return;
  }
  // Buffers, ObjectId and other BSON classes: let bson decide.
  out.push(JSON.stringify(EJSON.serialize(value as never, { relaxed: false })));
}

// What JSON.stringify would escape (quote, backslash, control characters, lone surrogates; pairs are
// rare enough to take the slow path too).
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

// Field names repeat across documents; quoting each one again was a measurable part of serialising.
const MEMBER_NAMES_MAX = 4096;
const memberNames = new Map<string, string>();

/** `"key":` */
function memberName(key: string): string {
  let name = memberNames.get(key);
  if (name === undefined) {
    name = JSON.stringify(key) + ':';
    // Bounded: documents used as maps (ids as keys) would otherwise grow it without end.
    if (memberNames.size < MEMBER_NAMES_MAX) memberNames.set(key, name);
  }
  return name;
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
