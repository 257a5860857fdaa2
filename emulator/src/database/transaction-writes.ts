/**
 * Writes and transactions meeting (the model is in transactions.ts): a transaction stages its writes
 * under document locks, checked against its snapshot; a plain write to a document a running transaction
 * has locked (or to a unique key it has staged) waits for that transaction to end, then runs again.
 */
import type { Doc } from '../types';
import { DatabaseError } from '../types';
import { duplicateKeyError, ID_INDEX, type Collection } from './collection';
import { collectionNotExist } from './errors';
import type { PendingChange } from './pending-change';
import { documentKey, transactionConflict, type Transaction, type TransactionManager } from './transactions';
import { assertUniqueForTransaction, transactionStagingKeyOf } from './unique-checks';

/** Stages a plan's changes in `tx`; the first refused one throws (the caller then aborts `tx`). */
export function stageChanges(transactions: TransactionManager, tx: Transaction, changes: PendingChange[]): void {
  for (const change of changes) {
    if (change.type === 'insert') stageInsert(transactions, tx, change.collection, change.id, change.after!);
    else stageWrite(transactions, tx, change.collection, change.id, change.after, change.type === 'replace');
  }
}

function stageInsert(transactions: TransactionManager, tx: Transaction, collection: Collection, id: string, doc: Doc): void {
  if (visibleInTransaction(tx, collection, id)) throw duplicateKeyError(collection.name, ID_INDEX, [doc._id]);
  // A document the transaction deleted and inserts again is, at commit, a replacement.
  stageWrite(transactions, tx, collection, id, doc, collection.docs.has(id));
}

/**
 * A document changed by someone else since the transaction started, or locked by another open
 * transaction, is a write conflict: the first writer wins (MongoDB aborts the second at its write).
 */
function stageWrite(transactions: TransactionManager, tx: Transaction, collection: Collection, id: string, doc: Doc | null, replaces: boolean): void {
  if (tx.changedSinceStart(collection.name, id)) throw transactionConflict();
  const holder = transactions.lockHolder(collection.name, id);
  if (holder && holder !== tx) throw transactionConflict();
  if (doc) assertUniqueForTransaction(transactions, tx, collection, id, doc);
  transactions.lock(tx, collection.name, id);
  tx.stagedFor(collection.name).set(id, doc);
  if (replaces) tx.replaced.add(documentKey(collection.name, id));
}

function visibleInTransaction(tx: Transaction, collection: Collection, id: string): boolean {
  const staged = tx.staged.get(collection.name);
  if (staged?.has(id)) return staged.get(id) !== null;
  const start = tx.startState.get(collection.name);
  if (start?.has(id)) return start.get(id) !== null;
  return collection.docs.has(id);
}

/** The transaction's staged writes as one batch against the committed state. */
export function transactionChanges(tx: Transaction, collections: Map<string, Collection>): PendingChange[] {
  const changes: PendingChange[] = [];
  for (const [collectionName, staged] of tx.staged) {
    const collection = collections.get(collectionName);
    if (!collection) throw collectionNotExist(collectionName);
    for (const [id, after] of staged) {
      const before = collection.docs.get(id);
      if (!before && !after) continue;
      const type = !before ? 'insert' : !after ? 'remove' : tx.replaced.has(documentKey(collectionName, id)) ? 'replace' : 'update';
      changes.push({ collection, id, before, after, type });
    }
  }
  return changes;
}

/** The open transaction a plain write must wait for: it locked one of the documents, or staged a unique key they need. */
export function transactionBlocking(transactions: TransactionManager, changes: PendingChange[]): Transaction | undefined {
  if (transactions.openCount === 0) return undefined;
  for (const change of changes) {
    const holder = transactions.lockHolder(change.collection.name, change.id);
    if (holder) return holder;
  }
  return transactionStagingKeyOf(transactions, changes);
}

/**
 * Waits until `tx` ends, at most until `deadline`. MongoDB blocks such a write "until the transaction
 * ends, or until maxTimeMS expires" (SERVER-34650); the default deadline is the transaction lifetime, by
 * which the holder has been aborted, so in practice the write always goes on.
 */
export async function waitForTransactionEnd(tx: Transaction, deadline: number): Promise<void> {
  const remaining = deadline - Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut =
    remaining <= 0 ||
    (await Promise.race([tx.ended.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), remaining)))]));
  clearTimeout(timer);
  if (timedOut) throw lockWaitExpired();
}

/** The wording of MongoDB's MaxTimeMSExpired, in CloudBase's `[FailedOperation] (CodeName) …` form. */
function lockWaitExpired(): DatabaseError {
  return new DatabaseError(
    'DATABASE_REQUEST_FAILED',
    '[FailedOperation] (MaxTimeMSExpired) operation exceeded time limit: the document is locked by a running transaction',
  );
}
