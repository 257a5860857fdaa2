/**
 * The data layer's transactions, in this process with wx-server-sdk pointed at the emulator (as a
 * function's would be): the retry wrapper, the conflict matcher, and the tenant-scoped transactional view.
 */
import { COLLECTIONS, type ChatConversationDoc } from '@partner-desk/database';
import { AppError, isDuplicateKey, isTransactionConflict, runScopedTransaction, runTransactionWithRetry, type Transaction } from '@partner-desk/shared';
import type { RunningEmulators } from '../../../../emulator/src/suite';
import { rawDocs } from '../../../../test-support/raw';
import { startProductEmulators } from '../../../../test-support/product-emulators';

describe('transactions of the data layer', () => {
  let emu: RunningEmulators;
  const C = COLLECTIONS.ticketCounters;

  beforeAll(async () => {
    emu = await startProductEmulators();
    Object.assign(process.env, emu.env);
    await emu.database.insert(C, [{ _id: 'retry-target', n: 0 }]);
  }, 60_000);
  afterAll(() => emu?.stop());

  const bump = async (transaction: Transaction) => {
    const ref = transaction.collection(C).doc('retry-target');
    const { data } = (await ref.get()) as unknown as { data: { n: number } };
    await ref.update({ data: { n: data.n + 1 } as never });
    return data.n + 1;
  };

  describe('runTransactionWithRetry', () => {
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
              (r) => r.data as unknown as { by: string },
              () => null,
            );
            if (existing) return `saw ${existing.by}`;
            await transaction.collection(C).add({ data: { _id: 'retry-new', by: who } as never });
            return `inserted ${who}`;
          }),
        ),
      );
      expect(outcomes.filter((o) => o.startsWith('inserted'))).toHaveLength(1);
      const [stored] = await rawDocs(emu, C, { _id: 'retry-new' });
      expect(outcomes.filter((o) => o === `saw ${stored.by}`)).toHaveLength(2);
    });

    test('When a duplicate key means "taken" (retryDuplicateKey: false), then it passes through at once for the caller to answer', async () => {
      let attempts = 0;
      const run = runTransactionWithRetry(
        async (transaction) => {
          attempts++;
          await transaction.collection(C).add({ data: { _id: 'retry-new', by: 'late' } as never });
        },
        { retryDuplicateKey: false },
      );
      expect(isDuplicateKey(await run.catch((err: unknown) => err))).toBe(true);
      expect(attempts).toBe(1);
    });
  });

  test('When errors are classified, then conflicts are recognised in every shape CloudBase and the SDKs report them, and nothing else is', () => {
    // The SDKs' own runTransaction retries on this code (@cloudbase/database src/transaction/index.ts).
    expect(isTransactionConflict({ code: 'DATABASE_TRANSACTION_CONFLICT' })).toBe(true);
    expect(isTransactionConflict({ errCode: -1, errMsg: 'DATABASE_TRANSACTION_CONFLICT: Write conflict' })).toBe(true);
    // CloudBase's answers for a transaction aborted under the caller (a conflict at commit, or expired).
    expect(isTransactionConflict({ code: 'DATABASE_TRANSACTION_FAIL', message: 'transaction failed' })).toBe(true);
    expect(isTransactionConflict({ code: 'DATABASE_REQUEST_FAILED', message: '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server.' })).toBe(true);
    expect(isTransactionConflict(new Error('[FailedOperation] WriteConflict error: this operation conflicted with another operation'))).toBe(true);
    expect(isTransactionConflict(new Error('Transaction t has already been aborted after a write conflict'))).toBe(true);
    expect(isTransactionConflict(new Error('DATABASE_PERMISSION_DENIED'))).toBe(false);
    expect(isTransactionConflict({ code: 'DATABASE_DUPLICATE_WRITE', message: 'E11000 duplicate key error' })).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
    expect(isTransactionConflict('WriteConflict')).toBe(false);
    expect(isDuplicateKey({ code: 'DATABASE_DUPLICATE_WRITE' })).toBe(true);
    expect(isDuplicateKey(new Error('E11000 duplicate key error collection: customers'))).toBe(true);
    expect(isDuplicateKey({ code: 'DATABASE_TRANSACTION_CONFLICT' })).toBe(false);
  });

  describe('the tenant-scoped transactional view', () => {
    const conversations = COLLECTIONS.chatConversations;
    const mine = { serviceProviderId: 'sp_mine' };
    const theirs = { serviceProviderId: 'sp_theirs' };
    const conversation = (id: string, owner: string, unreadCount: number) => ({
      _id: id,
      serviceProviderId: owner,
      customerId: id.replace('conv_', ''),
      customerName: '客户',
      lastMessage: '你好',
      lastSenderType: 'customer' as const,
      lastMessageAt: new Date('2026-12-01T00:00:00Z'),
      unreadCount,
      waitingSince: null,
      status: 'open' as const,
      escalatedTicketId: null,
      updatedAt: new Date('2026-12-01T00:00:00Z'),
    });
    const fields = (unreadCount: number) => {
      const { _id, serviceProviderId, ...rest } = conversation('conv_x', 'x', unreadCount);
      return rest as Omit<ChatConversationDoc, '_id' | 'serviceProviderId'>;
    };

    beforeAll(async () => {
      await emu.database.insert(conversations, [conversation('conv_own', mine.serviceProviderId, 1), conversation('conv_foreign', theirs.serviceProviderId, 7)]);
    });

    test("When another provider's document is read, then it reads as missing, and updating or saving it is NOT_FOUND with nothing written", async () => {
      const before = await rawDocs(emu, conversations, { _id: 'conv_foreign' });
      const read = await runScopedTransaction(mine, (tx) => tx.scoped(conversations).findById('conv_foreign'));
      expect(read).toBeNull();
      await expect(runScopedTransaction(mine, (tx) => tx.scoped(conversations).getById('conv_foreign', '会话不存在'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: '会话不存在' });
      await expect(runScopedTransaction(mine, (tx) => tx.scoped(conversations).update('conv_foreign', { unreadCount: 0 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(runScopedTransaction(mine, (tx) => tx.scoped(conversations).save('conv_foreign', fields(0)))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await rawDocs(emu, conversations, { _id: 'conv_foreign' })).toEqual(before);
    });

    test('When a document is saved, then it is inserted where nothing was, replaced where this tenant’s was, and taken over from another provider only when asked', async () => {
      await runScopedTransaction(mine, async (tx) => {
        const view = tx.scoped(conversations);
        expect(await view.findById('conv_new')).toBeNull();
        await view.save('conv_new', fields(1));
        expect((await view.findById('conv_own'))?.unreadCount).toBe(1);
        await view.save('conv_own', fields(2));
        await view.save('conv_foreign', fields(3), { takeOverForeign: true });
      });
      expect(await rawDocs(emu, conversations, { _id: 'conv_new' })).toEqual([expect.objectContaining({ serviceProviderId: 'sp_mine', unreadCount: 1 })]);
      expect(await rawDocs(emu, conversations, { _id: 'conv_own' })).toEqual([expect.objectContaining({ serviceProviderId: 'sp_mine', unreadCount: 2 })]);
      expect(await rawDocs(emu, conversations, { _id: 'conv_foreign' })).toEqual([expect.objectContaining({ serviceProviderId: 'sp_mine', unreadCount: 3 })]);
    });

    test('When a tenant inserts, then the document is stamped with its provider whatever the caller passed, and an id already taken fails the insert', async () => {
      await runScopedTransaction(mine, (tx) => tx.scoped(conversations).insert({ _id: 'conv_stamped', ...fields(0), serviceProviderId: 'sp_theirs' } as never));
      expect((await rawDocs(emu, conversations, { _id: 'conv_stamped' }))[0].serviceProviderId).toBe('sp_mine');
      const second = runScopedTransaction(mine, (tx) => tx.scoped(conversations).insert({ _id: 'conv_stamped', ...fields(5) }), { retryDuplicateKey: false });
      expect(isDuplicateKey(await second.catch((err: unknown) => err))).toBe(true);
      expect((await rawDocs(emu, conversations, { _id: 'conv_stamped' }))[0].unreadCount).toBe(0);
    });
  });
});
