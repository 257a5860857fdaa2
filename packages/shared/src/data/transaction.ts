import type { DocumentOf } from '@partner-desk/database';
import { AppError } from '../errors';
import { db, findDocument, type Command, type Database, type NewDocument, type Transaction, type UpdateData, type Writable } from './database';
import { isDuplicateKey, isTransactionConflict } from './database-errors';
import type { NewTenantDocument, TenantCollectionName, TenantRef, UnscopedCollectionName } from './tenant-scope';

/** Bounded: ten tries with jittered backoff (at most ~2 s in all) ride out a burst of writers on one document. */
const DEFAULT_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 300;
const DEFAULT_NOT_FOUND = '记录不存在';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in one database transaction, retrying the whole of it when the transaction lost to another
 * writer (isTransactionConflict: CloudBase's conflict and aborted-transaction answers). A duplicate key
 * inside the transaction is retried too: it means a concurrent writer committed what this one read as
 * free (a ticket number, a message id), and the retry reads it. AppErrors (NOT_FOUND,
 * FAILED_PRECONDITION …) roll back and pass through; a conflict that outlasts the attempts is CONFLICT.
 *
 * The database gives each transaction a snapshot and aborts only write-write conflicts (first writer
 * wins), as MongoDB does: a decision is safe only when it rests on a document the same transaction
 * writes, or on an insert whose unique _id or index catches the race. Every caller says why its
 * decisions are.
 */
export interface RetryOptions {
  attempts?: number;
  /**
   * False when a duplicate key means "taken" rather than "someone committed what this read as free"
   * (a provider name, a username): the error then passes through for the caller to answer CONFLICT.
   */
  retryDuplicateKey?: boolean;
  database?: Database;
}

export async function runTransactionWithRetry<T>(work: (transaction: Transaction) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = DEFAULT_ATTEMPTS, retryDuplicateKey = true, database = db() } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      // 0: no retry inside the SDK (it retries only a bare DATABASE_TRANSACTION_CONFLICT), so attempts are counted here only.
      return await database.runTransaction(work, 0);
    } catch (err) {
      if (err instanceof AppError || !(isTransactionConflict(err) || (retryDuplicateKey && isDuplicateKey(err)))) throw err;
      if (attempt >= attempts) throw new AppError('CONFLICT', '操作冲突，请稍后重试');
      console.info(`[transaction] conflict on attempt ${attempt}, retrying`);
      // Full jitter over an exponentially growing window (capped): writers that collided spread out.
      await sleep(5 + Math.floor(Math.random() * Math.min(MAX_BACKOFF_MS, 10 * 2 ** attempt)));
    }
  }
}

/** What a transaction saw at an id of a tenant collection: this tenant's document, nothing, or another provider's. */
type Seen = 'own' | 'absent' | 'foreign';

/** A tenant collection inside a transaction: doc() operations scoped to the tenant. */
export interface ScopedTransactionCollection<D extends { _id: string; serviceProviderId: string }> {
  /** This tenant's document, or null: missing and another provider's read alike. */
  findById(id: string): Promise<D | null>;
  getById(id: string, notFoundMessage?: string): Promise<D>;
  /** Creates a document of this tenant as an insert, never an upsert: an id taken meanwhile fails with a duplicate key, and the retry sees it. */
  insert(doc: NewTenantDocument<D> & { _id: string }): Promise<void>;
  /** Updates this tenant's document (read in this transaction, or read now): another provider's id is NOT_FOUND. */
  update(id: string, data: UpdateData<D>, notFoundMessage?: string): Promise<void>;
  /**
   * Writes the whole document at `id` as this transaction found it: an insert where nothing was (a
   * concurrent creator then fails this one with a duplicate key), a replacement of this tenant's document.
   * Another provider's document there is NOT_FOUND, unless `takeOverForeign` says the id is derived from
   * something this tenant now owns (a conversation's id is its customer's).
   */
  save(id: string, doc: Writable<Omit<D, '_id' | 'serviceProviderId'>>, options?: { takeOverForeign?: boolean }): Promise<void>;
}

/** A collection without tenant (see UnscopedCollectionName) inside a transaction. */
export interface UnscopedTransactionCollection<D extends { _id: string }> {
  findById(id: string): Promise<D | null>;
  insert(doc: NewDocument<D> & { _id: string }): Promise<void>;
  update(id: string, data: UpdateData<D>): Promise<void>;
}

/** One transaction as a tenant sees it: the one way repositories write several documents together. */
export interface ScopedTransaction {
  readonly tenant: TenantRef;
  readonly command: Command;
  /** A tenant collection, scoped to this transaction's tenant. */
  scoped<N extends TenantCollectionName>(name: N): ScopedTransactionCollection<DocumentOf<N>>;
  /** A collection without tenant (UnscopedCollectionName). */
  unscoped<N extends UnscopedCollectionName>(name: N): UnscopedTransactionCollection<DocumentOf<N>>;
}

/**
 * Tenant scoping inside a transaction, where only doc() operations exist: a read checks the document's
 * owner (another provider's reads as missing), a write is stamped with the tenant, and a write to an id
 * is allowed only where this transaction saw this tenant's document (or, for save(), nothing).
 */
export function scopedTransaction(tenant: TenantRef, transaction: Transaction, command: Command = db().command): ScopedTransaction {
  const seen = new Map<string, Seen>();

  function tenantCollection<N extends TenantCollectionName>(name: N): ScopedTransactionCollection<DocumentOf<N>> {
    type D = DocumentOf<N>;
    const ref = transaction.collection(name);
    const key = (id: string) => `${name}/${id}`;

    const findById = async (id: string): Promise<D | null> => {
      const doc = await findDocument(ref.doc(id));
      const state: Seen = !doc ? 'absent' : doc.serviceProviderId === tenant.serviceProviderId ? 'own' : 'foreign';
      seen.set(key(id), state);
      return state === 'own' ? doc : null;
    };
    const seenAt = async (id: string): Promise<Seen> => {
      if (!seen.has(key(id))) await findById(id);
      return seen.get(key(id))!;
    };
    const stamped = (doc: object) => ({ ...doc, serviceProviderId: tenant.serviceProviderId });

    return {
      findById,
      async getById(id, notFoundMessage = DEFAULT_NOT_FOUND) {
        const doc = await findById(id);
        if (!doc) throw new AppError('NOT_FOUND', notFoundMessage);
        return doc;
      },
      async insert(doc) {
        await ref.add({ data: stamped(doc) as unknown as NewDocument<D> });
        seen.set(key(doc._id), 'own');
      },
      async update(id, data, notFoundMessage = DEFAULT_NOT_FOUND) {
        if ((await seenAt(id)) !== 'own') throw new AppError('NOT_FOUND', notFoundMessage);
        await ref.doc(id).update({ data });
      },
      async save(id, doc, options = {}) {
        const state = await seenAt(id);
        if (state === 'absent') await ref.add({ data: stamped({ _id: id, ...doc }) as unknown as NewDocument<D> });
        else if (state === 'own' || options.takeOverForeign) await ref.doc(id).set({ data: stamped(doc) as unknown as Writable<Omit<D, '_id'>> });
        else throw new AppError('NOT_FOUND', DEFAULT_NOT_FOUND);
        seen.set(key(id), 'own');
      },
    };
  }

  return { tenant, command, scoped: tenantCollection, unscoped: (name) => unscopedCollection(transaction, name) };
}

function unscopedCollection<N extends UnscopedCollectionName>(transaction: Transaction, name: N): UnscopedTransactionCollection<DocumentOf<N>> {
  const ref = transaction.collection(name);
  return {
    findById: (id) => findDocument(ref.doc(id)),
    async insert(doc) {
      await ref.add({ data: doc });
    },
    async update(id, data) {
      await ref.doc(id).update({ data });
    },
  };
}

/** A transaction that touches no provider's data (UnscopedCollectionName only). */
export interface UnscopedTransaction {
  unscoped<N extends UnscopedCollectionName>(name: N): UnscopedTransactionCollection<DocumentOf<N>>;
}

/** `work` in one transaction over collections without tenant, retried on conflict (runTransactionWithRetry). */
export function runUnscopedTransaction<T>(work: (transaction: UnscopedTransaction) => Promise<T>, options: Omit<RetryOptions, 'database'> = {}): Promise<T> {
  const database = db();
  return runTransactionWithRetry((transaction) => work({ unscoped: (name) => unscopedCollection(transaction, name) }), { ...options, database });
}

/**
 * What a caller adds to another domain's transaction, so its own record commits with the change: the
 * PC gateway records a delivery there, or marks a parked event applied. `before` runs first and may stop
 * the work (false: nothing is written); `after` runs last.
 */
export interface TransactionGuard {
  before?(transaction: ScopedTransaction): Promise<boolean>;
  after?(transaction: ScopedTransaction): Promise<void>;
}

/** `work` in one transaction seen through the tenant's scope, retried on conflict (runTransactionWithRetry). */
export function runScopedTransaction<T>(tenant: TenantRef, work: (transaction: ScopedTransaction) => Promise<T>, options: Omit<RetryOptions, 'database'> = {}): Promise<T> {
  const database = db();
  return runTransactionWithRetry((transaction) => work(scopedTransaction(tenant, transaction, database.command)), { ...options, database });
}
