/**
 * Wire decoding for database parameters. The server SDKs send queries, update documents, inserted
 * documents, sort orders, projections and aggregation stages as canonical EJSON strings
 * (`EJSON.stringify(x, { relaxed: false })`), with `db.serverDate()` as `{"$tcb_server_date":{"offset":N}}`,
 * which is replaced by the server time before EJSON parsing, as CloudBase does.
 */
import { fromEjsonValue, stringifyEjson } from '../database/ejson';
import type { Doc } from '../types';
import { invalidParam } from './errors';

export { stringifyEjson };

const SERVER_DATE = '$tcb_server_date';

/** Decode one EJSON parameter (string, or an already-parsed tree). `undefined` stays undefined. */
export function decodeEjson(value: unknown, field: string, now: number = Date.now()): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  let tree: unknown = value;
  if (typeof value === 'string') {
    try {
      tree = JSON.parse(value);
    } catch (err) {
      throw invalidParam(`${field} is not valid EJSON: ${(err as Error).message}`);
    }
  }
  const withDates = replaceServerDates(tree, now, field);
  try {
    return fromEjsonValue(withDates);
  } catch (err) {
    throw invalidParam(`${field} is not valid EJSON: ${(err as Error).message}`);
  }
}

/** Decode a parameter that must be a JSON object (query, data, projection …). */
export function decodeObject(value: unknown, field: string, now?: number): Doc | undefined {
  const decoded = decodeEjson(value, field, now);
  if (decoded === undefined) return undefined;
  if (!isPlainObject(decoded)) throw invalidParam(`${field} must be an object`);
  return decoded as Doc;
}

export function replaceServerDates(tree: unknown, now: number, field = 'value'): unknown {
  if (Array.isArray(tree)) return tree.map((item) => replaceServerDates(item, now, field));
  if (tree === null || typeof tree !== 'object') return tree;
  const record = tree as Record<string, unknown>;
  if (SERVER_DATE in record) {
    const spec = record[SERVER_DATE];
    const offset = spec && typeof spec === 'object' ? numberOf((spec as Record<string, unknown>).offset) : 0;
    if (offset === undefined) throw invalidParam(`${field}: ${SERVER_DATE}.offset must be a number`);
    return { $date: { $numberLong: String(Math.trunc(now + offset)) } };
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) out[key] = replaceServerDates(inner, now, field);
  return out;
}

/** A JSON or canonical-EJSON number ({$numberInt|$numberLong|$numberDouble: "…"}); undefined when absent. */
function numberOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const text = v.$numberInt ?? v.$numberLong ?? v.$numberDouble;
    const n = typeof text === 'string' ? Number(text) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Plain integer parameter (limit/offset arrive as JSON numbers). */
export function intParam(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalidParam(`${field} must be an integer`);
  return n;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function encodeDocs(docs: Doc[]): string[] {
  return docs.map((doc) => stringifyEjson(doc));
}
