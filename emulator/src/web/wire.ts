/**
 * The js-sdk's database dialect (@cloudbase/database as used by @cloudbase/js-sdk 3.7.0 through the
 * HTTP gateway), which differs from the server SDK's canonical EJSON strings:
 *  - queries travel as `EJSON.stringify(query, { relaxed: false })` in the `query` URL parameter;
 *  - bodies (inserted documents, update documents) are plain JSON from the SDK's `serialize()`:
 *    Date → {"$date": <ms>}, RegExp / db.RegExp → {"$regex", "$options"},
 *    db.serverDate({ offset }) → {"$date": {"offset": N}} (replaced by server time + N, as CloudBase does).
 * Answers are canonical EJSON trees: the SDK runs EJSON.parse over every response body.
 */
import { fromEjsonValue, toEjsonValue } from '../database/ejson';
import { isPlainObject } from '../admin/wire';
import { invalidParam } from '../admin/errors';
import type { Doc } from '../types';

function msOf(inner: unknown): number | undefined {
  if (typeof inner === 'number') return inner;
  if (typeof inner === 'string') return Date.parse(inner);
  if (isPlainObject(inner)) {
    const text = inner.$numberLong ?? inner.$numberInt ?? inner.$numberDouble;
    if (typeof text === 'string') return Number(text);
  }
  return undefined;
}

/** js-sdk wrappers → canonical EJSON wrappers, so database/ejson.ts does the rest. */
function normalise(tree: unknown, now: number): unknown {
  if (Array.isArray(tree)) return tree.map((item) => normalise(item, now));
  if (!isPlainObject(tree)) return tree;
  const keys = Object.keys(tree);
  if (keys.length === 1 && keys[0] === '$date') {
    const inner = tree.$date;
    if (isPlainObject(inner) && 'offset' in inner) {
      const offset = Number(msOf(inner.offset) ?? 0);
      return { $date: { $numberLong: String(Math.trunc(now + offset)) } };
    }
    const ms = msOf(inner);
    if (ms === undefined || Number.isNaN(ms)) throw invalidParam('invalid $date value');
    return { $date: { $numberLong: String(Math.trunc(ms)) } };
  }
  if (typeof tree.$regex === 'string' && keys.every((k) => k === '$regex' || k === '$options')) {
    return { $regularExpression: { pattern: tree.$regex, options: String(tree.$options ?? '') } };
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = normalise(tree[key], now);
  return out;
}

/** One js-sdk value (a JSON text or an already-parsed tree) → native JS. */
export function decodeWebValue(value: unknown, field: string, now: number): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  let tree = value;
  if (typeof value === 'string') {
    try {
      tree = JSON.parse(value);
    } catch (err) {
      throw invalidParam(`${field} is not valid JSON: ${(err as Error).message}`);
    }
  }
  try {
    return fromEjsonValue(normalise(tree, now));
  } catch (err) {
    throw invalidParam(`${field} is not valid EJSON: ${(err as Error).message}`);
  }
}

export function decodeWebObject(value: unknown, field: string, now: number): Doc | undefined {
  const decoded = decodeWebValue(value, field, now);
  if (decoded === undefined) return undefined;
  if (!isPlainObject(decoded)) throw invalidParam(`${field} must be an object`);
  return decoded as Doc;
}

export function encodeWebDoc(doc: Doc): unknown {
  return toEjsonValue(doc);
}
