/**
 * How the console shows and accepts documents: relaxed Extended JSON. Plain numbers stay plain (people
 * edit them), dates become {"$date":"<ISO>"}, regexes keep their EJSON wrapper. The engine's canonical
 * codec would print every integer as {"$numberInt":"1"}, which is unreadable in an editor.
 */
import { fromEjsonValue, toEjsonValue } from '../database/ejson';
import { isPlainObject } from '../database/values';

/** Native document value → relaxed EJSON tree (JSON.stringify-able). */
export function toRelaxedEjson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : toEjsonValue(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  if (Array.isArray(value)) return value.map(toRelaxedEjson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = toRelaxedEjson(inner);
    return out;
  }
  return toEjsonValue(value);
}

/** Relaxed or canonical EJSON tree (from JSON.parse) → native values the engine stores. */
export function fromRelaxedEjson(tree: unknown): unknown {
  return fromEjsonValue(tree);
}
