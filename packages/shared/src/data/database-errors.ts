/**
 * How the database reports the failures the data layer reacts to, in one place: the SDKs surface them as
 * `code`, `errCode` or only in the message, depending on whether a document operation or the commit
 * failed, so all of these are looked at.
 */
function errorText(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err ?? '');
  const e = err as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown };
  return `${e.code ?? ''} ${e.errCode ?? ''} ${e.message ?? ''} ${e.errMsg ?? ''}`;
}

/**
 * The transaction lost to another writer, or no longer exists, and can be run again from the start:
 *  - DATABASE_TRANSACTION_CONFLICT (wx-server-sdk keeps only the message: `[ResourceUnavailable.TransactionConflict] …`): the code the SDKs' own runTransaction retries on
 *    (@cloudbase/database src/transaction/index.ts), also as "WriteConflict" / "write conflict" (MongoDB's words);
 *  - DATABASE_TRANSACTION_FAIL and `[ResourceUnavailable.TransactionNotExist]`: CloudBase's answers when
 *    the transaction was aborted under it (a conflict at commit, or its time ran out).
 */
export function isTransactionConflict(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  return /TRANSACTION_CONFLICT|TransactionConflict|DATABASE_TRANSACTION_FAIL|TransactionNotExist|WriteConflict|write conflict/i.test(errorText(err));
}

/** A unique index refused the write (CloudBase answers DATABASE_DUPLICATE_WRITE; MongoDB E11000 duplicate key). */
export function isDuplicateKey(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  return /DUPLICATE|duplicate key|E11000/i.test(errorText(err));
}
