/**
 * Transactions through both real SDKs, as CloudBase runs them: snapshot isolation with write locks.
 *
 * Where it is documented:
 * - WeChat's transaction guide (developers.weixin.qq.com … wxcloud/guide/database/transaction.md, 「快照隔离」):
 *   reads return the snapshot; a write locks the document; another transaction's write to a locked
 *   document fails at once; a plain update waits until the lock is released or times out; commit writes
 *   the snapshot atomically. runTransaction retries only on conflicts (Database.runTransaction: 「只有事务冲突时会重试」).
 * - MongoDB manual, Production Considerations → "In-progress Transactions and Write Conflicts": a write
 *   outside a transaction to a document the transaction later writes makes the transaction abort; a write
 *   outside to a document the transaction has locked waits until the transaction ends.
 * - The service's codes and messages, as @cloudbase/node-sdk's own tests expect them
 *   (TencentCloudBase/node-sdk test/database/unit/transaction.test.ts: 「读偏」 expects
 *   DATABASE_TRANSACTION_CONFLICT with the TransactionConflict message; 「事务提交后, 不能进行其它操作」 expects
 *   DATABASE_TRANSACTION_FAIL with the TransactionNotExist message; 「write skew」 commits both).
 * - CloudBase error codes DATABASE_TRANSACTION_FAIL ("transaction must be committed or aborted within 30
 *   seconds") and DATABASE_TRANSACTION_CONFLICT (docs.cloudbase.net/error-code/…).
 *
 * @cloudbase/database 1.4.3 (both SDKs) sends database.startTransaction, the ordinary document actions with
 * transactionId, then commitTransaction / abortTransaction; its runTransaction retries when the thrown
 * error's `code` is DATABASE_TRANSACTION_CONFLICT. wx-server-sdk wraps document errors into
 * { errCode, errMsg } first, so its runTransaction never sees that code for a write inside the callback.
 */
import { TRANSACTION_CONFLICT_MESSAGE, TRANSACTION_NOT_EXIST_MESSAGE } from '../../src/database/transactions';
import { startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let wxDb: any;
let nodeDb: any;
let _: any;

const balance = async (id: string) => (await h.database.find('acct', { _id: id }))[0]?.bal;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  h = await startAdmin();
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  wxDb = cloud.database();
  _ = wxDb.command;
  const tcb = require('@cloudbase/node-sdk');
  nodeDb = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  await h.database.createCollection('acct');
});

beforeEach(async () => {
  await h.database.remove('acct', {}, { multi: true });
  await h.database.insert('acct', [
    { _id: 'a', bal: 100 },
    { _id: 'b', bal: 0 },
    { _id: 'c', bal: 0 },
  ]);
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('wx-server-sdk 4.0.2', () => {
  test('runTransaction commits reads and writes and returns the callback value', async () => {
    const result = await wxDb.runTransaction(async (t: any) => {
      const a = await t.collection('acct').doc('a').get();
      await t.collection('acct').doc('a').update({ data: { bal: _.inc(-10) } });
      await t.collection('acct').doc('b').update({ data: { bal: _.inc(10) } });
      const added = await t.collection('acct').add({ data: { _id: 'log1', note: 'moved' } });
      return { before: a.data.bal, added: added._id };
    });
    expect(result).toEqual({ before: 100, added: 'log1' });
    expect(await balance('a')).toBe(90);
    expect(await balance('b')).toBe(10);
  });

  test('a throw inside runTransaction rolls back and rejects with that error', async () => {
    const err = await wxDb
      .runTransaction(async (t: any) => {
        await t.collection('acct').doc('a').update({ data: { bal: _.inc(-50) } });
        throw new Error('boom');
      })
      .catch((e: any) => e);
    expect(err.message).toBe('boom');
    expect(await balance('a')).toBe(100);
  });

  test('transaction.rollback(reason) inside runTransaction rejects with the reason', async () => {
    const err = await wxDb
      .runTransaction(async (t: any) => {
        await t.collection('acct').doc('a').update({ data: { bal: 0 } });
        await t.rollback('not enough money');
      })
      .catch((e: any) => e);
    expect(err).toBe('not enough money');
    expect(await balance('a')).toBe(100);
  });

  test('startTransaction / commit: writes invisible outside until commit', async () => {
    const t = await wxDb.startTransaction();
    await t.collection('acct').doc('a').update({ data: { bal: 1 } });
    await t.collection('acct').doc('new').set({ data: { bal: 7 } });
    expect((await wxDb.collection('acct').doc('a').get()).data.bal).toBe(100);
    expect((await t.collection('acct').doc('a').get()).data.bal).toBe(1);
    await t.commit();
    expect((await wxDb.collection('acct').doc('a').get()).data.bal).toBe(1);
    expect((await wxDb.collection('acct').doc('new').get()).data).toEqual({ _id: 'new', bal: 7 });
  });

  test('after rollback the id is dead: the service TransactionNotExist, wrapped as -501001', async () => {
    const t = await wxDb.startTransaction();
    await t.collection('acct').doc('a').remove();
    await t.rollback();
    expect(await balance('a')).toBe(100);
    const err = await t.collection('acct').doc('a').get().catch((e: any) => e);
    expect(err.errCode).toBe(-501001); // DATABASE_TRANSACTION_FAIL is not in wx-server-sdk's table
    expect(err.errMsg).toBe(`document.get:fail -501001 resource system error. ${TRANSACTION_NOT_EXIST_MESSAGE}`);
  });

  test('reads inside a transaction see its snapshot, not writes committed after it started', async () => {
    const t = await wxDb.startTransaction();
    expect((await t.collection('acct').doc('a').get()).data.bal).toBe(100);
    // Only read by the transaction, so not locked: the plain writes go through at once.
    await wxDb.collection('acct').doc('a').update({ data: { bal: 1 } });
    await wxDb.collection('acct').doc('b').update({ data: { bal: 2 } });
    expect((await t.collection('acct').doc('a').get()).data.bal).toBe(100);
    expect((await t.collection('acct').doc('b').get()).data.bal).toBe(0);
    await t.commit(); // read-only: commits although everything it read changed
    expect([await balance('a'), await balance('b')]).toEqual([1, 2]);
  });

  test('write skew is possible: each transaction reads one account and writes the other, both commit', async () => {
    const t1 = await wxDb.startTransaction();
    const t2 = await wxDb.startTransaction();
    const a = (await t1.collection('acct').doc('a').get()).data.bal;
    const b = (await t2.collection('acct').doc('b').get()).data.bal;
    await t1.collection('acct').doc('b').update({ data: { bal: a + 1 } });
    await t2.collection('acct').doc('a').update({ data: { bal: b + 1 } });
    await t1.commit();
    await t2.commit();
    expect([await balance('a'), await balance('b')]).toEqual([1, 101]);
  });

  test('second writer of a locked document: the conflict surfaces wrapped, no retry for in-callback writes', async () => {
    const holder = await wxDb.startTransaction();
    await holder.collection('acct').doc('c').update({ data: { bal: _.inc(1) } });
    let attempts = 0;
    const err = await wxDb
      .runTransaction(async (t: any) => {
        attempts++;
        await t.collection('acct').doc('c').update({ data: { bal: _.inc(100) } });
      })
      .catch((e: any) => e);
    // wx-server-sdk's document wrapper turns the TcbError into { errCode, errMsg } before runTransaction
    // sees it, so the code that triggers a retry is gone (as on CloudBase): callers match the message,
    // which reads exactly as reports from the real service do ("document.set:fail -501001 resource
    // system error. [ResourceUnavailable.TransactionConflict] …").
    expect(attempts).toBe(1);
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toBe(`document.update:fail -501001 resource system error. ${TRANSACTION_CONFLICT_MESSAGE}`);
    await holder.commit();
    expect(await balance('c')).toBe(1);
  });

  test('a plain update of a document a transaction has written waits for the commit, then applies on top', async () => {
    const holder = await wxDb.startTransaction();
    await holder.collection('acct').doc('c').update({ data: { bal: 1 } });
    let stats: any;
    const plain = wxDb
      .collection('acct')
      .doc('c')
      .update({ data: { bal: _.inc(5) } })
      .then((r: any) => (stats = r.stats));
    await pause(300);
    expect(stats).toBeUndefined();
    expect(await balance('c')).toBe(0);
    await holder.commit();
    await plain;
    expect(stats).toEqual({ updated: 1 });
    expect(await balance('c')).toBe(6);
  });
});

describe('@cloudbase/node-sdk 3.18.3', () => {
  test('a write to a document committed by someone else after the start conflicts, and runTransaction retries', async () => {
    let attempts = 0;
    const seen: Array<{ code: string; message: string }> = [];
    const result = await nodeDb.runTransaction(async (t: any) => {
      attempts++;
      const c = (await t.collection('acct').doc('c').get()).data;
      if (attempts === 1) await nodeDb.collection('acct').doc('c').update({ bal: nodeDb.command.inc(5) }); // a concurrent writer
      try {
        await t.collection('acct').doc('c').update({ bal: c.bal + 1 });
      } catch (e: any) {
        seen.push({ code: e.code, message: e.message });
        throw e;
      }
      return c.bal;
    });
    expect(seen).toEqual([{ code: 'DATABASE_TRANSACTION_CONFLICT', message: TRANSACTION_CONFLICT_MESSAGE }]);
    expect(attempts).toBe(2);
    expect(result).toBe(5);
    expect(await balance('c')).toBe(6);
  });

  test('first writer wins: the second conflicts while the first holds the lock, and again while its snapshot predates the commit', async () => {
    const holder = await nodeDb.startTransaction();
    await holder.collection('acct').doc('c').update({ bal: nodeDb.command.inc(1) });
    let attempts = 0;
    const seen: string[] = [];
    const result = await nodeDb.runTransaction(async (t: any) => {
      attempts++;
      // Attempt 2 started before the holder committed: its snapshot lacks that commit, so it conflicts too.
      if (attempts === 2) await holder.commit();
      try {
        await t.collection('acct').doc('c').update({ bal: nodeDb.command.inc(10) });
      } catch (e: any) {
        seen.push(e.code);
        throw e;
      }
      return 'done';
    });
    expect(seen).toEqual(['DATABASE_TRANSACTION_CONFLICT', 'DATABASE_TRANSACTION_CONFLICT']);
    expect(attempts).toBe(3);
    expect(result).toBe('done');
    expect(await balance('c')).toBe(11);
  });

  test('a transaction used after its commit answers DATABASE_TRANSACTION_FAIL / TransactionNotExist', async () => {
    const t = await nodeDb.startTransaction();
    await t.commit();
    const err = await t
      .collection('acct')
      .doc('a')
      .set({ bal: 1 })
      .catch((e: any) => e);
    expect({ code: err.code, message: err.message }).toEqual({ code: 'DATABASE_TRANSACTION_FAIL', message: TRANSACTION_NOT_EXIST_MESSAGE });
    expect(await balance('a')).toBe(100);
  });

  test('transaction doc API shapes (get/set/update/remove/add); set of an existing document reports updated 1', async () => {
    const t = await nodeDb.startTransaction();
    await expect(t.collection('acct').doc('a').get()).resolves.toMatchObject({ data: { _id: 'a', bal: 100 } });
    await expect(t.collection('acct').doc('missing').get()).resolves.toMatchObject({ data: null });
    await expect(t.collection('acct').doc('s').set({ bal: 3 })).resolves.toMatchObject({ updated: 0, upserted: [{ _id: 's' }] });
    await expect(t.collection('acct').doc('c').set({ bal: 0 })).resolves.toMatchObject({ updated: 1 }); // unchanged
    await expect(t.collection('acct').doc('a').update({ bal: 99 })).resolves.toMatchObject({ updated: 1 });
    await expect(t.collection('acct').doc('b').remove()).resolves.toMatchObject({ deleted: 1 });
    await expect(t.collection('acct').add({ bal: 1 })).resolves.toMatchObject({ inserted: 1, ok: 1, id: expect.any(String) });
    await t.commit();
    expect(await balance('a')).toBe(99);
    expect(await balance('s')).toBe(3);
    expect(await balance('b')).toBeUndefined();
  });
});
