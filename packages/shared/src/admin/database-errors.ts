/** A unique index refused the write (CloudBase answers DATABASE_DUPLICATE_WRITE; Mongo-style engines E11000). */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: string; errCode?: string | number; message?: string };
  return /DUPLICATE|duplicate key|E11000/i.test(`${e?.code ?? ''} ${e?.errCode ?? ''} ${e?.message ?? String(err)}`);
}

export function isTransactionConflict(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return /TRANSACTION_CONFLICT|WriteConflict/i.test(`${e?.code ?? ''} ${e?.message ?? String(err)}`);
}
