/**
 * Transactions through both real SDKs. @cloudbase/database 1.4.3 sends database.startTransaction, then the
 * ordinary document actions with transactionId, then commitTransaction / abortTransaction; runTransaction
 * retries only when the thrown error has code DATABASE_TRANSACTION_CONFLICT.
 */
import { startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let wxDb: any;
let nodeDb: any;
let _: any;

const balance = async (id: string) => (await h.database.find('acct', { _id: id }))[0]?.bal;

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
  await h.database.insert('acct', [{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }, { _id: 'c', bal: 0 }]);
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('wx-server-sdk', () => {
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

  test('startTransaction / rollback discards writes; the id is dead afterwards', async () => {
    const t = await wxDb.startTransaction();
    await t.collection('acct').doc('a').remove();
    await t.rollback();
    expect(await balance('a')).toBe(100);
    const err = await t.collection('acct').doc('a').get().catch((e: any) => e);
    expect(err.errCode).toBe(-501001); // DATABASE_TRANSACTION_FAIL is not in wx-server-sdk's table
    expect(err.errMsg).toMatch(/aborted|does not exist/);
  });

  test('write conflict between two transactions: surfaces as an error, no retry for in-callback writes', async () => {
    const holder = await wxDb.startTransaction();
    await holder.collection('acct').doc('c').update({ data: { bal: _.inc(1) } });
    let attempts = 0;
    const err = await wxDb
      .runTransaction(async (t: any) => {
        attempts++;
        await t.collection('acct').doc('c').update({ data: { bal: _.inc(100) } });
      })
      .catch((e: any) => e);
    // wx-server-sdk's document wrapper turns the TcbError into { errCode } before runTransaction sees it,
    // so the code that triggers a retry is gone (as on CloudBase).
    expect(attempts).toBe(1);
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toMatch(/^document\.update:fail .*Write conflict/);
    await holder.commit();
    expect(await balance('c')).toBe(1);
  });

  test('a conflict found at commit (read document changed) makes runTransaction retry', async () => {
    let attempts = 0;
    const result = await wxDb.runTransaction(async (t: any) => {
      attempts++;
      const c = (await t.collection('acct').doc('c').get()).data;
      if (attempts === 1) await wxDb.collection('acct').doc('c').update({ data: { bal: _.inc(5) } }); // concurrent writer
      await t.collection('acct').doc('b').update({ data: { bal: c.bal + 1 } });
      return c.bal;
    });
    expect(attempts).toBe(2);
    expect(result).toBe(5);
    expect(await balance('b')).toBe(6);
  });
});

describe('@cloudbase/node-sdk 3.18.3', () => {
  test('runTransaction retries on DATABASE_TRANSACTION_CONFLICT thrown by a write', async () => {
    const holder = await nodeDb.startTransaction();
    await holder.collection('acct').doc('c').update({ bal: nodeDb.command.inc(1) });
    let attempts = 0;
    const seen: string[] = [];
    const result = await nodeDb.runTransaction(async (t: any) => {
      attempts++;
      if (attempts === 2) await holder.commit(); // the other transaction finishes; the retry can proceed
      try {
        await t.collection('acct').doc('c').update({ bal: nodeDb.command.inc(10) });
      } catch (e: any) {
        seen.push(e.code);
        throw e;
      }
      return 'done';
    });
    expect(seen).toEqual(['DATABASE_TRANSACTION_CONFLICT']);
    expect(attempts).toBe(2);
    expect(result).toBe('done');
    expect(await balance('c')).toBe(11);
  });

  test('transaction doc API shapes (get/set/update/remove/add)', async () => {
    const t = await nodeDb.startTransaction();
    await expect(t.collection('acct').doc('a').get()).resolves.toMatchObject({ data: { _id: 'a', bal: 100 } });
    await expect(t.collection('acct').doc('missing').get()).resolves.toMatchObject({ data: null });
    await expect(t.collection('acct').doc('s').set({ bal: 3 })).resolves.toMatchObject({ updated: 0, upserted: [{ _id: 's' }] });
    await expect(t.collection('acct').doc('a').update({ bal: 99 })).resolves.toMatchObject({ updated: 1 });
    await expect(t.collection('acct').doc('b').remove()).resolves.toMatchObject({ deleted: 1 });
    await expect(t.collection('acct').add({ bal: 1 })).resolves.toMatchObject({ inserted: 1, ok: 1, id: expect.any(String) });
    await t.commit();
    expect(await balance('a')).toBe(99);
    expect(await balance('s')).toBe(3);
    expect(await balance('b')).toBeUndefined();
  });
});
