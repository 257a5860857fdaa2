/**
 * Contract tests: the real wx-server-sdk 4.0.2 (bundling @cloudbase/node-sdk 3.17.2 and
 * @cloudbase/database 1.4.3) against the AdminEmulator backed by the real engine.
 */
import { startAdmin, rawPost, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let cloud: any;
let db: any;
let _: any;
let $: any;

const ids = (res: { data: { _id: string }[] }) => res.data.map((d) => d._id).sort();

beforeAll(async () => {
  h = await startAdmin();
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  db = cloud.database();
  _ = db.command;
  $ = db.command.aggregate;
  for (const name of ['people', 'bulk', 'docs', 'orders', 'users']) await h.database.createCollection(name);
  await db.collection('people').add({
    data: [
      { _id: 'p1', name: 'Alice', age: 30, tags: ['a', 'b'], scores: [80, 95], address: { city: 'Shanghai' }, nick: 'ally' },
      { _id: 'p2', name: 'bob', age: 25, tags: ['b'], scores: [60], address: { city: 'Beijing' } },
      { _id: 'p3', name: 'Carol', age: 35, tags: ['a', 'b', 'c'], scores: [90, 70, 85], items: [{ k: 'x', n: 1 }, { k: 'y', n: 5 }] },
      { _id: 'p4', name: 'dave', age: 40, tags: [], scores: [], nick: null },
    ],
  });
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]); // no emulator-internal errors on any path
});

describe('collections', () => {
  test('createCollection resolves, a duplicate rejects with the CloudBase code', async () => {
    await expect(db.createCollection('fresh')).resolves.toMatchObject({ errMsg: 'createCollection:ok' });
    expect(h.database.hasCollection('fresh')).toBe(true);
    const err = await db.createCollection('fresh').catch((e: any) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
    expect(err.errMsg).toMatch(/^createCollection:fail /);
  });

  test('a missing collection surfaces as errCode -502005', async () => {
    const err = await db.collection('no_such').get().catch((e: any) => e);
    expect(err.errCode).toBe(-502005);
    expect(err.errMsg).toMatch(/^collection\.get:fail -502005 database collection not exists\. \[ResourceNotFound\] Db or Table not exist/);
    const addErr = await db.collection('no_such').add({ data: { a: 1 } }).catch((e: any) => e);
    expect(addErr.errCode).toBe(-502005);
  });
});

describe('query operators (db.command → MongoDB)', () => {
  const where = async (q: object) => ids(await db.collection('people').where(q).get());

  test('comparison', async () => {
    expect(await where({ age: _.eq(30) })).toEqual(['p1']);
    expect(await where({ age: _.neq(30) })).toEqual(['p2', 'p3', 'p4']);
    expect(await where({ age: _.gt(30) })).toEqual(['p3', 'p4']);
    expect(await where({ age: _.gte(30) })).toEqual(['p1', 'p3', 'p4']);
    expect(await where({ age: _.lt(30) })).toEqual(['p2']);
    expect(await where({ age: _.lte(30) })).toEqual(['p1', 'p2']);
    expect(await where({ age: _.in([25, 40]) })).toEqual(['p2', 'p4']);
    expect(await where({ age: _.nin([25, 40]) })).toEqual(['p1', 'p3']);
  });

  test('logic: and, or, nor, not', async () => {
    expect(await where({ age: _.gt(20).and(_.lt(35)) })).toEqual(['p1', 'p2']);
    expect(await where(_.and([{ age: _.gt(20) }, { name: 'bob' }]))).toEqual(['p2']);
    expect(await where(_.or([{ age: 25 }, { age: 40 }]))).toEqual(['p2', 'p4']);
    expect(await where({ age: _.eq(25).or(_.eq(35)) })).toEqual(['p2', 'p3']);
    expect(await where(_.nor([{ age: 25 }, { age: 40 }]))).toEqual(['p1', 'p3']);
    expect(await where({ age: _.not(_.gt(30)) })).toEqual(['p1', 'p2']);
  });

  test('element and array operators', async () => {
    expect(await where({ nick: _.exists(true) })).toEqual(['p1', 'p4']);
    expect(await where({ nick: _.exists(false) })).toEqual(['p2', 'p3']);
    expect(await where({ tags: _.size(2) })).toEqual(['p1']);
    expect(await where({ tags: _.all(['a', 'b']) })).toEqual(['p1', 'p3']);
    expect(await where({ items: _.elemMatch({ k: 'y', n: _.gt(3) }) })).toEqual(['p3']);
    expect(await where({ scores: _.elemMatch(_.gte(90)) })).toEqual(['p1', 'p3']);
    expect(await where({ age: _.mod(10, 5) })).toEqual(['p2', 'p3']);
    expect(await where({ tags: 'c' })).toEqual(['p3']);
  });

  test('regular expressions and nested fields', async () => {
    expect(await where({ name: /^[a-c]/i })).toEqual(['p1', 'p2', 'p3']);
    expect(await where({ name: /^[a-c]/ })).toEqual(['p2']);
    expect(await where({ name: db.RegExp({ regexp: '^D', options: 'i' }) })).toEqual(['p4']);
    expect(await where({ 'address.city': 'Shanghai' })).toEqual(['p1']);
    expect(await where({ address: { city: 'Beijing' } })).toEqual(['p2']);
  });
});

describe('get options', () => {
  test('orderBy, skip, limit and field', async () => {
    const res = await db.collection('people').orderBy('age', 'desc').skip(1).limit(2).field({ name: true }).get();
    expect(res.errMsg).toBe('collection.get:ok');
    expect(res.data).toEqual([
      { _id: 'p3', name: 'Carol' },
      { _id: 'p1', name: 'Alice' },
    ]);
    const two = await db.collection('people').orderBy('name', 'asc').orderBy('age', 'asc').field({ age: true, _id: false }).get();
    expect(two.data).toEqual([{ age: 30 }, { age: 35 }, { age: 25 }, { age: 40 }]); // binary string order: 'A' < 'C' < 'b' < 'd'
  });

  test('count', async () => {
    await expect(db.collection('people').count()).resolves.toEqual({ total: 4, errMsg: 'collection.count:ok' });
    await expect(db.collection('people').where({ age: _.gt(26) }).count()).resolves.toMatchObject({ total: 3 });
  });

  test('default limit 100 and ceiling 1000 (1,100 documents)', async () => {
    for (let batch = 0; batch < 11; batch++) {
      const data = Array.from({ length: 100 }, (_v, i) => ({ i: batch * 100 + i }));
      const res = await db.collection('bulk').add({ data });
      expect(res._ids).toHaveLength(100);
    }
    await expect(db.collection('bulk').count()).resolves.toMatchObject({ total: 1100 });
    expect((await db.collection('bulk').get()).data).toHaveLength(100);
    expect((await db.collection('bulk').limit(1000).get()).data).toHaveLength(1000);
    expect((await db.collection('bulk').limit(5000).get()).data).toHaveLength(1000); // the SDK clamps…
    const raw = await rawPost(h.url, JSON.stringify({ action: 'database.getDocument', collectionName: 'bulk', queryType: 'WHERE', limit: 5000 }));
    expect(raw.json.data.list).toHaveLength(1000); // …and so does the server
    const noLimit = await rawPost(h.url, JSON.stringify({ action: 'database.getDocument', collectionName: 'bulk', queryType: 'WHERE' }));
    expect(noLimit.json.data.list).toHaveLength(100); // server-side default when a client omits limit
    const page = await db.collection('bulk').orderBy('i', 'asc').skip(1050).limit(100).get();
    expect(page.data.map((d: any) => d.i)).toEqual(Array.from({ length: 50 }, (_v, k) => 1050 + k));
  });

  test('doc().get() of a missing id rejects the way wx-server-sdk does', async () => {
    const err = await db.collection('people').doc('nope').get().catch((e: any) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.errMsg).toBe('document.get:fail document with _id nope does not exist');
    await expect(db.collection('people').doc('p1').field({ age: true }).get()).resolves.toEqual({ data: { _id: 'p1', age: 30 }, errMsg: 'document.get:ok' });
  });
});

describe('writes', () => {
  test('add: generated and explicit ids, no _openid for server calls', async () => {
    const res = await db.collection('docs').add({ data: { title: 'hello' } });
    expect(res).toEqual({ _id: expect.any(String), errMsg: 'collection.add:ok' });
    const got = await db.collection('docs').doc(res._id).get();
    expect(got.data).toEqual({ _id: res._id, title: 'hello' });
    const explicit = await db.collection('docs').add({ data: { _id: 'mine', v: 1 } });
    expect(explicit._id).toBe('mine');
    const dup = await db.collection('docs').add({ data: { _id: 'mine', v: 2 } }).catch((e: any) => e);
    expect(dup.errCode).toBe(-501001); // DATABASE_DUPLICATE_WRITE has no entry in wx-server-sdk's table
  });

  test('update with every update operator, nested objects flattened', async () => {
    await db.collection('docs').add({
      data: {
        _id: 'u1', n: 10, m: 3, rm: 'bye', arr: [1, 2, 3], arrPop: [1, 2, 3], arrShift: [1, 2, 3], arrUnshift: [1],
        arrPull: [1, 2, 2, 3], arrPullAll: [1, 2, 3, 4], set1: ['a'], obj: { a: 1, b: { c: 2 } }, old: 'x', hi: 5, lo: 5, replaced: { y: 2 },
      },
    });
    const res = await db.collection('docs').doc('u1').update({
      data: {
        n: _.inc(5), m: _.mul(4), rm: _.remove(), arr: _.push([4, 5]), arrPop: _.pop(), arrShift: _.shift(), arrUnshift: _.unshift([-1, 0]),
        arrPull: _.pull(2), arrPullAll: _.pullAll([1, 4]), set1: _.addToSet('b'), obj: { b: { d: 3 } }, old: _.rename('renamed'),
        hi: _.max(10), lo: _.min(1), replaced: _.set({ x: 1 }), fresh: 'new',
      },
    });
    expect(res).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    const { data } = await db.collection('docs').doc('u1').get();
    expect(data).toEqual({
      _id: 'u1', n: 15, m: 12, arr: [1, 2, 3, 4, 5], arrPop: [1, 2], arrShift: [2, 3], arrUnshift: [-1, 0, 1],
      arrPull: [1, 3], arrPullAll: [2, 3], set1: ['a', 'b'], obj: { a: 1, b: { c: 2, d: 3 } }, renamed: 'x', hi: 10, lo: 1,
      replaced: { x: 1 }, fresh: 'new',
    });
    await db.collection('docs').doc('u1').update({ data: { set1: _.addToSet('a'), arr: _.push({ each: [0], position: 0 }) } });
    const again = (await db.collection('docs').doc('u1').get()).data;
    expect(again.set1).toEqual(['a', 'b']);
    expect(again.arr).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('update of a missing doc reports 0 updated', async () => {
    await expect(db.collection('docs').doc('ghost').update({ data: { a: 1 } })).resolves.toEqual({ stats: { updated: 0 }, errMsg: 'document.update:ok' });
  });

  test('set: upsert when missing, replace when present', async () => {
    const created = await db.collection('docs').doc('s1').set({ data: { a: 1, nested: { k: 1 } } });
    expect(created).toEqual({ _id: 's1', errMsg: 'document.set:ok', stats: { updated: 0, created: 1 } });
    const replaced = await db.collection('docs').doc('s1').set({ data: { b: 2 } });
    expect(replaced).toEqual({ _id: 's1', errMsg: 'document.set:ok', stats: { updated: 1, created: 0 } });
    expect((await db.collection('docs').doc('s1').get()).data).toEqual({ _id: 's1', b: 2 });
  });

  test('where().update is multi by default; multi: false touches one', async () => {
    await db.collection('docs').add({ data: [{ group: 'g', v: 1 }, { group: 'g', v: 2 }, { group: 'g', v: 3 }, { group: 'h', v: 4 }] });
    await expect(db.collection('docs').where({ group: 'g' }).update({ data: { flag: true } })).resolves.toEqual({ stats: { updated: 3 }, errMsg: 'collection.update:ok' });
    await expect(db.collection('docs').where({ flag: true }).count()).resolves.toMatchObject({ total: 3 });
    await expect(db.collection('docs').where({ group: 'g' }).update({ data: { one: true }, multi: false })).resolves.toMatchObject({ stats: { updated: 1 } });
  });

  test('remove: doc and where', async () => {
    await db.collection('docs').add({ data: [{ _id: 'r1', kill: true }, { _id: 'r2', kill: true }, { _id: 'r3', kill: true }] });
    await expect(db.collection('docs').doc('r1').remove()).resolves.toEqual({ stats: { removed: 1 }, errMsg: 'document.remove:ok' });
    await expect(db.collection('docs').doc('r1').remove()).resolves.toEqual({ stats: { removed: 0 }, errMsg: 'document.remove:ok' });
    await expect(db.collection('docs').where({ kill: true }).remove()).resolves.toEqual({ stats: { removed: 2 }, errMsg: 'collection.remove:ok' });
  });

  test('serverDate in add and update is the server time (with offset)', async () => {
    const before = Date.now();
    const { _id } = await db.collection('docs').add({ data: { at: db.serverDate() } });
    await db.collection('docs').doc(_id).update({ data: { later: db.serverDate({ offset: 60_000 }), nested: { at: db.serverDate() } } });
    const after = Date.now();
    const { data } = await db.collection('docs').doc(_id).get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(data.at.getTime()).toBeLessThanOrEqual(after + 1);
    expect(data.later.getTime() - 60_000).toBeGreaterThanOrEqual(before - 1);
    expect(data.later.getTime() - 60_000).toBeLessThanOrEqual(after + 1);
    expect(data.nested.at).toBeInstanceOf(Date);
  });

  test('Dates round trip and compare in queries', async () => {
    const d = new Date('2024-01-02T03:04:05.678Z');
    await db.collection('docs').add({ data: { _id: 'd1', d, list: [d], deep: { d } } });
    const { data } = await db.collection('docs').doc('d1').get();
    expect(data.d).toEqual(d);
    expect(data.list[0]).toEqual(d);
    expect(data.deep.d).toEqual(d);
    expect(ids(await db.collection('docs').where({ d: _.gt(new Date('2024-01-01T00:00:00Z')) }).get())).toEqual(['d1']);
    expect(ids(await db.collection('docs').where({ d: _.lt(new Date('2024-01-01T00:00:00Z')) }).get())).toEqual([]);
  });
});

describe('aggregate', () => {
  beforeAll(async () => {
    await db.collection('orders').add({
      data: [
        { _id: 'o1', user: 'u1', amount: 10, items: ['a', 'b'] },
        { _id: 'o2', user: 'u1', amount: 20, items: ['c'] },
        { _id: 'o3', user: 'u2', amount: 5, items: [] },
      ],
    });
    await db.collection('users').add({ data: [{ _id: 'u1', name: 'U1' }, { _id: 'u2', name: 'U2' }] });
  });

  test('match, group, sort', async () => {
    const res = await db.collection('orders').aggregate().match({ amount: _.gt(1) }).group({ _id: '$user', total: $.sum('$amount') }).sort({ total: -1 }).end();
    expect(res).toEqual({ list: [{ _id: 'u1', total: 30 }, { _id: 'u2', total: 5 }], errMsg: 'collection.aggregate:ok' });
  });

  test('project, lookup, unwind, count', async () => {
    const projected = await db.collection('orders').aggregate().sort({ _id: 1 }).project({ _id: 0, user: 1, double: $.multiply(['$amount', 2]) }).end();
    expect(projected.list).toEqual([{ user: 'u1', double: 20 }, { user: 'u1', double: 40 }, { user: 'u2', double: 10 }]);
    const joined = await db.collection('orders').aggregate().match({ _id: 'o3' }).lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'who' }).end();
    expect(joined.list).toEqual([{ _id: 'o3', user: 'u2', amount: 5, items: [], who: [{ _id: 'u2', name: 'U2' }] }]);
    const unwound = await db.collection('orders').aggregate().unwind('$items').sort({ items: 1 }).project({ _id: 0, items: 1 }).end();
    expect(unwound.list).toEqual([{ items: 'a' }, { items: 'b' }, { items: 'c' }]);
    const counted = await db.collection('orders').aggregate().match({ user: 'u1' }).count('n').end();
    expect(counted.list).toEqual([{ n: 2 }]);
  });
});
