import type { LocalDatabaseEngine } from '../../src/database/index';
import type { ChangeEvent } from '../../src/types';
import { cleanup, errorCode, MERGE, MERGE_MULTI, openTestDb, tempDir } from './helpers';

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

const balance = async (id: string, tx?: string) => (await db.find('accounts', { _id: id }, {}, tx))[0]?.balance;

describe('transactions', () => {
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

  it('a read by _id that found nothing conflicts at commit when another writer created that document meanwhile', async () => {
    const tx = await db.startTransaction();
    expect(await db.find('accounts', { _id: 'new' }, {}, tx)).toEqual([]);
    await db.insert('accounts', [{ _id: 'new', email: 'winner@x', balance: 1 }]);
    await db.update('accounts', { _id: 'new' }, { email: 'loser@x', balance: 2 }, { multi: false, upsert: true, merge: false }, tx);
    expect(await errorCode(db.commitTransaction(tx))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await db.find('accounts', { _id: 'new' })).toEqual([{ _id: 'new', email: 'winner@x', balance: 1 }]);
  });

  it('abort discards everything', async () => {
    const tx = await db.startTransaction();
    await db.update('accounts', {}, { $set: { balance: 0 } }, MERGE_MULTI, tx);
    await db.insert('accounts', [{ email: 'z@x' }], tx);
    await db.abortTransaction(tx);
    expect(await db.find('accounts', {}, { sort: { _id: 1 } })).toEqual([
      { _id: 'a', email: 'a@x', balance: 100 },
      { _id: 'b', email: 'b@x', balance: 50 },
    ]);
    expect(events).toEqual([]);
    expect(await errorCode(db.commitTransaction(tx))).toBe('DATABASE_TRANSACTION_FAIL');
  });

  it('second writer of a document conflicts immediately (and is aborted)', async () => {
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $inc: { balance: 1 } }, MERGE, t1);
    expect(await errorCode(db.update('accounts', { _id: 'a' }, { $inc: { balance: 2 } }, MERGE, t2))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await errorCode(db.find('accounts', {}, {}, t2))).toBe('DATABASE_TRANSACTION_FAIL');
    await db.commitTransaction(t1);
    expect(await balance('a')).toBe(101);
    // The lock is released on commit: a new transaction can write the document.
    const t3 = await db.startTransaction();
    await db.update('accounts', { _id: 'a' }, { $inc: { balance: 1 } }, MERGE, t3);
    await db.commitTransaction(t3);
    expect(await balance('a')).toBe(102);
  });

  it('commit fails with a conflict, applying nothing, when a read document changed meanwhile', async () => {
    const tx = await db.startTransaction();
    expect(await balance('a', tx)).toBe(100);
    await db.update('accounts', { _id: 'b' }, { $set: { balance: 0 } }, MERGE, tx);
    await db.update('accounts', { _id: 'a' }, { $set: { balance: 1 } }, MERGE); // outside writer wins
    expect(await errorCode(db.commitTransaction(tx))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await balance('b')).toBe(50);
    expect(await errorCode(db.abortTransaction(tx))).toBe('DATABASE_TRANSACTION_FAIL');
  });

  it('commit fails when a document it inserted was inserted by someone else first', async () => {
    const tx = await db.startTransaction();
    await db.insert('accounts', [{ _id: 'n', email: 'n@x' }], tx);
    await db.insert('accounts', [{ _id: 'n', email: 'other@x' }]);
    expect(await errorCode(db.commitTransaction(tx))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await db.find('accounts', { _id: 'n' }))[0].email).toBe('other@x');
  });

  it('enforces unique indexes inside the transaction and again at commit', async () => {
    const tx = await db.startTransaction();
    expect(await errorCode(db.insert('accounts', [{ email: 'a@x' }], tx))).toBe('DATABASE_DUPLICATE_WRITE');
    await db.update('accounts', { _id: 'a' }, { $set: { email: 'moved@x' } }, MERGE, tx);
    await db.insert('accounts', [{ _id: 'c', email: 'a@x' }], tx); // free inside the transaction now
    expect(await errorCode(db.insert('accounts', [{ _id: 'd', email: 'a@x' }], tx))).toBe('DATABASE_DUPLICATE_WRITE');
    await db.commitTransaction(tx);
    expect((await db.find('accounts', { email: 'a@x' })).map((d) => d._id)).toEqual(['c']);

    const t2 = await db.startTransaction();
    await db.insert('accounts', [{ _id: 'e', email: 'e@x' }], t2);
    await db.insert('accounts', [{ _id: 'f', email: 'e@x' }]); // committed first, different document
    expect(await errorCode(db.commitTransaction(t2))).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await db.count('accounts', { _id: 'e' })).toBe(0);
  });

  it('rejects unknown transaction ids', async () => {
    expect(await errorCode(db.find('accounts', {}, {}, 'nope'))).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await errorCode(db.commitTransaction('nope'))).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await errorCode(db.insert('accounts', [{}], 'nope'))).toBe('DATABASE_TRANSACTION_FAIL');
  });

  it('aborts transactions idle for longer than the limit', async () => {
    const quick = await openTestDb([{ name: 'c', indexes: [] }], { transactionIdleMs: 100, dataDir: tempDir() });
    const tx = await quick.startTransaction();
    await quick.insert('c', [{ _id: 'x' }], tx);
    await new Promise((r) => setTimeout(r, 250));
    const err = await quick.commitTransaction(tx).catch((e) => e);
    expect(err).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
    expect(err.message).toMatch(/idle/);
    expect(await quick.count('c', {})).toBe(0);
    // The aborted transaction released its write claim.
    const t2 = await quick.startTransaction();
    await quick.insert('c', [{ _id: 'x' }], t2);
    await quick.commitTransaction(t2);
    expect(await quick.count('c', {})).toBe(1);
  });

  it('commits survive a restart as one batch', async () => {
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
