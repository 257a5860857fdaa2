/**
 * What writes report and refuse, through the real server SDKs (the engine-level table is in
 * test/database/write-rules.test.ts).
 *
 * Where it is documented:
 * - `updated` of a write that matched but changed nothing is 1, not 0: WeChat cloud database API,
 *   Document.set — "updated: 1 if the given _id exists, else 0" (nothing about the values changing), and
 *   Document.update — "updated: the number of records updated, here only 0 or 1"; CloudBase counts
 *   matched documents (its document database is MongoDB, whose update result counts nMatched apart from
 *   nModified, and CloudBase reports the former).
 * - `$`-prefixed field names: CloudBase refuses the document with DATABASE_REQUEST_FAILED (MongoDB:
 *   "The dollar ($) prefixed field … is not valid for storage", DollarPrefixedFieldName).
 * - An update path that cannot exist (`tags.name` where tags is an array of strings; `n.0` where n is a
 *   number): MongoDB manual, $set → Behavior ("Cannot create field 'name' in element …", PathNotViable);
 *   the whole write is refused, nothing is written.
 * wx-server-sdk maps DATABASE_REQUEST_FAILED to errCode -502001 (its own error table).
 */
import { startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let wxDb: any;
let nodeDb: any;

const original = [
  { _id: 'a', n: 1, tags: ['x', 'y'], profile: { city: 'sh' } },
  { _id: 'b', n: 1, tags: [] },
];
const stored = async () => h.database.find('results', {}, { sort: { _id: 1 } });

beforeAll(async () => {
  h = await startAdmin();
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  wxDb = cloud.database();
  const tcb = require('@cloudbase/node-sdk');
  nodeDb = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  await h.database.createCollection('results');
});

beforeEach(async () => {
  await h.database.remove('results', {}, { multi: true });
  await h.database.insert('results', original);
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]);
});

describe('a write that matched but changed nothing reports updated 1', () => {
  test('wx-server-sdk: doc().update, where().update, doc().set', async () => {
    expect((await wxDb.collection('results').doc('a').update({ data: { n: 1 } })).stats).toEqual({ updated: 1 });
    expect((await wxDb.collection('results').where({ n: 1 }).update({ data: { n: 1 } })).stats).toEqual({ updated: 2 });
    const set = await wxDb.collection('results').doc('b').set({ data: { n: 1, tags: [] } });
    expect(set).toMatchObject({ _id: 'b', stats: { updated: 1, created: 0 } });
    expect(await stored()).toEqual(original);
  });

  test('@cloudbase/node-sdk: doc().update, where().update, doc().set, updateAndReturn', async () => {
    await expect(nodeDb.collection('results').doc('a').update({ n: 1 })).resolves.toEqual({ updated: 1, requestId: expect.any(String) });
    await expect(nodeDb.collection('results').where({ n: 1 }).update({ n: 1 })).resolves.toMatchObject({ updated: 2 });
    await expect(nodeDb.collection('results').doc('b').set({ n: 1, tags: [] })).resolves.toEqual({ updated: 1, requestId: expect.any(String) });
    await expect(nodeDb.collection('results').where({ _id: 'a' }).updateAndReturn({ n: 1 })).resolves.toEqual({
      updated: 1,
      doc: original[0],
      requestId: expect.any(String),
    });
    expect(await stored()).toEqual(original);
  });
});

describe('a document with a $-prefixed field name is refused with DATABASE_REQUEST_FAILED', () => {
  test.each<[string, () => Promise<unknown>]>([
    ['add, top level', () => nodeDb.collection('results').add({ _id: 'z', $where: 'x' })],
    ['add, nested', () => nodeDb.collection('results').add({ _id: 'z', meta: { $gt: 1 } })],
    ['set, nested', () => nodeDb.collection('results').doc('a').set({ profile: { $city: 'bj' } })],
    ['update, nested value', () => nodeDb.collection('results').doc('a').update({ profile: { city: 'bj', $zip: 1 } })],
    ['update where, nested value', () => nodeDb.collection('results').where({ n: 1 }).update({ extra: { $x: 1 } })],
  ])('@cloudbase/node-sdk: %s', async (_label, write) => {
    await expect(write()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringMatching(/^The dollar \(\$\) prefixed field '\$\w+' in '[\w.$]+' is not valid for storage\.$/) });
    expect(await stored()).toEqual(original);
  });

  test('wx-server-sdk: add, set and update answer -502001', async () => {
    const attempts = [
      () => wxDb.collection('results').add({ data: { _id: 'z', meta: { $gt: 1 } } }),
      () => wxDb.collection('results').doc('a').set({ data: { profile: { $city: 'bj' } } }),
      () => wxDb.collection('results').doc('a').update({ data: { profile: { $zip: 1 } } }),
    ];
    for (const attempt of attempts) {
      const err = await attempt().catch((e: any) => e);
      expect(err.errCode).toBe(-502001);
      expect(err.errMsg).toMatch(/prefixed field '\$\w+' in '[\w.$]+' is not valid for storage/);
    }
    expect(await stored()).toEqual(original);
  });
});

describe('an update path that cannot exist is refused, nothing written', () => {
  test('@cloudbase/node-sdk: a field under an array of strings, a numeric path into a number', async () => {
    await expect(nodeDb.collection('results').doc('a').update({ 'tags.name': 'n' })).rejects.toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: `Cannot create field 'name' in element {tags: ["x","y"]}`,
    });
    // The SDK flattens nested objects to dotted paths: { tags: { name } } is $set { 'tags.name' } too.
    await expect(nodeDb.collection('results').where({ n: 1 }).update({ tags: { name: 'n' } })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
    await expect(nodeDb.collection('results').doc('a').update({ 'n.0': 5 })).rejects.toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: `Cannot create field '0' in element {n: 1}`,
    });
    expect(await stored()).toEqual(original);
  });

  test('wx-server-sdk: the same, as -502001', async () => {
    const err = await wxDb
      .collection('results')
      .doc('a')
      .update({ data: { tags: { name: 'n' } } })
      .catch((e: any) => e);
    expect(err.errCode).toBe(-502001);
    expect(err.errMsg).toMatch(/Cannot create field 'name' in element \{tags: \["x","y"\]\}/);
    expect(await stored()).toEqual(original);
  });
});
