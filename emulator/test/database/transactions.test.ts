/**
 * Transactions as CloudBase runs them on MongoDB: snapshot isolation with write locks. The model is
 * documented in WeChat's transaction guide (wxcloud/guide/database/transaction.md, 「快照隔离」: reads see
 * the snapshot; a write locks the document; another transaction's write to it fails at once; a plain
 * update waits until the lock is released or times out) and in MongoDB's manual (Production
 * Considerations → "In-progress Transactions and Write Conflicts"). Codes and messages are the service's,
 * as @cloudbase/node-sdk's own transaction tests expect them (TencentCloudBase/node-sdk
 * test/database/unit/transaction.test.ts). The same behaviour through the real SDKs: test/admin/transactions.test.ts.
 */
import type { LocalDatabaseEngine } from '../../src/database/index';
import { TRANSACTION_CONFLICT_MESSAGE, TRANSACTION_NOT_EXIST_MESSAGE } from '../../src/database/transactions';
import type { ChangeEvent } from '../../src/types';
import { cleanup, errorCode, failure, MERGE, MERGE_MULTI, openTestDb, tempDir } from './helpers';

let db: LocalDatabaseEngine;
let events: ChangeEvent[];
beforeEach(async () => {
  db = await openTestDb([{ name: 'accounts', indexes: [{ name: 'email', unique: true, keys: [{ name: 'email', direction: 1 }] }] }]);
  await db.insert('accounts', [
    { _id: 'a', email: 'a@x', balance: 100 },
    { _id: 'b', email: 'b@x', balance: 50 },
  ]);
  events = [];
  db.onChange((e) => events.push(e));
});
afterEach(cleanup);

const balance = async (id: string, tx?: string) => (await db.find('accounts', { _id: id }, {}, tx))[0]?.balance as number | undefined;
const REPLACE_UPSERT = { multi: false, upsert: true, merge: false };

/** Settles after the event loop has had a chance to run everything already scheduled. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('transactions: commit and abort', () => {
  it('commit applies every staged write at once; others see nothing before', async () => {
    const tx = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $inc: { balance: -30 } }, MERGE, tx);
    await db.update('accounts', { _id: 'b' }, { $inc: { balance: 30 } }, MERGE, tx);
    const [newId] = await db.insert('accounts', [{ email: 'c@x', balance: 0 }], tx);
    await db.remove('accounts', { _id: 'b' }, { multi: false }, tx);
    await db.insert('accounts', [{ _id: 'b', email: 'b2@x', balance: 1 }], tx);

    // Inside: own writes visible, including in counts and range queries.
    expect(await balance('a', tx)).toBe(70);
    expect(await db.count('accounts', {}, tx)).toBe(3);
    expect(await db.count('accounts', { balance: { $lt: 60 } }, tx)).toBe(2);
    // Outside: unchanged, no events.
    expect(await balance('a')).toBe(100);
    expect(await db.count('accounts', {})).toBe(2);
    expect(events).toEqual([]);

    await db.commitTransaction(tx);
    expect(await balance('a')).toBe(70);
    expect(await db.find('accounts', { _id: 'b' })).toEqual([{ _id: 'b', email: 'b2@x', balance: 1 }]);
    expect(await db.count('accounts', { _id: newId })).toBe(1);
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['update', 'a'],
      ['replace', 'b'],
      ['insert', newId],
    ]);
    expect(events.map((e) => e.seq)).toEqual([events[0].seq, events[0].seq + 1, events[0].seq + 2]);
  });

  it('abort discards everything; the id is dead afterwards', async () => {
    const tx = await db.startTransaction();
    await db.update('accounts', {}, { $set: { balance: 0 } }, MERGE_MULTI, tx);
    await db.insert('accounts', [{ email: 'z@x' }], tx);
    await db.abortTransaction(tx);
    expect(await db.find('accounts', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'a', email: 'a@x', balance: 100 },
      { _id: 'b', email: 'b@x', balance: 50 },
    ]);
    expect(events).toEqual([]);
    expect(await failure(db.commitTransaction(tx))).toEqual({ code: 'DATABASE_TRANSACTION_FAIL', message: TRANSACTION_NOT_EXIST_MESSAGE });
  });

  it('unknown, committed and aborted ids all answer the service TransactionNotExist', async () => {
    const notExist = { code: 'DATABASE_TRANSACTION_FAIL', message: TRANSACTION_NOT_EXIST_MESSAGE };
    expect(await failure(db.find('accounts', {}, {}, 'nope'))).toEqual(notExist);
    expect(await failure(db.insert('accounts', [{}], 'nope'))).toEqual(notExist);
    const committed = await db.startTransaction();
    await db.commitTransaction(committed);
    expect(await failure(db.update('accounts', { _id: 'a' }, { balance: 1 }, REPLACE_UPSERT, committed))).toEqual(notExist);
    expect(await failure(db.commitTransaction(committed))).toEqual(notExist);
    expect(await failure(db.abortTransaction(committed))).toEqual(notExist);
    expect(await balance('a')).toBe(100);
  });

  it('commits survive a restart as one batch; an open transaction does not', async () => {
    const dir = tempDir();
    const first = await openTestDb([{ name: 'c', indexes: [] }], { dataDir: dir });
    const tx = await first.startTransaction();
    await first.insert('c', [{ _id: '1' }, { _id: '2' }], tx);
    await first.commitTransaction(tx);
    const open = await first.startTransaction();
    await first.insert('c', [{ _id: '3' }], open);
    await first.close();
    const second = await openTestDb([], { dataDir: dir });
    expect((await second.find('c', {}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['1', '2']);
  });
});

describe('transactions: reads see the snapshot', () => {
  it('writes committed after the start are invisible inside, in finds and counts alike', async () => {
    const tx = await db.startTransaction();
    expect(await balance('a', tx)).toBe(100);
    await db.update('accounts', { _id: 'a' }, { $set: { balance: 1 } }, MERGE);
    await db.update('accounts', { _id: 'b' }, { $set: { balance: 2 } }, MERGE); // never read before by tx
    await db.insert('accounts', [{ _id: 'c', email: 'c@x', balance: 3 }]);
    await db.remove('accounts', { _id: 'b' }, { multi: false });

    expect(await balance('a')).toBe(1);
    expect(await db.find('accounts', {}, { sort: { _id: 1 } }, tx)).toEqual([
      { _id: 'a', email: 'a@x', balance: 100 },
      { _id: 'b', email: 'b@x', balance: 50 },
    ]);
    expect(await db.count('accounts', { balance: { $gte: 50 } }, tx)).toBe(2);
    expect(await db.count('accounts', {}, tx)).toBe(2);
    expect(await db.find('accounts', { email: 'c@x' }, {}, tx)).toEqual([]);
  });

  it('a read-only transaction commits even when everything it read changed meanwhile', async () => {
    const tx = await db.startTransaction();
    expect(await balance('a', tx)).toBe(100);
    expect(await balance('b', tx)).toBe(50);
    await db.update('accounts', { _id: 'a' }, { $set: { balance: 0 } }, MERGE);
    await db.remove('accounts', { _id: 'b' }, { multi: false });
    await db.commitTransaction(tx);
    expect(await balance('a')).toBe(0);
    expect(await balance('b')).toBeUndefined();
  });

  it('write skew: two transactions that each read one document and write the other both commit', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    const a = await balance('a', t1);
    const b = await balance('b', t2);
    await db.update('accounts', { _id: 'b' }, { $set: { balance: a! + 1 } }, MERGE, t1);
    await db.update('accounts', { _id: 'a' }, { $set: { balance: b! + 1 } }, MERGE, t2);
    await db.commitTransaction(t1);
    await db.commitTransaction(t2);
    expect([await balance('a'), await balance('b')]).toEqual([51, 101]);
  });
});

describe('transactions: only write-write conflicts abort, and the first writer wins', () => {
  it('a second transaction writing a locked document conflicts at once and is aborted', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $inc: { balance: 1 } }, MERGE, t1);
    expect(await failure(db.update('accounts', { _id: 'a' }, { $inc: { balance: 2 } }, MERGE, t2))).toEqual({
      code: 'DATABASE_TRANSACTION_CONFLICT',
      message: TRANSACTION_CONFLICT_MESSAGE,
    });
    expect(await errorCode(db.find('accounts', {}, {}, t2))).toBe('DATABASE_TRANSACTION_FAIL');
    await db.commitTransaction(t1);
    expect(await balance('a')).toBe(101);
    // The lock is released on commit: a new transaction can write the document.
    const t3 = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $inc: { balance: 1 } }, MERGE, t3);
    await db.commitTransaction(t3);
    expect(await balance('a')).toBe(102);
  });

  it('writing a document someone committed after the start conflicts (update, remove, upsert, insert)', async () => {
    const cases: Array<(tx: string) => Promise<unknown>> = [
      (tx) => db.update('accounts', { _id: 'a' }, { $set: { balance: 7 } }, MERGE, tx),
      (tx) => db.remove('accounts', { _id: 'a' }, { multi: false }, tx),
      (tx) => db.update('accounts', { _id: 'new' }, { email: 'loser@x' }, REPLACE_UPSERT, tx),
      (tx) => db.insert('accounts', [{ _id: 'new', email: 'loser@x' }], tx),
    ];
    for (const write of cases) {
      await db.remove('accounts', { _id: 'new' }, { multi: false });
      const tx = await db.startTransaction();
      expect(await db.find('accounts', { _id: 'new' }, {}, tx)).toEqual([]);
      await db.update('accounts', { _id: 'a' }, { $inc: { balance: 1 } }, MERGE);
      await db.insert('accounts', [{ _id: 'new', email: 'winner@x' }]);
      expect(await errorCode(write(tx))).toBe('DATABASE_TRANSACTION_CONFLICT');
      expect(await errorCode(db.commitTransaction(tx))).toBe('DATABASE_TRANSACTION_FAIL');
    }
    expect((await db.find('accounts', { _id: 'new' }))[0].email).toBe('winner@x');
    expect(await balance('a')).toBe(104);
  });

  it('an update that changes nothing takes no lock and cannot conflict', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $set: { balance: 5 } }, MERGE, t1);
    expect(await db.update('accounts', { _id: 'b' }, { $set: { balance: 50 } }, MERGE, t2)).toEqual({ matched: 1, updated: 1 });
    await db.update('accounts', { _id: 'b' }, { $set: { balance: 9 } }, MERGE);
    await db.commitTransaction(t1);
    await db.commitTransaction(t2);
    expect([await balance('a'), await balance('b')]).toEqual([5, 9]);
  });
});

describe('transactions: unique indexes', () => {
  it('a duplicate inside the transaction is DATABASE_DUPLICATE_WRITE and aborts it (MongoDB SERVER-34059)', async () => {
    const tx = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $set: { email: 'moved@x' } }, MERGE, tx);
    await db.insert('accounts', [{ _id: 'c', email: 'a@x' }], tx); // free inside the transaction now
    expect(await errorCode(db.insert('accounts', [{ _id: 'd', email: 'a@x' }], tx))).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await errorCode(db.commitTransaction(tx))).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await db.find('accounts', { email: 'a@x' })).toEqual([{ _id: 'a', email: 'a@x', balance: 100 }]);
  });

  it('a key another open transaction staged, or someone committed after the start, is a conflict', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await db.insert('accounts', [{ _id: 'e', email: 'e@x' }], t1);
    expect(await errorCode(db.insert('accounts', [{ _id: 'f', email: 'e@x' }], t2))).toBe('DATABASE_TRANSACTION_CONFLICT');
    await db.commitTransaction(t1);

    const t3 = await db.startTransaction();
    await db.insert('accounts', [{ _id: 'g', email: 'g@x' }]);
    expect(await errorCode(db.insert('accounts', [{ _id: 'h', email: 'g@x' }], t3))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await db.find('accounts', {}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'b', 'e', 'g']);
  });
});

describe('transactions: a plain write to a locked document waits for the transaction', () => {
  it('waits for the commit, then applies on top of it', async () => {
    const tx = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $set: { balance: 1 } }, MERGE, tx);
    let settled = false;
    const plain = db.update('accounts', { _id: 'a' }, { $inc: { balance: 5 } }, MERGE).then((r) => ((settled = true), r));
    await tick();
    expect(settled).toBe(false);
    expect(await balance('a')).toBe(100);
    await db.commitTransaction(tx);
    expect(await plain).toEqual({ matched: 1, updated: 1 });
    expect(await balance('a')).toBe(6);
  });

  it('waits for an abort, then applies to the document as it was', async () => {
    const tx = await db.startTransaction();
    await db.remove('accounts', { _id: 'a' }, { multi: false }, tx);
    const plain = db.update('accounts', { _id: 'a' }, { $inc: { balance: 5 } }, MERGE);
    await tick();
    await db.abortTransaction(tx);
    await plain;
    expect(await balance('a')).toBe(105);
  });

  it('a plain insert of an id or a unique key a transaction staged waits, then meets the committed duplicate', async () => {
    const tx = await db.startTransaction();
    await db.insert('accounts', [{ _id: 'n', email: 'n@x' }], tx);
    const sameId = errorCode(db.insert('accounts', [{ _id: 'n', email: 'other@x' }]));
    const sameKey = errorCode(db.insert('accounts', [{ _id: 'm', email: 'n@x' }]));
    await tick();
    expect(await db.count('accounts', {})).toBe(2);
    await db.commitTransaction(tx);
    expect([await sameId, await sameKey]).toEqual(['DATABASE_DUPLICATE_WRITE', 'DATABASE_DUPLICATE_WRITE']);
    expect(await db.find('accounts', { _id: 'n' })).toEqual([{ _id: 'n', email: 'n@x' }]);
  });

  it('the wait is bounded: past lockWaitMs it fails and writes nothing', async () => {
    const quick = await openTestDb([{ name: 'c', indexes: [] }], { lockWaitMs: 100, dataDir: tempDir() });
    await quick.insert('c', [{ _id: 'x', n: 0 }]);
    const tx = await quick.startTransaction();
    await quick.update('c', { _id: 'x' }, { $set: { n: 1 } }, MERGE, tx);
    const err = await failure(quick.update('c', { _id: 'x' }, { $set: { n: 2 } }, MERGE));
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/^\[FailedOperation\] \(MaxTimeMSExpired\) operation exceeded time limit/);
    await quick.commitTransaction(tx);
    expect((await quick.find('c', { _id: 'x' }))[0].n).toBe(1);
  });
});

describe('transactions: lifetime', () => {
  it('a transaction older than its lifetime is aborted, even while in use; waiting writes then go on', async () => {
    const quick = await openTestDb([{ name: 'c', indexes: [] }], { transactionLifetimeMs: 300, dataDir: tempDir() });
    await quick.insert('c', [{ _id: 'x', n: 0 }]);
    const tx = await quick.startTransaction();
    await quick.update('c', { _id: 'x' }, { $set: { n: 1 } }, MERGE, tx);
    const plain = quick.update('c', { _id: 'x' }, { $inc: { n: 10 } }, MERGE);
    // Busy, not idle: reads every 50 ms do not extend the lifetime (CloudBase: commit or abort in 30 s).
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await quick.find('c', {}, {}, tx);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(await failure(quick.commitTransaction(tx))).toEqual({ code: 'DATABASE_TRANSACTION_FAIL', message: TRANSACTION_NOT_EXIST_MESSAGE });
    await plain;
    expect((await quick.find('c', { _id: 'x' }))[0].n).toBe(10);
  });
});
