/**
 * What both SDK dialects share: a database parameter arrives as JSON text (a URL parameter, a string
 * field) or as an already-parsed tree (a JSON body); the dialect turns its own wrappers into canonical
 * EJSON, and database/ejson.ts makes native values of the rest. Every failure is INVALID_PARAM naming the
 * parameter, never a stack.
 */
import { fromEjsonValue } from '../database/ejson';
import { isPlainObject } from '../database/values';
import type { Doc } from '../types';
import { JsonTooDeepError, parseJsonWithinDepth } from '../json-depth';
import { invalidParam } from './errors';

/** Rewrites a dialect's wrappers (server dates, js-sdk dates …) into canonical EJSON before decoding. */
export type WrapperRewrite = (tree: unknown) => unknown;

/** One parameter → native JS; absent (undefined, null, '') stays undefined. */
export function decodeWireValue(value: unknown, field: string, rewrite: WrapperRewrite): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  let tree: unknown = value;
  if (typeof value === 'string') {
    try {
      // Bounded like the doors' bodies: this text may come from a place no door checked (a watch frame).
      tree = parseJsonWithinDepth(value, field);
    } catch (err) {
      if (err instanceof JsonTooDeepError) throw invalidParam(err.message);
      throw invalidParam(`${field} is not valid EJSON: ${(err as Error).message}`);
    }
  }
  const canonical = rewrite(tree);
  try {
    return fromEjsonValue(canonical);
  } catch (err) {
    throw invalidParam(`${field} is not valid EJSON: ${(err as Error).message}`);
  }
}

/** A parameter that must be an object (query, data, projection …). */
export function decodeWireObject(value: unknown, field: string, rewrite: WrapperRewrite): Doc | undefined {
  const decoded = decodeWireValue(value, field, rewrite);
  if (decoded === undefined) return undefined;
  if (!isPlainObject(decoded)) throw invalidParam(`${field} must be an object`);
  return decoded as Doc;
}

/**
 * A number as either dialect writes it: a JSON number, or canonical EJSON's `{"$numberInt"|"$numberLong"|
 * "$numberDouble": "…"}` (what `EJSON.stringify(x, { relaxed: false })` makes of every number). undefined
 * when it is neither, or not finite.
 */
export function wireNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const text = keys.length === 1 ? value.$numberInt ?? value.$numberLong ?? value.$numberDouble : undefined;
    const n = typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
