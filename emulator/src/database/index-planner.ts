/**
 * Chooses how to find the candidate documents of a filter: which index, which key bounds, and whether the
 * index order already satisfies the sort. Candidates are always re-checked with the full filter by mingo,
 * so a plan only has to return a superset of the matches; everything here errs on the side of scanning more.
 */
import type { Doc } from '../types';
import type { Collection } from './collection';
import type { CollectionIndex, ScanBounds } from './indexes';
import { isPlainObject } from './values';

export interface RangeBound {
  value: unknown;
  inclusive: boolean;
}

export interface FieldPredicate {
  /** Candidate values: one for `f: v` / `$eq`, several for `$in`. */
  equal?: unknown[];
  range?: { low?: RangeBound; high?: RangeBound };
}

export interface FilterShape {
  fields: Map<string, FieldPredicate>;
  /** Top-level `$or` groups (each an array of branch filters). */
  or: Doc[][];
}

export type QueryPlan =
  | { kind: 'collection-scan' }
  | { kind: 'index-scan'; index: CollectionIndex; bounds: ScanBounds[]; reverse: boolean; sortServed: boolean }
  /** `$or` whose every branch is served by an index: the union of the branch scans. */
  | { kind: 'union'; plans: QueryPlan[] };

const MAX_EQUALITY_COMBINATIONS = 256;

export function analyzeFilter(filter: Doc): FilterShape {
  const shape: FilterShape = { fields: new Map(), or: [] };
  collectConjuncts(filter, shape);
  return shape;
}

function collectConjuncts(filter: Doc, shape: FilterShape): void {
  if (!isPlainObject(filter)) return;
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const branch of value) collectConjuncts(branch as Doc, shape);
    } else if (key === '$or' && Array.isArray(value)) {
      shape.or.push(value as Doc[]);
    } else if (!key.startsWith('$')) {
      const predicate = predicateFor(value);
      if (predicate) mergePredicate(shape.fields, key, predicate);
    }
  }
}

function mergePredicate(fields: Map<string, FieldPredicate>, key: string, predicate: FieldPredicate): void {
  const existing = fields.get(key);
  if (!existing || (predicate.equal && !existing.equal)) fields.set(key, predicate);
}

/** Values an index can look up exactly; arrays, objects and regexes have match semantics we leave to mingo. */
function isIndexableValue(value: unknown): boolean {
  if (value === null) return true;
  const t = typeof value;
  return t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint' || value instanceof Date;
}

function isRangeValue(value: unknown): boolean {
  return value !== null && isIndexableValue(value);
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function predicateFor(value: unknown): FieldPredicate | undefined {
  if (!isOperatorObject(value)) return isIndexableValue(value) ? { equal: [value] } : undefined;
  if ('$eq' in value && isIndexableValue(value.$eq)) return { equal: [value.$eq] };
  if (Array.isArray(value.$in) && value.$in.every(isIndexableValue)) return { equal: value.$in };
  let low: RangeBound | undefined;
  let high: RangeBound | undefined;
  if (isRangeValue(value.$gte)) low = { value: value.$gte, inclusive: true };
  else if (isRangeValue(value.$gt)) low = { value: value.$gt, inclusive: false };
  if (isRangeValue(value.$lte)) high = { value: value.$lte, inclusive: true };
  else if (isRangeValue(value.$lt)) high = { value: value.$lt, inclusive: false };
  if (!low && !high) return undefined;
  // Bounds of different types cannot describe one contiguous stretch of the index; keep the lower one.
  if (low && high && typeof low.value !== typeof high.value) high = undefined;
  return { range: { low, high } };
}

interface Candidate {
  plan: QueryPlan & { kind: 'index-scan' };
  score: number;
  /** False for a plan that only walks the whole index to get the sort order. */
  usesKeys: boolean;
}

export function planQuery(collection: Collection, filter: Doc, sort: Record<string, 1 | -1> | undefined): QueryPlan {
  const shape = analyzeFilter(filter);
  const best = bestIndexPlan(collection, shape, sort);
  if (best?.usesKeys) return best.plan;
  if (shape.or.length > 0) {
    // Serve the first $or group when each of its branches can use an index's keys.
    const branches = shape.or[0].map((branch) => bestIndexPlan(collection, analyzeFilter(branch), undefined));
    if (branches.length > 0 && branches.every((b) => b?.usesKeys)) return { kind: 'union', plans: branches.map((b) => b!.plan) };
  }
  return best?.plan ?? { kind: 'collection-scan' };
}

function bestIndexPlan(collection: Collection, shape: FilterShape, sort: Record<string, 1 | -1> | undefined): Candidate | undefined {
  let best: Candidate | undefined;
  for (const index of collection.indexes.values()) {
    const candidate = planForIndex(index, shape, sort);
    if (candidate && (!best || candidate.score > best.score)) best = candidate;
  }
  return best;
}

function planForIndex(index: CollectionIndex, shape: FilterShape, sort: Record<string, 1 | -1> | undefined): Candidate | undefined {
  const keys = index.declaration.keys;
  let combinations: unknown[][] = [[]];
  let prefix = 0;
  for (const key of keys) {
    const equal = shape.fields.get(key.name)?.equal;
    if (!equal) break;
    if (combinations.length * equal.length > MAX_EQUALITY_COMBINATIONS) break;
    combinations = combinations.flatMap((c) => equal.map((v) => [...c, v]));
    prefix++;
  }
  let range = prefix < keys.length ? shape.fields.get(keys[prefix].name)?.range : undefined;
  // With arrays, `$gt`/`$lt` may be satisfied by different elements, so one contiguous key range would miss documents.
  if (range && index.multikey && range.low && range.high) range = { low: range.low };

  const sortOrder = sortServedBy(index, prefix, combinations.length, sort);
  if (prefix === 0 && !range && !sortOrder) return undefined;

  const usesKeys = prefix > 0 || !!range;
  const bounds: ScanBounds[] = usesKeys ? combinations.map((equal) => ({ equal, range })) : [{ equal: [] }];
  let score = prefix * 100 + (range ? 50 : 0) + (sortOrder ? 10 : 0) - keys.length;
  if (index.unique && prefix === keys.length) score += 1000;
  if (!usesKeys) score = 1;
  return { plan: { kind: 'index-scan', index, bounds, reverse: sortOrder === 'reverse', sortServed: !!sortOrder }, score, usesKeys };
}

/** Whether walking the index (forwards or backwards) yields documents already in `sort` order. */
function sortServedBy(index: CollectionIndex, prefix: number, combinations: number, sort: Record<string, 1 | -1> | undefined): 'forward' | 'reverse' | undefined {
  if (!sort || Object.keys(sort).length === 0) return undefined;
  if (index.multikey || combinations > 1) return undefined;
  const keys = index.declaration.keys;
  const fixed = new Set(keys.slice(0, prefix).map((k) => k.name));
  const wanted = Object.entries(sort).filter(([field]) => !fixed.has(field));
  if (wanted.length === 0) return 'forward';
  let order: 'forward' | 'reverse' | undefined;
  for (let i = 0; i < wanted.length; i++) {
    const key = keys[prefix + i];
    if (!key || key.name !== wanted[i][0]) return undefined;
    const here = key.direction === wanted[i][1] ? 'forward' : 'reverse';
    if (order && order !== here) return undefined;
    order = here;
  }
  return order;
}

/**
 * Strict index mode: the rule a filter (and sort) must satisfy, modelled on what makes a CloudBase query
 * fast rather than on Mongo's full planner:
 *   - an empty filter without sort is allowed (plain listing);
 *   - `_id` equality / `$in` is always covered;
 *   - otherwise some index's FIRST key must be an equality (`v`, `$eq`, `$in`) or range (`$gt/$gte/$lt/$lte`)
 *     field of the filter's top-level AND (including nested `$and`), or the first key of the sort
 *     (the index then walks in sort order; this also covers an empty filter with a sort);
 *   - a top-level `$or` is covered when each of its branches is covered by the rules above.
 * `$ne`, `$nin`, `$exists`, `$regex`, `$not`, `$elemMatch`, `$expr` … never make a field count.
 */
export function isCoveredByIndex(collection: Collection, filter: Doc, sort: Record<string, 1 | -1> | undefined): boolean {
  const firstKeys = new Set([...collection.indexes.values()].map((ix) => ix.declaration.keys[0]?.name));
  const sortFirst = sort ? Object.keys(sort)[0] : undefined;
  if (sortFirst !== undefined && firstKeys.has(sortFirst)) return true;
  const shape = analyzeFilter(filter);
  const fieldsCovered = (s: FilterShape): boolean => [...s.fields.keys()].some((f) => firstKeys.has(f));
  if (fieldsCovered(shape)) return true;
  if (shape.fields.size === 0 && shape.or.length === 0 && isPlainObject(filter) && Object.keys(filter).length === 0) return !sortFirst;
  if (shape.or.length > 0) return shape.or.every((group) => group.length > 0 && group.every((branch) => isCoveredByIndex(collection, branch, undefined)));
  return false;
}

export function describeUncovered(collection: Collection, filter: Doc, sort: Record<string, 1 | -1> | undefined): string {
  const fields = filterFieldNames(filter);
  const indexes = [...collection.indexes.values()].map((ix) => `${ix.name} (${ix.declaration.keys.map((k) => `${k.name}: ${k.direction}`).join(', ')})`);
  const sortText = sort && Object.keys(sort).length ? ` and sort ${JSON.stringify(sort)}` : '';
  return (
    `Query on collection "${collection.name}" with filter fields [${fields.join(', ')}]${sortText} is not covered by any index ` +
    `(strict index mode). Existing indexes: ${indexes.join('; ')}. Declare an index whose first key is an equality/range ` +
    `field of the filter (or the sort field) for this collection.`
  );
}

function filterFieldNames(filter: unknown, out = new Set<string>()): string[] {
  if (Array.isArray(filter)) for (const item of filter) filterFieldNames(item, out);
  else if (isPlainObject(filter)) {
    for (const [key, value] of Object.entries(filter)) {
      if (key.startsWith('$')) {
        if (key === '$and' || key === '$or' || key === '$nor') filterFieldNames(value, out);
      } else out.add(key);
    }
  }
  return [...out];
}
