/**
 * Open transactions, under the snapshot isolation CloudBase runs them with (its document database is
 * MongoDB). WeChat's guide to transactions (developers.weixin.qq.com … wxcloud/guide/database/transaction,
 * 「快照隔离」) states the model:
 *   1. reads inside a transaction return its snapshot, not the current data;
 *   2. a write changes the snapshot (so later reads in it see it) and puts a transaction lock on the document;
 *   3. a document under another transaction's lock: a transaction's write to it fails at once, a plain
 *      update waits until the lock is released or times out;
 *   4. on commit the changed snapshot is written atomically.
 * MongoDB's manual says the same (Production Considerations → "In-progress Transactions and Write
 * Conflicts"), and adds that a transaction's write to a document committed by someone else after the
 * transaction started is a write conflict too. Nothing is validated at commit: a read-only transaction
 * always commits, and two transactions that read each other's documents and write disjoint ones both
 * commit (write skew is possible, as on CloudBase).
 */
import { randomBytes } from 'node:crypto';
import type { Doc } from '../types';
import { DatabaseError } from '../types';

/**
 * The service's own answer for an id that is unknown, committed, aborted (a conflict aborts it) or older
 * than the transaction lifetime, word for word as @cloudbase/node-sdk's transaction tests expect it
 * (TencentCloudBase/node-sdk test/database/unit/transaction.test.ts, 「事务提交后, 不能进行其它操作」).
 */
export const TRANSACTION_NOT_EXIST_MESSAGE =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';

/** The service's answer to a write conflict (same test file, 「读偏」); runTransaction retries on its code. */
export const TRANSACTION_CONFLICT_MESSAGE =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';

export function transactionNotExist(): DatabaseError {
  return new DatabaseError('DATABASE_TRANSACTION_FAIL', TRANSACTION_NOT_EXIST_MESSAGE);
}

export function transactionConflict(): DatabaseError {
  return new DatabaseError('DATABASE_TRANSACTION_CONFLICT', TRANSACTION_CONFLICT_MESSAGE);
}

/** A document as a transaction stages it; null when the transaction deletes it. */
export type StagedDocument = Doc | null;

export class Transaction {
  /** Per collection: id → the document as this transaction will commit it (null = deleted). */
  readonly staged = new Map<string, Map<string, StagedDocument>>();
  /**
   * Per collection: id → the document as it was when the transaction started (null = did not exist),
   * for every document committed since. Reads see these instead of the current state, and a write to one
   * of them is a write conflict: its presence is exactly "changed by someone else since the start".
   */
  readonly startState = new Map<string, Map<string, StagedDocument>>();
  /** `collection\0id` of documents whose staged state replaces (rather than updates) the committed one. */
  readonly replaced = new Set<string>();
  /** `collection\0id` keys this transaction holds the write lock of. */
  readonly locks = new Set<string>();
  /** Resolves when the transaction ends (commit, abort, conflict, expiry): plain writes it blocked go on. */
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  expiryTimer?: NodeJS.Timeout;

  constructor(readonly id: string) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  stagedFor(collection: string): Map<string, StagedDocument> {
    let map = this.staged.get(collection);
    if (!map) this.staged.set(collection, (map = new Map()));
    return map;
  }

  changedSinceStart(collection: string, id: string): boolean {
    return this.startState.get(collection)?.has(id) ?? false;
  }

  /** Called before a commit changes a document; only the first (the state at the start) is kept. */
  rememberStartState(collection: string, id: string, doc: StagedDocument): void {
    let map = this.startState.get(collection);
    if (!map) this.startState.set(collection, (map = new Map()));
    if (!map.has(id)) map.set(id, doc);
  }

  /**
   * What this transaction sees instead of the committed document, by id: its own writes over its
   * snapshot. Undefined when it sees the collection exactly as committed.
   */
  overlay(collection: string): Map<string, StagedDocument> | undefined {
    const staged = this.staged.get(collection);
    const start = this.startState.get(collection);
    if (!start || start.size === 0) return staged;
    if (!staged || staged.size === 0) return start;
    const merged = new Map(start);
    for (const [id, doc] of staged) merged.set(id, doc);
    return merged;
  }

  end(): void {
    clearTimeout(this.expiryTimer);
    this.markEnded();
  }
}

export function documentKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  /** `collection\0id` → the open transaction holding that document's write lock. */
  private readonly lockHolders = new Map<string, Transaction>();

  /** @param lifetimeMs how long a transaction may stay open (CloudBase: 30 s from its start). */
  constructor(readonly lifetimeMs: number) {}

  start(): Transaction {
    const tx = new Transaction(randomBytes(16).toString('hex'));
    this.open.set(tx.id, tx);
    tx.expiryTimer = setTimeout(() => this.finish(tx), this.lifetimeMs);
    tx.expiryTimer.unref();
    return tx;
  }

  /** The open transaction with this id; anything else is the service's TransactionNotExist. */
  get(id: string): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!tx) throw transactionNotExist();
    return tx;
  }

  isOpen(tx: Transaction): boolean {
    return this.open.get(tx.id) === tx;
  }

  lockHolder(collection: string, id: string): Transaction | undefined {
    return this.lockHolders.get(documentKey(collection, id));
  }

  /** Takes the write lock of a document for `tx`; the caller has checked that no one else holds it. */
  lock(tx: Transaction, collection: string, id: string): void {
    const key = documentKey(collection, id);
    this.lockHolders.set(key, tx);
    tx.locks.add(key);
  }

  /** Ends the transaction: its locks are released and plain writes waiting for them go on. */
  finish(tx: Transaction): void {
    if (!this.open.delete(tx.id)) return;
    for (const key of tx.locks) if (this.lockHolders.get(key) === tx) this.lockHolders.delete(key);
    tx.end();
  }

  abortAll(): void {
    for (const tx of [...this.open.values()]) this.finish(tx);
  }

  get openCount(): number {
    return this.open.size;
  }

  openTransactions(): IterableIterator<Transaction> {
    return this.open.values();
  }

  /**
   * A commit is about to change these documents: every open transaction keeps the state it started with
   * (its snapshot), and will conflict if it writes one of them.
   */
  rememberStartStates(changes: Iterable<{ collection: string; id: string; before: StagedDocument }>): void {
    if (this.open.size === 0) return;
    for (const change of changes) {
      for (const tx of this.open.values()) tx.rememberStartState(change.collection, change.id, change.before);
    }
  }
}
