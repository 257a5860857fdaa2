/**
 * The server SDKs' database dialect (wx-server-sdk / @cloudbase/node-sdk through @cloudbase/database):
 * queries, update documents, inserted documents, sort orders, projections and aggregation stages travel
 * as canonical EJSON strings (`EJSON.stringify(x, { relaxed: false })`), with `db.serverDate()` as
 * `{"$tcb_server_date":{"offset":N}}`, which is replaced by the server time before EJSON parsing, as
 * CloudBase does. Answers are canonical EJSON strings.
 */
import { stringifyEjson } from '../database/ejson';
import type { Doc } from '../types';
import { invalidParam } from './errors';
import { decodeWireObject, decodeWireValue, wireNumber } from './wire-value';

export { stringifyEjson };

const SERVER_DATE = '$tcb_server_date';

/** Decode one EJSON parameter (string, or an already-parsed tree). `undefined` stays undefined. */
export function decodeEjson(value: unknown, field: string, now: number = Date.now()): unknown {
  return decodeWireValue(value, field, (tree) => replaceServerDates(tree, now, field));
}

/** Decode a parameter that must be a JSON object (query, data, projection …). */
export function decodeObject(value: unknown, field: string, now: number = Date.now()): Doc | undefined {
  return decodeWireObject(value, field, (tree) => replaceServerDates(tree, now, field));
}

export function replaceServerDates(tree: unknown, now: number, field = 'value'): unknown {
  if (Array.isArray(tree)) return tree.map((item) => replaceServerDates(item, now, field));
  if (tree === null || typeof tree !== 'object') return tree;
  const record = tree as Record<string, unknown>;
  if (SERVER_DATE in record) {
    const spec = record[SERVER_DATE];
    const rawOffset = spec && typeof spec === 'object' ? (spec as Record<string, unknown>).offset : undefined;
    const offset = rawOffset === undefined || rawOffset === null ? 0 : wireNumber(rawOffset);
    if (offset === undefined) throw invalidParam(`${field}: ${SERVER_DATE}.offset must be a number`);
    return { $date: { $numberLong: String(Math.trunc(now + offset)) } };
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) out[key] = replaceServerDates(inner, now, field);
  return out;
}

export function encodeDocs(docs: Doc[]): string[] {
  return docs.map((doc) => stringifyEjson(doc));
}
