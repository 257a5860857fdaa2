import { COLLECTIONS } from '@partner-desk/database';
import { AppError, insertNewInTransaction, isTransactionConflict, runTransactionWithRetry } from '@partner-desk/shared';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { startProductEmulators } from '../../test-support/product-emulators';
import { rawDocs } from '../../test-support/desk';

/** The retry wrapper in this process, with wx-server-sdk pointed at the emulator as a function's would be. */
describe('runTransactionWithRetry', () => {
  let emu: RunningEmulators;
  const C = COLLECTIONS.ticketCounters;

  beforeAll(async () => {
    emu = await startProductEmulators();
    Object.assign(process.env, emu.env);
    await emu.database.insert(C, [{ _id: 'retry-target', n: 0 }]);
  }, 60_000);
  afterAll(() => emu?.stop());

  const bump = async (transaction: any) => {
    const ref = transaction.collection(C).doc('retry-target');
    const { data } = await ref.get();
    await ref.update({ data: { n: data.n + 1 } });
    return data.n + 1;
  };

  test('When another transaction holds the document for the whole time, then it tries 10 times and answers CONFLICT, writing nothing', async () => {
    const holder = await emu.database.startTransaction();
    await emu.database.update(C, { _id: 'retry-target' }, { $set: { heldBy: 'holder' } }, { multi: false, merge: true, upsert: false }, holder);
    let attempts = 0;
    const run = runTransactionWithRetry(async (transaction) => {
      attempts++;
      return bump(transaction);
    });
    await expect(run).rejects.toMatchObject({ code: 'CONFLICT', message: '操作冲突，请稍后重试' });
    await expect(run).rejects.toBeInstanceOf(AppError);
    expect(attempts).toBe(10);
    await emu.database.abortTransaction(holder);
    expect((await rawDocs(emu, C, { _id: 'retry-target' }))[0]).toEqual({ _id: 'retry-target', n: 0 });
  });

  test('When the holder lets go during the retries, then the transaction commits once', async () => {
    const holder = await emu.database.startTransaction();
    await emu.database.update(C, { _id: 'retry-target' }, { $set: { heldBy: 'holder' } }, { multi: false, merge: true, upsert: false }, holder);
    let attempts = 0;
    setTimeout(() => void emu.database.abortTransaction(holder), 40);
    const n = await runTransactionWithRetry(async (transaction) => {
      attempts++;
      return bump(transaction);
    });
    expect(n).toBe(1);
    expect(attempts).toBeGreaterThan(1);
    expect((await rawDocs(emu, C, { _id: 'retry-target' }))[0].n).toBe(1);
  });

  test('When the work throws an AppError or an ordinary error, then it is not retried and nothing it wrote stays', async () => {
    let attempts = 0;
    await expect(
      runTransactionWithRetry(async (transaction) => {
        attempts++;
        await bump(transaction);
        throw new AppError('FAILED_PRECONDITION', '不允许');
      }),
    ).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(
      runTransactionWithRetry(async (transaction) => {
        attempts++;
        await bump(transaction);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(attempts).toBe(2);
    expect((await rawDocs(emu, C, { _id: 'retry-target' }))[0].n).toBe(1);
  });

  test('When two transactions insert the same new id, then one wins and the other, retried, sees the document', async () => {
    const outcomes = await Promise.all(
      ['a', 'b', 'c'].map((who) =>
        runTransactionWithRetry(async (transaction) => {
          const ref = transaction.collection(C).doc('retry-new');
          const existing = await ref.get().then(
            (r: any) => r.data,
            () => null,
          );
          if (existing) return `saw ${existing.by}`;
          await insertNewInTransaction(transaction, C, { _id: 'retry-new', by: who });
          return `inserted ${who}`;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.startsWith('inserted'))).toHaveLength(1);
    const [stored] = await rawDocs(emu, C, { _id: 'retry-new' });
    expect(outcomes.filter((o) => o === `saw ${stored.by}`)).toHaveLength(2);
  });

  test('When errors are classified, then conflicts are recognised by code, errCode or message only', () => {
    expect(isTransactionConflict({ code: 'DATABASE_TRANSACTION_CONFLICT' })).toBe(true);
    expect(isTransactionConflict({ errCode: -1, errMsg: 'DATABASE_TRANSACTION_CONFLICT: Write conflict' })).toBe(true);
    expect(isTransactionConflict(new Error('Transaction t has already been aborted after a write conflict'))).toBe(true);
    expect(isTransactionConflict(new Error('DATABASE_PERMISSION_DENIED'))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});
