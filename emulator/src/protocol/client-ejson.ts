/**
 * The js-sdk's database dialect (@cloudbase/database as bundled in @cloudbase/js-sdk 3.7.0, talking to the
 * HTTP gateway), which differs from the server SDKs' canonical EJSON strings. What its sources produce
 * (node_modules/@cloudbase/js-sdk/database/dist/index.esm.js.map: serializer/datatype.js, util.js,
 * aggregate.js and the gateway functions of index.ts):
 *  - bodies (inserted documents, update documents, PATCH/remove queries) are plain JSON of the SDK's
 *    `serialize()`: Date → {"$date": <ms>}, RegExp and db.RegExp → {"$regex", "$options"},
 *    db.serverDate({ offset }) → {"$date": {"offset": N}} (server time + N, as CloudBase fills it in);
 *  - GET queries travel as `EJSON.stringify(query, { relaxed: false })`, so every number inside those
 *    wrappers comes as {"$numberInt"|"$numberLong"|"$numberDouble": "…"};
 *  - aggregation stages are `EJSON.serialize()` of the JSON of each stage (relaxed: plain numbers);
 *  - `{"$timestamp": <seconds>}` is the SDK's own timestamp type (util.js FieldType.Timestamp: it reads it
 *    back as `new Date($timestamp * 1000)`), and so is BSON's canonical {"$timestamp": {"t", "i"}}: both
 *    are stored as that date, whichever of the forms above carried them.
 * Answers are canonical EJSON trees: the SDK runs EJSON.parse over every response body.
 */
import { toEjsonValue } from '../database/ejson';
import { isPlainObject } from '../database/values';
import type { Doc } from '../types';
import { invalidParam } from './errors';
import { decodeWireObject, decodeWireValue, wireNumber } from './wire-value';

function dateWrapper(ms: number): Record<string, unknown> {
  return { $date: { $numberLong: String(Math.trunc(ms)) } };
}

/** {"$date": …} in any of the SDK's forms → canonical; serverDate's {offset} becomes the server time. */
function canonicalDate(inner: unknown, now: number, field: string): Record<string, unknown> {
  if (isPlainObject(inner) && 'offset' in inner && Object.keys(inner).length === 1) {
    const offset = inner.offset === undefined || inner.offset === null ? 0 : wireNumber(inner.offset);
    if (offset === undefined) throw invalidParam(`${field}: serverDate offset must be a number`);
    return dateWrapper(now + offset);
  }
  const ms = typeof inner === 'string' ? Date.parse(inner) : wireNumber(inner);
  if (ms === undefined || Number.isNaN(ms)) throw invalidParam(`${field}: invalid $date value ${JSON.stringify(inner)}`);
  return dateWrapper(ms);
}

/** {"$timestamp": seconds | {"t": seconds, "i": n}} → the date it stands for. */
function canonicalTimestamp(inner: unknown, field: string): Record<string, unknown> {
  const seconds = isPlainObject(inner) && 't' in inner ? wireNumber(inner.t) : wireNumber(inner);
  if (seconds === undefined) throw invalidParam(`${field}: invalid $timestamp value ${JSON.stringify(inner)} (seconds since the epoch expected)`);
  return dateWrapper(seconds * 1000);
}

/** js-sdk wrappers → canonical EJSON wrappers, so database/ejson.ts does the rest. */
function normalise(tree: unknown, now: number, field: string): unknown {
  if (Array.isArray(tree)) return tree.map((item) => normalise(item, now, field));
  if (!isPlainObject(tree)) return tree;
  const keys = Object.keys(tree);
  if (keys.length === 1 && keys[0] === '$date') return canonicalDate(tree.$date, now, field);
  if (keys.length === 1 && keys[0] === '$timestamp') return canonicalTimestamp(tree.$timestamp, field);
  if (typeof tree.$regex === 'string' && keys.every((k) => k === '$regex' || k === '$options')) {
    return { $regularExpression: { pattern: tree.$regex, options: String(tree.$options ?? '') } };
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = normalise(tree[key], now, field);
  return out;
}

/** One js-sdk value (a JSON text or an already-parsed tree) → native JS. */
export function decodeClientValue(value: unknown, field: string, now: number): unknown {
  return decodeWireValue(value, field, (tree) => normalise(tree, now, field));
}

export function decodeClientObject(value: unknown, field: string, now: number): Doc | undefined {
  return decodeWireObject(value, field, (tree) => normalise(tree, now, field));
}

/** A stored document as the js-sdk reads it back (canonical EJSON tree). */
export function encodeClientDoc(doc: Doc): unknown {
  return toEjsonValue(doc);
}
