/**
 * @cloudbase/node-sdk 3.18.3 database API against the emulator: result shapes (requestId, ids, counts),
 * updateAndReturn (database.modifyAndReturnDoc), and errors thrown as TcbError with the CloudBase code.
 */
import { startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let db: any;
let _: any;

beforeAll(async () => {
  h = await startAdmin();
  const tcb = require('@cloudbase/node-sdk');
  db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  _ = db.command;
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]);
});

test('createCollection, add, get, count, update, set, remove: node-sdk result shapes', async () => {
  await expect(db.createCollection('items')).resolves.toEqual({ requestId: expect.any(String) });
  await expect(db.createCollection('items')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST', requestId: expect.any(String) });
  const one = await db.collection('items').add({ name: 'a', n: 1 });
  expect(one).toEqual({ id: expect.any(String), requestId: expect.any(String) });
  const many = await db.collection('items').add([{ name: 'b', n: 2 }, { name: 'c', n: 3 }]);
  expect(many).toEqual({ ids: [expect.any(String), expect.any(String)], requestId: expect.any(String) });
  const got = await db.collection('items').where({ n: _.gte(2) }).orderBy('n', 'desc').get();
  expect(got).toEqual({ data: [{ _id: many.ids[1], name: 'c', n: 3 }, { _id: many.ids[0], name: 'b', n: 2 }], requestId: expect.any(String) });
  await expect(db.collection('items').doc('missing').get()).resolves.toEqual({ data: [], requestId: expect.any(String) });
  await expect(db.collection('items').where({ n: _.lt(3) }).count()).resolves.toEqual({ total: 2, requestId: expect.any(String) });
  await expect(db.collection('items').doc(one.id).update({ n: _.inc(10) })).resolves.toEqual({ updated: 1, requestId: expect.any(String) });
  await expect(db.collection('items').where({ n: _.gt(0) }).update({ seen: true })).resolves.toMatchObject({ updated: 3 });
  const upsert = await db.collection('items').doc('fixed').set({ name: 'z' });
  expect(upsert).toEqual({ updated: 0, upsertedId: 'fixed', requestId: expect.any(String) });
  await expect(db.collection('items').doc('fixed').set({ name: 'y' })).resolves.toEqual({ updated: 1, requestId: expect.any(String) });
  await expect(db.collection('items').doc('fixed').remove()).resolves.toEqual({ deleted: 1, requestId: expect.any(String) });
  await expect(db.collection('items').where({ seen: true }).remove()).resolves.toEqual({ deleted: 3, requestId: expect.any(String) });
});

test('updateAndReturn answers the document after the update', async () => {
  await db.collection('items').add([{ _id: 'q1', k: 'x', v: 1 }, { _id: 'q2', k: 'y', v: 1 }]);
  const res = await db.collection('items').where({ k: 'y' }).updateAndReturn({ v: _.inc(41) });
  expect(res).toEqual({ updated: 1, doc: { _id: 'q2', k: 'y', v: 42 }, requestId: expect.any(String) });
  const none = await db.collection('items').where({ k: 'nope' }).updateAndReturn({ v: 1 });
  expect(none).toMatchObject({ updated: 0, doc: null });
});

test('errors are thrown as TcbError with the service code', async () => {
  await expect(db.collection('ghost').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST', requestId: expect.any(String) });
  await expect(db.collection('ghost').where({ a: 1 }).update({ a: 2 })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  await expect(db.collection('items').add({ _id: 'q1' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
});

test('aggregate with raw options and serverDate through node-sdk', async () => {
  await db.createCollection('agg');
  await db.collection('agg').add([{ g: 'a', v: 1 }, { g: 'a', v: 2 }, { g: 'b', v: 5 }]);
  const res = await db.collection('agg').aggregate().group({ _id: '$g', sum: db.command.aggregate.sum('$v') }).sort({ _id: 1 }).end();
  expect(res).toEqual({ data: [{ _id: 'a', sum: 3 }, { _id: 'b', sum: 5 }], requestId: expect.any(String) });
  const { id } = await db.collection('agg').add({ at: db.serverDate() });
  const [doc] = (await db.collection('agg').doc(id).get()).data;
  expect(doc.at).toBeInstanceOf(Date);
  expect(Math.abs(doc.at.getTime() - Date.now())).toBeLessThan(5000);
});
