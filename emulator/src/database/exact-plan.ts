/**
 * When an index scan's bounds select exactly the documents a filter matches, the documents need no
 * re-check by mingo: a count is a distance between two index positions and a deep page skips ids without
 * reading documents. That is what keeps `count({serviceProviderId, status})` over a million tickets cheap.
 *
 * Exact means: every top-level field of the filter is consumed by the plan (equalities on the index's
 * leading keys, at most one range on the next key, with no bound the planner dropped), every predicate is
 * one the index evaluates with the same semantics as mingo (scalar equality, `$eq`, `$in` of scalars,
 * same-typed `$gt/$gte/$lt/$lte`, whose type bracketing mingo shares), and the index holds no arrays.
 * Anything else stays on the safe path: candidates from the index, each re-tested with the full filter.
 */
import type { Doc } from '../types';
import type { QueryPlan } from './index-planner';
import type { ScanBounds } from './indexes';
import { isPlainObject, keyString } from './values';

type IndexScanPlan = QueryPlan & { kind: 'index-scan' };

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

export function isExactPlan(plan: QueryPlan, filter: Doc): plan is IndexScanPlan {
  if (plan.kind !== 'index-scan' || plan.index.multikey || plan.bounds.length === 0) return false;
  if (!isPlainObject(filter)) return false;
  const first = plan.bounds[0];
  const keys = plan.index.declaration.keys;
  const equalityFields = keys.slice(0, first.equal.length).map((k) => k.name);
  // A plan that only walks the index for its sort order consumes no field.
  if (equalityFields.length === 0 && !first.range) return Object.keys(filter).length === 0;
  const rangeField = first.range ? keys[first.equal.length]?.name : undefined;
  const consumed = new Set(rangeField ? [...equalityFields, rangeField] : equalityFields);
  const fields = Object.keys(filter);
  if (fields.length !== consumed.size || !fields.every((f) => consumed.has(f))) return false;
  if (!equalityFields.every((f) => isExactEquality(filter[f]))) return false;
  return rangeField === undefined || isExactRange(filter[rangeField], first.range!);
}

/** The plan's bounds with repeated equality tuples (`$in: ['a', 'a']`) removed, so scans never overlap. */
export function distinctBounds(plan: IndexScanPlan): ScanBounds[] {
  const seen = new Set<string>();
  return plan.bounds.filter((b) => {
    const key = keyString(b.equal);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isScalar(value: unknown): boolean {
  const t = typeof value;
  return value === null || t === 'string' || t === 'number' || t === 'boolean' || value instanceof Date;
}

function isExactEquality(value: unknown): boolean {
  if (isScalar(value)) return typeof value !== 'number' || !Number.isNaN(value);
  if (!isPlainObject(value)) return false;
  const ops = Object.keys(value);
  if (ops.length !== 1) return false;
  if (ops[0] === '$eq') return isScalar(value.$eq) && !Number.isNaN(value.$eq);
  return ops[0] === '$in' && Array.isArray(value.$in) && value.$in.every((v) => isScalar(v) && !Number.isNaN(v));
}

function isExactRange(value: unknown, range: NonNullable<ScanBounds['range']>): boolean {
  if (!isPlainObject(value)) return false;
  const ops = Object.keys(value);
  if (!ops.every((op) => RANGE_OPERATORS.has(op))) return false;
  const lows = ops.filter((op) => op === '$gt' || op === '$gte');
  const highs = ops.filter((op) => op === '$lt' || op === '$lte');
  if (lows.length > 1 || highs.length > 1) return false;
  // The planner drops a bound it cannot use (mixed types, arrays): then the scan is wider than the filter.
  if (lows.length !== (range.low ? 1 : 0) || highs.length !== (range.high ? 1 : 0)) return false;
  return ops.every((op) => {
    const bound = value[op];
    return isScalar(bound) && bound !== null && !(typeof bound === 'number' && Number.isNaN(bound));
  });
}
