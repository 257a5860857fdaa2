/**
 * What an insert, update or remove would change, computed against what its caller sees (the committed
 * state, or a transaction's snapshot with its own writes) without changing anything. The engine then
 * commits the plan at once, or stages it in the transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Doc, UpdateOptions, UpdateResult } from '../types';
import { duplicateKeyError, ID_INDEX, type Collection } from './collection';
import type { PendingChange } from './pending-change';
import { selectDocuments, type CollectionView } from './query-runner';
import { applyUpdate, upsertSeed } from './update-apply';
import { cloneValue, deepEqual, idKey } from './values';
import { publicId } from './write-commit';
import { assertStorableDocument } from './write-validation';

export interface WritePlan<R> {
  changes: PendingChange[];
  result: R;
}

/** Copies of the documents with their ids (generated where missing); one id twice in a batch is refused. */
export function planInsert(collection: Collection, docs: Doc[]): WritePlan<string[]> {
  const changes: PendingChange[] = [];
  const seen = new Set<string>();
  for (const doc of docs) {
    assertStorableDocument(doc);
    let copy = cloneValue(doc);
    if (copy._id === undefined || copy._id === null) copy = withGeneratedId(copy);
    const id = idKey(copy._id);
    if (seen.has(id)) throw duplicateKeyError(collection.name, ID_INDEX, [copy._id]);
    seen.add(id);
    changes.push({ collection, id, after: copy, type: 'insert' });
  }
  return { changes, result: changes.map((c) => publicId(c.after!._id)) };
}

/**
 * `updated` counts every matched document, changed or not: CloudBase reports a write that matched but
 * changed nothing as updated 1 (Document.set: "updated: 1 if the _id exists, else 0"), so only the
 * writes that change something become changes (and change events).
 */
export function planUpdate(view: CollectionView, query: Doc, update: Doc, options: UpdateOptions): WritePlan<UpdateResult> {
  const { multi = false, upsert = false, merge = true } = options;
  const { collection } = view;
  const targets = selectDocuments(view, query, { limit: multi ? undefined : 1 });
  if (targets.length === 0 && upsert) {
    const seed = upsertSeed(query);
    let doc = merge ? applyUpdate(seed, update, true, true) : applyUpdate({ _id: update._id ?? seed._id }, update, false);
    if (doc._id === undefined || doc._id === null) doc = withGeneratedId(doc);
    return { changes: [{ collection, id: idKey(doc._id), after: doc, type: 'insert' }], result: { matched: 0, updated: 0, upsertedId: publicId(doc._id) } };
  }
  const type = merge ? 'update' : 'replace';
  const changes: PendingChange[] = [];
  for (const doc of targets) {
    const next = applyUpdate(doc, update, merge);
    if (deepEqual(doc, next)) continue;
    const id = idKey(doc._id);
    changes.push({ collection, id, before: collection.docs.get(id), after: next, type });
  }
  return { changes, result: { matched: targets.length, updated: targets.length } };
}

/** A plain write's inserts against the committed state (a transaction checks its own view instead). */
export function assertInsertsAreNew(collection: Collection, changes: PendingChange[]): void {
  for (const change of changes) {
    if (change.type === 'insert' && collection.docs.has(change.id)) throw duplicateKeyError(collection.name, ID_INDEX, [change.after!._id]);
  }
}

export function planRemove(view: CollectionView, query: Doc, multi: boolean): WritePlan<number> {
  const { collection } = view;
  const targets = selectDocuments(view, query, { limit: multi ? undefined : 1 });
  const changes: PendingChange[] = targets.map((doc) => {
    const id = idKey(doc._id);
    return { collection, id, before: collection.docs.get(id), after: null, type: 'remove' };
  });
  return { changes, result: changes.length };
}

/** CloudBase-style document id: 32 random hex characters. */
export function newDocumentId(): string {
  // One randomBytes call per id dominated bulk inserts; draw from a pooled buffer instead.
  if (idPoolOffset + 16 > idPool.length) {
    idPool = randomBytes(16 * 4096);
    idPoolOffset = 0;
  }
  const id = idPool.toString('hex', idPoolOffset, idPoolOffset + 16);
  idPoolOffset += 16;
  return id;
}

let idPool = Buffer.alloc(0);
let idPoolOffset = 0;

/** Generated ids go first, as CloudBase shows documents. */
export function withGeneratedId(doc: Doc): Doc {
  const { _id: _missing, ...fields } = doc;
  return { _id: newDocumentId(), ...fields };
}
