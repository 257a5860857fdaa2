import { AppError } from '../errors';
import { db, type Db } from './database';

/** Bounded: ten tries with jittered backoff (at most ~2 s in all) ride out a burst of writers on one document. */
const DEFAULT_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 300;

/**
 * A conflict as the database reports it: the SDK surfaces it as `code`, `errCode` or only in the message,
 * depending on whether a document operation or the commit failed, so all three are looked at.
 */
export function isTransactionConflict(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown };
  const text = `${e.code ?? ''} ${e.errCode ?? ''} ${e.message ?? ''} ${e.errMsg ?? ''}`;
  return /TRANSACTION_CONFLICT|TransactionConflict|write conflict|aborted after a write conflict/i.test(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in one database transaction, retrying the whole of it on a conflict (the SDK's own
 * runTransaction retries only conflicts reported with a bare `code`). `work` must read what it decides
 * on inside the transaction, so a retry decides again on fresh data. A duplicate key inside the
 * transaction is a conflict too: it means a concurrent writer committed what this one read as free (a
 * ticket number, a message id). AppErrors (NOT_FOUND, FAILED_PRECONDITION …) roll back and pass
 * through; a conflict that outlasts the attempts is CONFLICT.
 */
export async function runTransactionWithRetry<T>(work: (transaction: Db) => Promise<T>, attempts = DEFAULT_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // times = 0: no retry inside the SDK, so the attempts are counted here only.
      return (await db().runTransaction(work, 0)) as T;
    } catch (err) {
      if (err instanceof AppError || !(isTransactionConflict(err) || isDuplicateKey(err))) throw err;
      if (attempt >= attempts) throw new AppError('CONFLICT', '操作冲突，请稍后重试');
      console.info(`[transaction] conflict on attempt ${attempt}, retrying`);
      // Full jitter over an exponentially growing window (capped): writers that collided spread out.
      await sleep(5 + Math.floor(Math.random() * Math.min(MAX_BACKOFF_MS, 10 * 2 ** attempt)));
    }
  }
}

export function isDuplicateKey(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown };
  return /DUPLICATE|duplicate key|E11000/i.test(`${e.code ?? ''} ${e.errCode ?? ''} ${e.message ?? ''} ${e.errMsg ?? ''}`);
}

/**
 * Inserts a document that the transaction read as missing, as an insert (never an upsert): when a
 * concurrent transaction created it after our read, this fails with a duplicate key instead of silently
 * replacing it, and runTransactionWithRetry starts over and sees the document.
 * (An upsert would be validated against the version seen at write time, not the absence seen at read time.)
 */
export async function insertNewInTransaction(transaction: Db, collectionName: string, doc: { _id: string } & Record<string, unknown>): Promise<void> {
  await transaction.collection(collectionName).add({ data: doc });
}
