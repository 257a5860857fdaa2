/**
 * Open transactions: staged writes (invisible to others until commit), the versions of every document a
 * transaction has seen (validated at commit: first committer wins), and which transaction holds each
 * written document (a second writer fails at once, as MongoDB's WriteConflict).
 */
import { randomBytes } from 'node:crypto';
import type { Doc } from '../types';
import { DatabaseError } from '../types';

export class Transaction {
  /** Per collection: id → staged document, or null when the transaction deleted it. */
  readonly staged = new Map<string, Map<string, Doc | null>>();
  /** `collection\0id` → committed version when first seen (0 = did not exist). */
  readonly observed = new Map<string, number>();
  /** Documents whose staged state replaces (rather than updates) the committed one. */
  readonly replaced = new Set<string>();
  /** `collection\0id` keys this transaction holds as writer. */
  readonly claims = new Set<string>();
  timer?: NodeJS.Timeout;

  constructor(readonly id: string) {}

  stagedFor(collection: string): Map<string, Doc | null> {
    let map = this.staged.get(collection);
    if (!map) this.staged.set(collection, (map = new Map()));
    return map;
  }

  observe(collection: string, id: string, version: number): void {
    const key = documentKey(collection, id);
    if (!this.observed.has(key)) this.observed.set(key, version);
  }
}

export function documentKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  private readonly writers = new Map<string, string>();
  /** Why recently finished transactions ended, for a helpful error when a client reuses the id. */
  private readonly finished = new Map<string, string>();

  constructor(private readonly idleMs: number) {}

  start(): Transaction {
    const tx = new Transaction(randomBytes(16).toString('hex'));
    this.open.set(tx.id, tx);
    this.touch(tx);
    return tx;
  }

  get(id: string): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!tx) {
      const reason = this.finished.get(id);
      throw new DatabaseError('DATABASE_TRANSACTION_FAIL', reason ? `Transaction ${id} has already ${reason}` : `Transaction ${id} does not exist`);
    }
    this.touch(tx);
    return tx;
  }

  /** Marks `tx` as the writer of a document; another open writer means a write conflict. */
  claim(tx: Transaction, collection: string, id: string): void {
    const key = documentKey(collection, id);
    const holder = this.writers.get(key);
    if (holder !== undefined && holder !== tx.id) {
      this.finish(tx, 'been aborted after a write conflict');
      throw new DatabaseError(
        'DATABASE_TRANSACTION_CONFLICT',
        `Write conflict: document ${id} in ${collection} is being written by another transaction; transaction ${tx.id} was aborted`,
      );
    }
    this.writers.set(key, tx.id);
    tx.claims.add(key);
  }

  finish(tx: Transaction, reason: string): void {
    if (!this.open.delete(tx.id)) return;
    clearTimeout(tx.timer);
    for (const key of tx.claims) if (this.writers.get(key) === tx.id) this.writers.delete(key);
    this.finished.set(tx.id, reason);
    if (this.finished.size > 1000) this.finished.delete(this.finished.keys().next().value!);
  }

  abortAll(reason: string): void {
    for (const tx of [...this.open.values()]) this.finish(tx, reason);
  }

  get openCount(): number {
    return this.open.size;
  }

  private touch(tx: Transaction): void {
    clearTimeout(tx.timer);
    tx.timer = setTimeout(() => this.finish(tx, `been aborted after ${this.idleMs / 1000} s idle`), this.idleMs);
    tx.timer.unref();
  }
}
