import type { LocalDatabaseEngine } from '../../src/database/index';
import { cleanup, errorCode, openTestDb } from './helpers';

let db: LocalDatabaseEngine;
beforeEach(async () => {
  db = await openTestDb([
    { name: 'orders', indexes: [] },
    { name: 'providers', indexes: [] },
  ]);
  await db.insert('providers', [
    { _id: 'p1', name: 'Acme' },
    { _id: 'p2', name: 'Beta' },
  ]);
  await db.insert('orders', [
    { _id: 'o1', providerId: 'p1', amount: 10, items: ['a', 'b'], at: new Date('2024-01-05'), meta: { region: 'east' } },
    { _id: 'o2', providerId: 'p1', amount: 30, items: ['c'], at: new Date('2024-02-01'), meta: { region: 'west' } },
    { _id: 'o3', providerId: 'p2', amount: 25, items: [], at: new Date('2024-02-10'), meta: { region: 'east' } },
  ]);
});
afterEach(cleanup);

describe('aggregate', () => {
  it('$match + $group + $sort with accumulators', async () => {
    const out = await db.aggregate('orders', [
      { $match: { amount: { $gte: 10 } } },
      { $group: { _id: '$providerId', total: { $sum: '$amount' }, count: { $sum: 1 }, avg: { $avg: '$amount' }, max: { $max: '$amount' } } },
      { $sort: { total: -1 } },
    ]);
    expect(out).toEqual([
      { _id: 'p1', total: 40, count: 2, avg: 20, max: 30 },
      { _id: 'p2', total: 25, count: 1, avg: 25, max: 25 },
    ]);
  });

  it('$lookup reads another collection', async () => {
    const out = await db.aggregate('orders', [
      { $match: { _id: 'o3' } },
      { $lookup: { from: 'providers', localField: 'providerId', foreignField: '_id', as: 'provider' } },
      { $project: { _id: 1, providerName: { $arrayElemAt: ['$provider.name', 0] } } },
    ]);
    expect(out).toEqual([{ _id: 'o3', providerName: 'Beta' }]);
  });

  it('$unwind, $count, $skip, $limit', async () => {
    expect(await db.aggregate('orders', [{ $unwind: '$items' }, { $count: 'n' }])).toEqual([{ n: 3 }]);
    const unwound = await db.aggregate('orders', [{ $sort: { _id: 1 } }, { $unwind: '$items' }, { $skip: 1 }, { $limit: 1 }, { $project: { items: 1 } }]);
    expect(unwound).toEqual([{ _id: 'o1', items: 'b' }]);
  });

  it('$addFields, $replaceRoot and expression operators', async () => {
    const out = await db.aggregate('orders', [
      { $match: { _id: 'o1' } },
      {
        $addFields: {
          doubled: { $multiply: ['$amount', 2] },
          big: { $cond: [{ $gt: ['$amount', 20] }, 'yes', 'no'] },
          label: { $concat: ['order-', '$_id'] },
          month: { $month: '$at' },
          itemCount: { $size: '$items' },
        },
      },
      { $replaceRoot: { newRoot: { $mergeObjects: ['$meta', { doubled: '$doubled', big: '$big', label: '$label', month: '$month', itemCount: '$itemCount' }] } } },
    ]);
    expect(out).toEqual([{ region: 'east', doubled: 20, big: 'no', label: 'order-o1', month: 1, itemCount: 2 }]);
  });

  it('$bucket and $sample', async () => {
    const buckets = await db.aggregate('orders', [{ $bucket: { groupBy: '$amount', boundaries: [0, 20, 100], default: 'other', output: { n: { $sum: 1 } } } }]);
    expect(buckets).toEqual([
      { _id: 0, n: 1 },
      { _id: 20, n: 2 },
    ]);
    // Distinct documents every time (no drawing with replacement).
    for (let i = 0; i < 10; i++) {
      const sample = await db.aggregate('orders', [{ $sample: { size: 3 } }, { $project: { _id: 1 } }]);
      expect(sample.map((d) => d._id).sort()).toEqual(['o1', 'o2', 'o3']);
    }
    expect(await db.aggregate('orders', [{ $match: { providerId: 'p1' } }, { $sample: { size: 5 } }, { $count: 'n' }])).toEqual([{ n: 2 }]);
  });

  it('does not let pipeline stages modify stored documents', async () => {
    await db.aggregate('orders', [{ $set: { amount: 0 } }, { $unset: 'meta' }]);
    expect((await db.find('orders', { _id: 'o1' }))[0]).toMatchObject({ amount: 10, meta: { region: 'east' } });
  });

  it('reports unknown stages and bad pipelines as DATABASE_REQUEST_FAILED', async () => {
    expect(await errorCode(db.aggregate('orders', [{ $nope: {} }]))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.aggregate('orders', 'x' as never))).toBe('DATABASE_REQUEST_FAILED');
  });
});
