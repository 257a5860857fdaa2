/**
 * What a client query fixes about the documents it can match, for the subset check: the fields it pins
 * by equality, per $or branch. Also the `'{openid}'` placeholder, which CloudBase replaces in client
 * queries by the caller's openid (WeChat) or uid (web).
 */
import { isPlainObject } from '../database/values';
import type { ClientAuth, Doc } from '../types';

export const OPENID_PLACEHOLDER = '{openid}';
/** A query with more $or combinations than this is checked as if it pinned nothing (denied unless the rule needs no doc). */
const MAX_BRANCHES = 64;

export function callerId(auth: ClientAuth | null): string | undefined {
  return auth ? (auth.openid ?? auth.uid) : undefined;
}

export function replaceOpenidPlaceholder<T>(value: T, auth: ClientAuth | null): T {
  const id = callerId(auth);
  if (id === undefined) return value;
  const replace = (v: unknown): unknown => {
    if (v === OPENID_PLACEHOLDER) return id;
    if (Array.isArray(v)) return v.map(replace);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, replace(inner)]));
    return v;
  };
  return replace(value) as T;
}

const NOT_PINNED = Symbol('not-pinned');

/** The value a query condition forces the field to equal, or NOT_PINNED. */
function equalityOf(condition: unknown): unknown {
  if (condition instanceof RegExp) return NOT_PINNED;
  if (isPlainObject(condition)) {
    const keys = Object.keys(condition);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
      if ('$eq' in condition) return condition.$eq;
      if (Array.isArray(condition.$in) && condition.$in.length === 1) return condition.$in[0];
      return NOT_PINNED;
    }
  }
  return condition;
}

function cross(a: Map<string, unknown>[], b: Map<string, unknown>[]): Map<string, unknown>[] {
  const out: Map<string, unknown>[] = [];
  for (const x of a) for (const y of b) out.push(new Map([...x, ...y]));
  return out;
}

/** One map of pinned fields per alternative the query allows ($or branches multiply out). */
export function pinnedBranches(filter: Doc): Map<string, unknown>[] {
  let branches: Map<string, unknown>[] = [new Map()];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) branches = cross(branches, pinnedBranches(sub));
    } else if (key === '$or' && Array.isArray(value)) {
      const alternatives = value.flatMap((sub) => (isPlainObject(sub) ? pinnedBranches(sub) : [new Map<string, unknown>()]));
      branches = cross(branches, alternatives.length ? alternatives : [new Map()]);
    } else if (!key.startsWith('$')) {
      const pinned = equalityOf(value);
      if (pinned !== NOT_PINNED) for (const branch of branches) branch.set(key, pinned);
    }
    if (branches.length > MAX_BRANCHES) return [new Map()];
  }
  return branches;
}
