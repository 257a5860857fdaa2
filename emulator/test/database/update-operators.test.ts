import type { LocalDatabaseEngine } from '../../src/database/index';
import type { Doc } from '../../src/types';
import { cleanup, errorCode, MERGE, MERGE_MULTI, openTestDb } from './helpers';

let db: LocalDatabaseEngine;
beforeEach(async () => {
  db = await openTestDb([{ name: 'items', indexes: [] }]);
  await db.insert('items', [
    { _id: 'a', n: 5, price: 2, list: [3, 1, 2], tags: ['x', 'y'], nested: { keep: 1, drop: 2 }, old: 'v', scores: [1, 5, 9, 5] },
    { _id: 'b', n: 1, list: [], tags: [] },
  ]);
});
afterEach(cleanup);

async function updateA(update: Doc): Promise<Doc> {
  const result = await db.update('items', { _id: 'a' }, update, MERGE);
  expect(result.matched).toBe(1);
  return (await db.find('items', { _id: 'a' }))[0];
}

describe('update operators', () => {
  it('$set with dotted paths and plain fields merged as $set', async () => {
    const doc = await updateA({ $set: { 'nested.added': 3, title: 't' }, plain: true });
    expect(doc).toMatchObject({ nested: { keep: 1, drop: 2, added: 3 }, title: 't', plain: true });
  });
  it('$unset', async () => expect(await updateA({ $unset: { 'nested.drop': '', old: '' } })).not.toHaveProperty('old'));
  it('$unset nested', async () => expect((await updateA({ $unset: { 'nested.drop': '' } })).nested).toEqual({ keep: 1 }));
  it('$inc', async () => expect((await updateA({ $inc: { n: 2, fresh: 1 } })) as Doc).toMatchObject({ n: 7, fresh: 1 }));
  it('$mul', async () => expect((await updateA({ $mul: { price: 3 } })).price).toBe(6));
  it('$min', async () => expect((await updateA({ $min: { n: 2 } })).n).toBe(2));
  it('$max', async () => expect((await updateA({ $max: { n: 9 } })).n).toBe(9));
  it('$rename', async () => {
    const doc = await updateA({ $rename: { old: 'renamed' } });
    expect(doc.renamed).toBe('v');
    expect(doc).not.toHaveProperty('old');
  });
  it('$push with $each/$position/$slice/$sort', async () => {
    expect((await updateA({ $push: { list: 4 } })).list).toEqual([3, 1, 2, 4]);
    expect((await updateA({ $push: { list: { $each: [0, 9], $position: 0 } } })).list).toEqual([0, 9, 3, 1, 2, 4]);
    expect((await updateA({ $push: { list: { $each: [7], $sort: 1, $slice: 3 } } })).list).toEqual([0, 1, 2]);
  });
  it('$pop', async () => {
    expect((await updateA({ $pop: { list: 1 } })).list).toEqual([3, 1]);
    expect((await updateA({ $pop: { list: -1 } })).list).toEqual([1]);
  });
  it('$pull with value and condition', async () => {
    expect((await updateA({ $pull: { scores: 5 } })).scores).toEqual([1, 9]);
    expect((await updateA({ $pull: { scores: { $gt: 3 } } })).scores).toEqual([1]);
  });
  it('$pullAll', async () => expect((await updateA({ $pullAll: { scores: [1, 9] } })).scores).toEqual([5, 5]));
  it('$addToSet with and without $each', async () => {
    expect((await updateA({ $addToSet: { tags: 'x' } })).tags).toEqual(['x', 'y']);
    expect((await updateA({ $addToSet: { tags: { $each: ['y', 'z', 'w'] } } })).tags).toEqual(['x', 'y', 'z', 'w']);
  });
  it('$currentDate', async () => {
    const before = Date.now();
    const doc = await updateA({ $currentDate: { touchedAt: true } });
    expect(doc.touchedAt).toBeInstanceOf(Date);
    expect((doc.touchedAt as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('multi updates every match; updated counts every match, changed or not (as CloudBase reports it)', async () => {
    expect(await db.update('items', {}, { $set: { n: 1 } }, MERGE_MULTI)).toEqual({ matched: 2, updated: 2 });
    expect((await db.find('items', {}, { sort: { _id: 1 } })).map((d) => d.n)).toEqual([1, 1]);
    expect(await db.update('items', {}, { $set: { flag: true } }, MERGE)).toEqual({ matched: 1, updated: 1 });
    expect(await db.count('items', { flag: true })).toBe(1);
  });

  it('merge:false replaces the whole document but keeps _id', async () => {
    const result = await db.update('items', { _id: 'a' }, { only: 'this' }, { multi: false, upsert: false, merge: false });
    expect(result).toEqual({ matched: 1, updated: 1 });
    expect(await db.find('items', { _id: 'a' })).toEqual([{ _id: 'a', only: 'this' }]);
  });

  it('upsert builds the document from the filter equalities plus the update', async () => {
    const result = await db.update('items', { sku: 'S1', kind: { $eq: 'box' }, qty: { $gt: 3 } }, { $set: { price: 5 }, $setOnInsert: { created: true } }, { multi: false, upsert: true, merge: true });
    expect(result.matched).toBe(0);
    expect(result.upsertedId).toMatch(/^[0-9a-f]{32}$/);
    const [doc] = await db.find('items', { _id: result.upsertedId });
    expect(doc).toEqual({ _id: result.upsertedId, sku: 'S1', kind: 'box', price: 5, created: true });
    // Second time it matches, so $setOnInsert is ignored and nothing is inserted.
    const again = await db.update('items', { sku: 'S1' }, { $set: { price: 6 }, $setOnInsert: { created: 'no' } }, { multi: false, upsert: true, merge: true });
    expect(again).toEqual({ matched: 1, updated: 1 });
    expect((await db.find('items', { sku: 'S1' }))[0]).toMatchObject({ price: 6, created: true });
  });

  it('upsert honours an _id in the filter, and replace-upsert keeps it', async () => {
    expect((await db.update('items', { _id: 'fixed' }, { v: 1 }, { multi: false, upsert: true, merge: false })).upsertedId).toBe('fixed');
    expect(await db.find('items', { _id: 'fixed' })).toEqual([{ _id: 'fixed', v: 1 }]);
  });

  it('rejects changing _id, operator-less misuse and unknown operators', async () => {
    expect(await errorCode(db.update('items', { _id: 'a' }, { $set: { _id: 'zzz' } }, MERGE))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.update('items', { _id: 'a' }, { $foo: { n: 1 } }, MERGE))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.update('items', { _id: 'a' }, { $set: { x: 1 } }, { multi: false, upsert: false, merge: false }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.update('items', { _id: 'a' }, { $inc: 5 } as Doc, MERGE))).toBe('DATABASE_REQUEST_FAILED');
    expect((await db.find('items', { _id: 'a' }))[0].n).toBe(5);
  });

  it('does not keep references to caller objects', async () => {
    const payload = { deep: { v: 1 } };
    await db.update('items', { _id: 'a' }, { $set: { payload } }, MERGE);
    payload.deep.v = 99;
    expect((await db.find('items', { _id: 'a' }))[0].payload).toEqual({ deep: { v: 1 } });
  });

  it('removes one or many', async () => {
    await db.insert('items', [{ _id: 'c', n: 1 }]);
    expect(await db.remove('items', { n: 1 }, { multi: false })).toBe(1);
    expect(await db.count('items', { n: 1 })).toBe(1);
    expect(await db.remove('items', {}, { multi: true })).toBe(2);
    expect(await db.count('items', {})).toBe(0);
  });

  it('generates 32-hex ids and rejects duplicate _id with E11000', async () => {
    const [id] = await db.insert('items', [{ v: 1 }]);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const err = await db.insert('items', [{ _id: 'a' }]).catch((e) => e);
    expect(err).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(err.message).toMatch(/E11000 duplicate key error collection: items index: _id_ dup key/);
    // A batch with one duplicate inserts nothing.
    expect(await errorCode(db.insert('items', [{ _id: 'new1' }, { _id: 'b' }]))).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await errorCode(db.insert('items', [{ _id: 'new2' }, { _id: 'new2' }]))).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await db.count('items', { _id: { $in: ['new1', 'new2'] } })).toBe(0);
  });
});
