import { compareValues } from '../../src/database/bson-order';
import type { LocalDatabaseEngine } from '../../src/database/index';
import { CollectionIndex } from '../../src/database/indexes';
import { ChunkedSortedList } from '../../src/database/sorted-list';
import type { Doc, IndexDeclaration } from '../../src/types';
import { cleanup, errorCode, MERGE, MERGE_MULTI, openTestDb } from './helpers';

afterEach(cleanup);

const byProviderStatusExpiry: IndexDeclaration = {
  name: 'provider_status_expires',
  unique: false,
  keys: [
    { name: 'providerId', direction: 1 },
    { name: 'status', direction: 1 },
    { name: 'expiresAt', direction: -1 },
  ],
};
const uniqueEmail: IndexDeclaration = { name: 'email_unique', unique: true, keys: [{ name: 'email', direction: 1 }] };

function makeDocs(n: number): Doc[] {
  const statuses = ['active', 'expired', 'pending'];
  return Array.from({ length: n }, (_, i) => ({
    _id: `d${String(i).padStart(5, '0')}`,
    providerId: `p${i % 20}`,
    status: statuses[i % 3],
    expiresAt: new Date(Date.UTC(2025, 0, 1) + (i % 97) * 86400000),
    rank: i % 50,
    tags: [`t${i % 7}`, `t${i % 11}`],
  }));
}

describe('bson order', () => {
  it('orders mixed types like MongoDB: null < numbers < strings < objects < arrays < booleans < dates', () => {
    const values = [new Date(0), true, [1], { a: 1 }, 'a', 5, null, -1, false, 'B', /x/];
    const sorted = values.slice().sort(compareValues);
    expect(sorted).toEqual([null, -1, 5, 'B', 'a', { a: 1 }, [1], false, true, new Date(0), /x/]);
    expect(compareValues(1, 1.0)).toBe(0);
    expect(compareValues(new Date(5), new Date(5))).toBe(0);
    expect(compareValues([1, 2], [1, 3])).toBeLessThan(0);
  });
});

describe('index order', () => {
  it('orders entries of mixed types exactly as the BSON order, in each key direction', () => {
    const values: unknown[] = [3, -0, 0, NaN, 2.5, -Infinity, 'b', 'a', '', null, true, false, new Date(5), new Date(NaN), new Date(-5), { x: 1 }, /r/];
    for (const direction of [1, -1] as const) {
      const index = new CollectionIndex({ name: 'v', unique: false, keys: [{ name: 'v', direction }] });
      const docs = values.map((v, i) => ({ _id: `d${String(i).padStart(2, '0')}`, v }));
      index.putMany(docs.map((doc) => ({ id: doc._id, doc })));
      const expected = docs
        .slice()
        .sort((a, b) => compareValues(a.v, b.v) * direction || (a._id < b._id ? -1 : 1))
        .map((d) => d._id);
      expect([...index.all(false)]).toEqual(expected);
    }
  });
});

describe('chunked sorted list', () => {
  it('stays sorted under random inserts and removes', () => {
    const list = new ChunkedSortedList<number>((a, b) => a - b);
    const reference: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = Math.floor(Math.random() * 100000) * 2 + (i % 2);
      if (reference.includes(v)) continue;
      list.insert(v);
      reference.push(v);
    }
    for (const v of reference.slice(0, 1000)) expect(list.remove(v)).toBe(true);
    expect(list.remove(-5)).toBe(false);
    const expected = reference.slice(1000).sort((a, b) => a - b);
    expect([...list.forward()]).toEqual(expected);
    expect([...list.backward()]).toEqual(expected.slice().reverse());
    const from = list.lowerBound((x) => x < expected[500]);
    expect(list.forward(from).next().value).toBe(expected[500]);
    expect(list.size).toBe(expected.length);
  });

  it('places items added with insertLater at the next read: one by one when few, by one sort when many', () => {
    const list = new ChunkedSortedList<number>((a, b) => a - b);
    const reference: number[] = [];
    const add = (values: number[]) => {
      list.insertLater(values);
      reference.push(...values);
    };
    add(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3001));
    expect(list.size).toBe(3000);
    expect([...list.forward()]).toEqual(reference.slice().sort((a, b) => a - b));
    add([5000, -1, 4000]);
    // A pending item can be removed before any read placed it.
    expect(list.remove(4000)).toBe(true);
    reference.splice(reference.indexOf(4000), 1);
    add(Array.from({ length: 2000 }, (_, i) => 10000 - i * 3));
    list.insert(2.5);
    reference.push(2.5);
    const expected = reference.slice().sort((a, b) => a - b);
    expect(list.size).toBe(expected.length);
    expect([...list.forward()]).toEqual(expected);
    expect([...list.backward()]).toEqual(expected.slice().reverse());
  });
});

describe('unique indexes', () => {
  it('reject duplicates on insert and update, changing nothing', async () => {
    const db = await openTestDb([{ name: 'users', indexes: [uniqueEmail] }]);
    await db.insert('users', [{ _id: 'u1', email: 'a@x' }, { _id: 'u2', email: 'b@x' }]);
    const err = await db.insert('users', [{ _id: 'u3', email: 'c@x' }, { _id: 'u4', email: 'a@x' }]).catch((e) => e);
    expect(err).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(err.message).toContain('index: email_unique dup key: { email: "a@x" }');
    expect(await db.count('users', {})).toBe(2);
    expect(await errorCode(db.insert('users', [{ email: 'z@x' }, { email: 'z@x' }]))).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await errorCode(db.update('users', { _id: 'u2' }, { $set: { email: 'a@x' } }, MERGE))).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await db.find('users', { _id: 'u2' }))[0].email).toBe('b@x');
  });

  it('validates a whole multi-document update before applying any of it', async () => {
    const db = await openTestDb([{ name: 'users', indexes: [uniqueEmail] }]);
    await db.insert('users', [{ _id: 'u1', email: 'a', group: 1 }, { _id: 'u2', email: 'b', group: 1 }, { _id: 'u3', email: 'c', group: 2 }]);
    expect(await errorCode(db.update('users', { group: 1 }, { $set: { email: 'same' } }, MERGE_MULTI))).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await db.find('users', {}, { sort: { _id: 1 } })).map((u) => u.email)).toEqual(['a', 'b', 'c']);
    // Swapping values inside one batch is fine: the old keys leave with the same write.
    await db.update('users', { group: 1 }, { $set: { group: 3 } }, MERGE_MULTI);
    await db.remove('users', { _id: 'u1' }, { multi: false });
    await db.insert('users', [{ _id: 'u9', email: 'a' }]);
    expect(await db.count('users', { email: 'a' })).toBe(1);
  });

  it('treats missing fields as null (two documents without the field collide), like MongoDB', async () => {
    const db = await openTestDb([{ name: 'users', indexes: [uniqueEmail] }]);
    await db.insert('users', [{ _id: 'u1' }]);
    expect(await errorCode(db.insert('users', [{ _id: 'u2' }]))).toBe('DATABASE_DUPLICATE_WRITE');
  });

  it('cannot be declared over existing duplicates', async () => {
    const db = await openTestDb([{ name: 'users', indexes: [] }]);
    await db.insert('users', [{ email: 'a' }, { email: 'a' }]);
    expect(await errorCode(db.createIndex('users', uniqueEmail))).toBe('DATABASE_DUPLICATE_WRITE');
    expect(db.listIndexes('users').map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('index-served queries', () => {
  let db: LocalDatabaseEngine;
  beforeEach(async () => {
    db = await openTestDb([
      { name: 'leases', indexes: [byProviderStatusExpiry, { name: 'rank', unique: false, keys: [{ name: 'rank', direction: 1 }] }, { name: 'tags', unique: false, keys: [{ name: 'tags', direction: 1 }] }] },
      { name: 'plain', indexes: [] },
    ]);
    const docs = makeDocs(3000);
    await db.insert('leases', docs);
    await db.insert('plain', docs);
  });

  it('equality on a prefix, range on the next key and sort come from the index', async () => {
    const filter = { providerId: 'p3', status: 'active', expiresAt: { $gte: new Date(Date.UTC(2025, 2, 1)) } };
    const plan = db.explain('leases', filter, { expiresAt: -1 }, 20);
    expect(plan.index).toBe('provider_status_expires');
    expect(plan.sortServed).toBe(true);
    expect(plan.returned).toBeGreaterThan(10);
    // Served in index order: nothing examined beyond the documents returned.
    expect(plan.scanned).toBe(plan.returned);
    const scan = db.explain('plain', filter, { expiresAt: -1 }, 20);
    expect(scan).toMatchObject({ index: null, scanned: 3000 });
    expect(await db.find('leases', filter, { sort: { expiresAt: -1 }, limit: 20 })).toEqual(await db.find('plain', filter, { sort: { expiresAt: -1 }, limit: 20 }));
  });

  it('walks the index backwards for the opposite sort direction', async () => {
    const filter = { providerId: 'p4', status: 'expired' };
    const plan = db.explain('leases', filter, { expiresAt: 1 }, 5);
    expect(plan).toMatchObject({ index: 'provider_status_expires', sortServed: true, scanned: 5 });
    const got = await db.find('leases', filter, { sort: { expiresAt: 1 }, limit: 5 });
    const times = got.map((d) => (d.expiresAt as Date).getTime());
    expect(times).toEqual(times.slice().sort((a, b) => a - b));
  });

  it('serves $in, ranges on the first key, _id lookups and $or branches', async () => {
    expect(db.explain('leases', { rank: { $in: [1, 2] } })).toEqual({ index: 'rank', scanned: 120, sortServed: false, exact: true, returned: 120 });
    expect(db.explain('leases', { rank: { $gt: 47 } })).toMatchObject({ index: 'rank', scanned: 120 });
    expect(db.explain('leases', { rank: { $gte: 10, $lt: 12 } })).toMatchObject({ index: 'rank', scanned: 120 });
    expect(db.explain('leases', { _id: 'd00042' })).toMatchObject({ index: '_id_', scanned: 1, returned: 1 });
    expect(db.explain('leases', { $or: [{ rank: 3 }, { _id: 'd00001' }] })).toMatchObject({ index: 'rank+_id_', scanned: 61 });
    expect(db.explain('leases', { rank: { $in: [] } })).toMatchObject({ index: 'rank', scanned: 0 });
  });

  it('uses the index only for candidates: remaining conditions still apply', async () => {
    const plan = db.explain('leases', { rank: 5, status: 'pending', tags: { $size: 2 } });
    expect(plan.index).toBe('rank');
    expect(plan.scanned).toBe(60);
    expect(plan.returned).toBe(20);
  });

  it('indexes each element of an array field (multikey) and never sorts by it', async () => {
    const plan = db.explain('leases', { tags: 't3' }, { tags: 1 });
    expect(plan.index).toBe('tags');
    expect(plan.sortServed).toBe(false);
    expect(plan.returned).toBe(await db.count('plain', { tags: 't3' }));
    // With arrays, $gt and $lt may be satisfied by different elements: both documents must be found.
    await db.insert('leases', [{ _id: 'x1', tags: ['a', 'z'] }]);
    expect((await db.find('leases', { tags: { $gt: 'y', $lt: 'b' } })).map((d) => d._id)).toEqual(['x1']);
  });

  it('keeps indexes in step with updates and removes', async () => {
    await db.update('leases', { rank: 7 }, { $set: { rank: 1007 } }, MERGE_MULTI);
    await db.remove('leases', { rank: 8 }, { multi: true });
    expect(db.explain('leases', { rank: 7 })).toMatchObject({ scanned: 0, returned: 0 });
    expect(db.explain('leases', { rank: 1007 })).toMatchObject({ scanned: 60, returned: 60 });
    expect(db.explain('leases', { rank: 8 })).toMatchObject({ scanned: 0 });
  });

  it('sort-only queries walk the index and stop at the limit', async () => {
    const plan = db.explain('leases', {}, { rank: -1 }, 10);
    expect(plan).toMatchObject({ index: 'rank', sortServed: true, scanned: 10 });
  });

  it('unsorted queries stop scanning once the limit is reached', async () => {
    expect(db.explain('plain', {}, undefined, 5)).toMatchObject({ index: null, scanned: 5, returned: 5 });
    expect(db.explain('leases', { rank: 5 }, undefined, 3)).toMatchObject({ index: 'rank', scanned: 3, returned: 3 });
  });

  it('returns exactly what a full scan returns for many filter shapes', async () => {
    const extra: Doc[] = [
      { _id: 'm1', rank: '7' },
      { _id: 'm2', rank: null },
      { _id: 'm3' },
      { _id: 'm4', rank: [3, 60] },
      { _id: 'm5', rank: new Date(7) },
      { _id: 'm6', rank: true },
      { _id: 'm7', rank: 7.5 },
      { _id: 'm8', rank: { n: 7 } },
      { _id: 'm9', providerId: 'p1', status: ['active', 'pending'], expiresAt: null },
    ];
    await db.insert('leases', extra);
    await db.insert('plain', extra);
    const filters: Doc[] = [
      { rank: 7 },
      { rank: '7' },
      { rank: null },
      { rank: { $eq: null } },
      { rank: { $in: [3, '7', null] } },
      { rank: { $gt: 40 } },
      { rank: { $gte: 3, $lte: 7 } },
      { rank: { $lt: 2 } },
      { rank: { $gt: '0' } },
      { rank: { $lte: new Date(10) } },
      { rank: { $gte: false } },
      { rank: 60 },
      { rank: { n: 7 } },
      { rank: { $exists: false } },
      { providerId: 'p1', status: 'active' },
      { providerId: 'p1', status: { $in: ['active', 'pending'] }, expiresAt: { $lt: new Date(Date.UTC(2025, 1, 1)) } },
      { providerId: 'p1', expiresAt: null },
      { $and: [{ providerId: 'p2' }, { rank: { $gt: 10 } }] },
      { $or: [{ rank: 1 }, { providerId: 'p9', status: 'pending' }] },
      { tags: { $all: ['t1', 't2'] } },
      { tags: { $in: ['t5', 't6'] }, rank: { $lt: 5 } },
    ];
    for (const filter of filters) {
      const sorts: (Record<string, 1 | -1> | undefined)[] = [undefined, { rank: 1 }, { expiresAt: -1 }, { expiresAt: -1, _id: 1 }];
      for (const sort of sorts) {
        const viaIndex = await db.find('leases', filter, { sort });
        const viaScan = await db.find('plain', filter, { sort });
        // Ties may come in any order, so compare the sequence of sort keys and the set of ids.
        const sortKeys = (docs: Doc[]) => (sort ? docs.map((d) => Object.keys(sort).map((f) => d[f])) : []);
        const ids = (docs: Doc[]) => docs.map((d) => d._id as string).sort();
        expect({ filter, sort, ids: ids(viaIndex), keys: sortKeys(viaIndex) }).toEqual({ filter, sort, ids: ids(viaScan), keys: sortKeys(viaScan) });
      }
    }
  });
});

describe('exact index plans: counts and deep pages without testing documents', () => {
  let db: LocalDatabaseEngine;
  const mixed: Doc[] = [
    { _id: 'm1', providerId: 'p1', status: 'active', rank: '7' },
    { _id: 'm2', providerId: 'p1', status: null, rank: null, expiresAt: null },
    { _id: 'm3', providerId: 'p1' },
    { _id: 'm5', providerId: 'p1', status: 'active', rank: new Date(7), expiresAt: 'soon' },
    { _id: 'm6', providerId: 'p1', status: 'active', rank: true, expiresAt: 12 },
    { _id: 'm7', providerId: 'p1', status: 'active', rank: 7.5 },
    { _id: 'm8', providerId: 'p1', status: { s: 1 }, rank: { n: 7 } },
  ];
  beforeEach(async () => {
    db = await openTestDb([
      { name: 'leases', indexes: [byProviderStatusExpiry, { name: 'rank', unique: false, keys: [{ name: 'rank', direction: 1 }] }] },
      { name: 'plain', indexes: [] },
    ]);
    const docs = [...makeDocs(3000).map(({ tags: _tags, ...rest }) => rest), ...mixed];
    await db.insert('leases', docs);
    await db.insert('plain', docs);
  });

  const since = new Date(Date.UTC(2025, 1, 10));
  const exactFilters: Doc[] = [
    { providerId: 'p1' },
    { providerId: 'p1', status: 'active' },
    { providerId: 'p1', status: null },
    { providerId: 'p1', status: { $in: ['active', 'pending', 'active'] } },
    { providerId: { $in: ['p1', 'p2'] }, status: { $eq: 'expired' } },
    { providerId: 'p1', status: 'active', expiresAt: { $gte: since } },
    { providerId: 'p1', status: { $in: ['active', 'pending'] }, expiresAt: { $gt: since, $lte: new Date(Date.UTC(2025, 2, 1)) } },
    { providerId: 'p1', status: 'active', expiresAt: { $lt: 20 } },
    { rank: 7 },
    { rank: { $gt: 40 } },
    { rank: { $gte: 3, $lt: 7 } },
    { rank: { $gt: '0' } },
    { rank: { $lte: new Date(10) } },
    { rank: null },
    { rank: { $in: [3, '7', null, 7.5] } },
  ];
  const inexactFilters: Doc[] = [
    { providerId: 'p1', expiresAt: { $gte: since } },
    { providerId: 'p1', status: 'active', rank: 3 },
    { rank: { $gte: 3, $lt: 'x' } },
    { rank: { $ne: 3 } },
    { rank: { n: 7 } },
    { rank: { $exists: true } },
    { $and: [{ rank: 3 }] },
  ];

  it('When the index bounds are the whole filter, then count, pages and deep skips equal a full scan and no skipped document is read', async () => {
    for (const filter of exactFilters) {
      expect({ filter, exact: db.explain('leases', filter).exact }).toEqual({ filter, exact: true });
      const total = await db.count('plain', filter);
      expect({ filter, count: await db.count('leases', filter) }).toEqual({ filter, count: total });
      const sort: Record<string, 1 | -1> = 'rank' in filter ? { rank: 1 } : { providerId: 1, status: 1, expiresAt: -1 };
      for (const skip of [0, 7, Math.max(0, total - 3), total + 5]) {
        const viaIndex = await db.find('leases', filter, { sort, skip, limit: 5 });
        const viaScan = await db.find('plain', filter, { sort, skip, limit: 5 });
        const keys = (docs: Doc[]) => docs.map((d) => Object.keys(sort).map((f) => d[f] ?? null));
        expect({ filter, skip, keys: keys(viaIndex), n: viaIndex.length }).toEqual({ filter, skip, keys: keys(viaScan), n: viaScan.length });
      }
    }
    const deep = db.explain('leases', { providerId: 'p1', status: 'active' }, { expiresAt: -1 }, 5);
    expect(deep).toMatchObject({ exact: true, sortServed: true, scanned: 5, returned: 5 });
  });

  it('When some condition is not in the bounds, then every candidate is tested and the answers still equal a full scan', async () => {
    for (const filter of inexactFilters) {
      expect({ filter, exact: db.explain('leases', filter).exact }).toEqual({ filter, exact: false });
      expect({ filter, count: await db.count('leases', filter) }).toEqual({ filter, count: await db.count('plain', filter) });
    }
  });

  it('When the index turns multikey or a transaction has staged writes, then counts fall back to testing documents', async () => {
    await db.insert('leases', [{ _id: 'arr', rank: [7, 70] }]);
    await db.insert('plain', [{ _id: 'arr', rank: [7, 70] }]);
    expect(db.explain('leases', { rank: 7 }).exact).toBe(false);
    expect(await db.count('leases', { rank: 7 })).toBe(await db.count('plain', { rank: 7 }));
    const tx = await db.startTransaction();
    await db.insert('leases', [{ _id: 'staged', providerId: 'p1', status: 'active' }], tx);
    const outside = await db.count('leases', { providerId: 'p1', status: 'active' });
    expect(await db.count('leases', { providerId: 'p1', status: 'active' }, tx)).toBe(outside + 1);
    await db.abortTransaction(tx);
  });
});

describe('deferred index placement', () => {
  const declaration = { name: 'leases', indexes: [byProviderStatusExpiry] };

  it('When a bulk load stops writing, then the deferred entries are placed by themselves before any query', async () => {
    const db = await openTestDb([declaration]);
    const base = makeDocs(20_000);
    await db.insert('leases', base);
    // Batches small next to the index are deferred rather than re-sorted with everything.
    const later = makeDocs(500);
    for (let i = 0; i < 5; i++) await db.insert('leases', later.map((d) => ({ ...d, _id: `${d._id}-${i}` })));
    expect(db.unplacedIndexEntries).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(db.unplacedIndexEntries).toBe(0);
    const p3Active = (docs: Doc[]) => docs.filter((d) => d.providerId === 'p3' && d.status === 'active').length;
    expect(await db.count('leases', { providerId: 'p3', status: 'active' })).toBe(p3Active(base) + 5 * p3Active(later));
  });

  it('When a loader settles explicitly, then nothing is left for the first query', async () => {
    const db = await openTestDb([declaration]);
    await db.insert('leases', makeDocs(20_000));
    await db.insert('leases', makeDocs(500).map((d) => ({ ...d, _id: `${d._id}-late` })));
    expect(db.unplacedIndexEntries).toBeGreaterThan(0);
    db.settleIndexes();
    expect(db.unplacedIndexEntries).toBe(0);
    expect(db.explain('leases', { providerId: 'p1', status: 'expired' }, { expiresAt: -1 }, 3)).toMatchObject({ exact: true, returned: 3 });
  });
});

describe('array limits', () => {
  it('indexes long arrays, but refuses parallel arrays in a compound index without a partial write', async () => {
    const db = await openTestDb([
      { name: 'c', indexes: [{ name: 'ab', unique: false, keys: [{ name: 'a', direction: 1 }, { name: 'b', direction: 1 }] }, { name: 'big', unique: false, keys: [{ name: 'big', direction: 1 }] }] },
    ]);
    await db.insert('c', [{ _id: 'long', big: Array.from({ length: 5000 }, (_, i) => i) }]);
    expect(db.explain('c', { big: 4321 })).toMatchObject({ index: 'big', scanned: 1, returned: 1 });
    await db.insert('c', [{ _id: 'one', a: [1, 2], b: 3 }]);
    expect(await errorCode(db.insert('c', [{ _id: 'ok' }, { _id: 'par', a: [1, 2], b: [3, 4] }]))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.update('c', { _id: 'one' }, { $set: { b: [5, 6] } }, MERGE))).toBe('DATABASE_REQUEST_FAILED');
    expect((await db.find('c', {}, { sort: { _id: 1 }, projection: { big: 0 } }))).toEqual([{ _id: 'long' }, { _id: 'one', a: [1, 2], b: 3 }]);
  });
});
