/**
 * Canonical Extended JSON at the wire/disk edges. Inside the engine values are native JS (number, Date,
 * RegExp …); the CloudBase server SDK speaks canonical EJSON, so we translate in both directions here.
 */
import { BSONRegExp, Binary, Decimal128, Double, EJSON, Int32, Long, ObjectId, Timestamp } from 'bson';
import { DatabaseError } from '../types';

/** Native value → canonical EJSON object tree (dates as {$date:{$numberLong}}, numbers typed). */
export function toEjsonValue(value: unknown): unknown {
  // bson's EJSON has no bigint support; a bigint can only come from a caller, so keep it as a Long.
  return EJSON.serialize(replaceBigInts(value) as never, { relaxed: false });
}

export function stringifyEjson(value: unknown): string {
  return JSON.stringify(toEjsonValue(value));
}

/** EJSON object tree (already JSON-parsed) → native JS values. */
export function fromEjsonValue(tree: unknown): unknown {
  let parsed: unknown;
  try {
    parsed = EJSON.deserialize(tree as never, { relaxed: false });
  } catch (error) {
    throw new DatabaseError('DATABASE_REQUEST_FAILED', `Invalid EJSON: ${(error as Error).message}`);
  }
  return toNative(parsed);
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

// JS RegExp accepts only these flags; MongoDB's `x` and `l` have no JS equivalent and are dropped.
const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u', 'g', 'y']);

function toNative(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (Array.isArray(value)) return value.map(toNative);
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  // Numbers beyond 2^53 lose precision: documents hold plain JS numbers, as the JS SDKs do.
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof BSONRegExp) {
    const flags = [...value.options].filter((f) => JS_REGEX_FLAGS.has(f)).join('');
    try {
      return new RegExp(value.pattern, flags);
    } catch (error) {
      throw new DatabaseError('DATABASE_REQUEST_FAILED', `Invalid regular expression /${value.pattern}/: ${(error as Error).message}`);
    }
  }
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Timestamp) return new Date(value.high * 1000);
  if (value instanceof Binary) return Buffer.from(value.buffer);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = toNative(inner);
  return out;
}

function replaceBigInts(value: unknown): unknown {
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.some(needsReplacement) ? value.map(replaceBigInts) : value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  if (!Object.values(value).some(needsReplacement)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = replaceBigInts(inner);
  return out;
}

function needsReplacement(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsReplacement);
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).some(needsReplacement);
}
