/**
 * Unique indexes, checked at three moments: a batch about to be committed (against the committed state),
 * a document a transaction stages (against what that transaction sees), and a plain write whose key an
 * open transaction has staged (the plain write waits for that transaction, as MongoDB's does).
 */
import type { Doc } from '../types';
import { duplicateKeyError, ID_INDEX, type Collection } from './collection';
import type { CollectionIndex } from './indexes';
import { changesByCollection, type PendingChange } from './pending-change';
import { transactionConflict, type Transaction, type TransactionManager } from './transactions';
import { keyString } from './values';

/** Fails, before anything is logged, when the batch would leave two documents with one unique key. */
export function assertUniqueAfterBatch(changes: PendingChange[]): void {
  for (const [collection, list] of changesByCollection(changes)) {
    const touched = new Set(list.map((c) => c.id));
    for (const index of collection.indexes.values()) {
      if (!index.unique && index.declaration.keys.length > 1) {
        // Key extraction can refuse a document (parallel arrays); find out before anything is logged.
        for (const change of list) if (change.after) index.keysOf(change.after);
      }
      // _id uniqueness is settled before commit: inserts check the id map, updates cannot change _id.
      if (!index.unique || index.name === ID_INDEX.name) continue;
      const claimed = new Map<string, string>();
      for (const change of list) {
        if (!change.after) continue;
        for (const key of index.keysOf(change.after)) {
          const k = keyString(key);
          const holder = claimed.get(k);
          if (holder !== undefined && holder !== change.id) throw duplicateKeyError(collection.name, index.declaration, key);
          claimed.set(k, change.id);
          for (const other of index.idsWithKey(key)) {
            if (other !== change.id && !touched.has(other)) throw duplicateKeyError(collection.name, index.declaration, key);
          }
        }
      }
    }
  }
}

/**
 * A transaction stages `doc` as document `id`. Its unique keys must be free in what the transaction sees
 * (else DATABASE_DUPLICATE_WRITE). A key that someone took or gave up after the transaction started, or
 * that another open transaction has staged, is one the transaction cannot see the truth of: a write
 * conflict, as MongoDB reports it.
 */
export function assertUniqueForTransaction(transactions: TransactionManager, tx: Transaction, collection: Collection, id: string, doc: Doc): void {
  const own = tx.staged.get(collection.name);
  const start = tx.startState.get(collection.name);
  for (const index of secondaryUniqueIndexes(collection)) {
    for (const key of index.keysOf(doc)) {
      const k = keyString(key);
      if (own) {
        for (const [other, otherDoc] of own) {
          if (other !== id && otherDoc && holdsKey(index, otherDoc, k)) throw duplicateKeyError(collection.name, index.declaration, key);
        }
      }
      for (const other of index.idsWithKey(key)) {
        if (other === id || own?.has(other)) continue;
        if (tx.changedSinceStart(collection.name, other)) throw transactionConflict();
        throw duplicateKeyError(collection.name, index.declaration, key);
      }
      if (start) {
        for (const [other, before] of start) {
          if (other !== id && !own?.has(other) && before && holdsKey(index, before, k)) throw transactionConflict();
        }
      }
      if (transactionStagingKey(transactions, collection, index, k, tx)) throw transactionConflict();
    }
  }
}

/** An open transaction that has staged a unique key these plain writes need: they wait for it to end. */
export function transactionStagingKeyOf(transactions: TransactionManager, changes: PendingChange[]): Transaction | undefined {
  if (transactions.openCount === 0) return undefined;
  for (const change of changes) {
    if (!change.after) continue;
    for (const index of secondaryUniqueIndexes(change.collection)) {
      for (const key of index.keysOf(change.after)) {
        const holder = transactionStagingKey(transactions, change.collection, index, keyString(key));
        if (holder) return holder;
      }
    }
  }
  return undefined;
}

function transactionStagingKey(transactions: TransactionManager, collection: Collection, index: CollectionIndex, k: string, except?: Transaction): Transaction | undefined {
  for (const tx of transactions.openTransactions()) {
    if (tx === except) continue;
    const staged = tx.staged.get(collection.name);
    if (!staged) continue;
    for (const doc of staged.values()) if (doc && holdsKey(index, doc, k)) return tx;
  }
  return undefined;
}

function secondaryUniqueIndexes(collection: Collection): CollectionIndex[] {
  const out: CollectionIndex[] = [];
  for (const index of collection.indexes.values()) if (index.unique && index.name !== ID_INDEX.name) out.push(index);
  return out;
}

function holdsKey(index: CollectionIndex, doc: Doc, k: string): boolean {
  return index.keysOf(doc).some((key) => keyString(key) === k);
}
