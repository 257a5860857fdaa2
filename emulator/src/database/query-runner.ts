/** Runs a filter against a collection (optionally seen through a transaction's snapshot and own writes). */
import { Query } from 'mingo/query';
import type { Doc, FindOptions } from '../types';
import type { Collection } from './collection';
import { asDatabaseError } from './errors';
import { distinctBounds, isExactPlan } from './exact-plan';
import { planQuery, type QueryPlan } from './index-planner';
import { nearClauseOf, nearestMeters, type NearClause } from './operators/geo/geo-query-operators';
import { jsonSchemaValidator, OPERATOR_CONTEXT } from './operators/index';
import { idKey } from './values';

/** The committed collection, with what a transaction sees instead (by id; null = absent) layered on top. */
export interface CollectionView {
  collection: Collection;
  staged?: Map<string, Doc | null>;
}

export interface ScanStats {
  index: string | null;
  /** Documents read and tested against the filter. */
  scanned: number;
  sortServed: boolean;
  /** The index bounds alone decided the matches (no document was tested). */
  exact?: boolean;
}

/** Every mingo call goes through these: MongoDB's `_id`, and the operator set fixed to MongoDB's definitions. */
export const MINGO_OPTIONS = { idKey: '_id', context: OPERATOR_CONTEXT, jsonSchemaValidator } as const;

export function compileFilter(filter: Doc): Query {
  return guard(() => new Query(filter ?? {}, MINGO_OPTIONS));
}

export function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asDatabaseError(error);
  }
}

/** Matching documents (stored objects, not copies) in result order, honouring sort/skip/limit. */
export function selectDocuments(view: CollectionView, filter: Doc, options: Omit<FindOptions, 'projection'> = {}, stats?: ScanStats): Doc[] {
  const query = compileFilter(filter);
  const { collection } = view;
  const staged = view.staged && view.staged.size > 0 ? view.staged : undefined;
  const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
  // $near / $nearSphere order results by distance unless a sort is given (MongoDB: sort() overrides it).
  const near = sort ? undefined : guard(() => nearClauseOf(filter));
  const plan = planQuery(collection, filter, sort);
  const skip = Math.max(0, options.skip ?? 0);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const report = stats ?? { index: null, scanned: 0, sortServed: false };
  report.index = planIndexName(plan);
  report.sortServed = false;

  const lookup = (id: string): Doc | null | undefined => (staged?.has(id) ? staged.get(id) : collection.docs.get(id)?.doc);
  const exact = !staged && isExactPlan(plan, filter);
  report.exact = exact;
  const test = exact ? () => true : (doc: Doc): boolean => guard(() => query.test(doc));

  // Candidates already in result order (index order, or no sort at all): stop as soon as the page is full.
  const inOrder = (plan.kind === 'index-scan' && plan.sortServed) || (!sort && !near);
  if (inOrder && !staged) {
    report.sortServed = plan.kind === 'index-scan' && plan.sortServed;
    const out: Doc[] = [];
    let skipped = 0;
    for (const id of candidateIds(plan, collection)) {
      // An exact plan's every candidate matches, so a deep page skips ids without reading documents.
      if (exact && skipped < skip) {
        skipped++;
        continue;
      }
      const doc = lookup(id);
      if (!doc) continue;
      report.scanned++;
      if (!test(doc)) continue;
      if (skipped < skip) skipped++;
      else out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  const matches: Doc[] = [];
  const seen = staged ? new Set<string>() : undefined;
  for (const id of candidateIds(plan, collection)) {
    seen?.add(id);
    const doc = lookup(id);
    if (!doc) continue;
    report.scanned++;
    if (test(doc)) matches.push(doc);
  }
  if (staged) {
    // Documents the transaction inserted or changed may not be reachable through the committed index.
    for (const [id, doc] of staged) {
      if (!doc || seen!.has(id)) continue;
      report.scanned++;
      if (test(doc)) matches.push(doc);
    }
  }
  const ordered = sort ? sortDocuments(matches, sort) : near ? sortByDistance(matches, near) : matches;
  return limit === Infinity && skip === 0 ? ordered : ordered.slice(skip, skip + limit);
}

export function countDocuments(view: CollectionView, filter: Doc): number {
  if (!view.staged || view.staged.size === 0) {
    const plan = planQuery(view.collection, filter, undefined);
    if (isExactPlan(plan, filter)) return distinctBounds(plan).reduce((n, bounds) => n + plan.index.countInBounds(bounds), 0);
  }
  return selectDocuments(view, filter).length;
}

export function sortDocuments(docs: Doc[], sort: Record<string, 1 | -1>): Doc[] {
  return guard(() => new Query({}, MINGO_OPTIONS).find<Doc>(docs).sort(sort).all());
}

function sortByDistance(docs: Doc[], near: NearClause): Doc[] {
  const distances = new Map(docs.map((doc) => [doc, nearestMeters(doc, near.path, near.point) ?? Infinity]));
  return docs.slice().sort((a, b) => distances.get(a)! - distances.get(b)!);
}

export function projectDocuments(docs: Doc[], projection: Record<string, unknown> | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  return guard(() => new Query({}, MINGO_OPTIONS).find<Doc>(docs, projection).all());
}

function* candidateIds(plan: QueryPlan, collection: Collection): Generator<string> {
  if (plan.kind === 'collection-scan') {
    yield* collection.docs.keys();
    return;
  }
  // Multikey documents and overlapping bounds ($in, $or) can reach the same id more than once.
  const seen = new Set<string>();
  for (const id of rawCandidateIds(plan, collection)) {
    if (seen.has(id)) continue;
    seen.add(id);
    yield id;
  }
}

function* rawCandidateIds(plan: QueryPlan, collection: Collection): Generator<string> {
  if (plan.kind === 'collection-scan') yield* collection.docs.keys();
  else if (plan.kind === 'union') for (const branch of plan.plans) yield* rawCandidateIds(branch, collection);
  else for (const bounds of plan.bounds) yield* plan.index.scan(bounds, plan.reverse);
}

function planIndexName(plan: QueryPlan): string | null {
  if (plan.kind === 'index-scan') return plan.index.name;
  if (plan.kind === 'union') return [...new Set(plan.plans.map(planIndexName))].join('+');
  return null;
}

export function documentId(doc: Doc): string {
  return idKey(doc._id);
}
