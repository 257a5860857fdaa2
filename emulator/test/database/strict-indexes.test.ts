import type { LocalDatabaseEngine } from '../../src/database/index';
import type { Doc } from '../../src/types';
import { cleanup, errorCode, MERGE, openTestDb } from './helpers';

let db: LocalDatabaseEngine;
beforeEach(async () => {
  db = await openTestDb(
    [
      {
        name: 'leases',
        indexes: [
          { name: 'provider_status', unique: false, keys: [{ name: 'providerId', direction: 1 }, { name: 'status', direction: 1 }] },
          { name: 'expires', unique: false, keys: [{ name: 'expiresAt', direction: -1 }] },
        ],
      },
    ],
    { strictIndexes: true },
  );
  await db.insert('leases', [{ _id: 'l1', providerId: 'p1', status: 'active', expiresAt: new Date(1), region: 'east' }]);
});
afterEach(cleanup);

describe('strict index mode', () => {
  it.each<[string, Doc, Record<string, 1 | -1> | undefined]>([
    ['empty filter without sort (plain listing)', {}, undefined],
    ['_id lookup', { _id: 'l1', region: 'east' }, undefined],
    ['_id $in', { _id: { $in: ['l1', 'l2'] } }, undefined],
    ['equality on the first key', { providerId: 'p1' }, undefined],
    ['equality on leading keys, extra unindexed condition', { providerId: 'p1', status: 'active', region: { $ne: 'x' } }, undefined],
    ['range on the first key', { expiresAt: { $lt: new Date() } }, undefined],
    ['$in on the first key inside $and', { $and: [{ providerId: { $in: ['p1', 'p2'] } }, { region: 'east' }] }, undefined],
    ['equality prefix then sort on another index key', { providerId: 'p1' }, { status: 1 }],
    ['empty filter sorted by an index first key', {}, { expiresAt: -1 }],
    ['unindexed filter but sort walks an index', { region: 'east' }, { expiresAt: 1 }],
    ['$or with every branch covered', { $or: [{ providerId: 'p1' }, { expiresAt: { $gt: new Date(0) } }] }, undefined],
  ])('allows %s', async (_label, filter, sort) => {
    await expect(db.find('leases', filter, { sort })).resolves.toBeDefined();
  });

  it.each<[string, Doc, Record<string, 1 | -1> | undefined]>([
    ['an unindexed field', { region: 'east' }, undefined],
    ['the second key of an index alone', { status: 'active' }, undefined],
    ['$ne on an indexed field', { providerId: { $ne: 'p1' } }, undefined],
    ['$regex on an indexed field', { providerId: /^p/ }, undefined],
    ['empty filter sorted by an unindexed field', {}, { region: 1 }],
    ['$or with an uncovered branch', { $or: [{ providerId: 'p1' }, { region: 'west' }] }, undefined],
  ])('rejects %s', async (_label, filter, sort) => {
    const err = await db.find('leases', filter, { sort }).catch((e) => e);
    expect(err).toMatchObject({ code: 'EMULATOR_INDEX_REQUIRED' });
    expect(err.message).toContain('"leases"');
    expect(err.message).toContain('provider_status (providerId: 1, status: 1)');
  });

  it('names the filter fields and sort in the message', async () => {
    const err = await db.find('leases', { region: 'east', 'meta.kind': 'x' }, { sort: { region: -1 } }).catch((e) => e);
    expect(err.message).toContain('[region, meta.kind]');
    expect(err.message).toContain('{"region":-1}');
  });

  it('applies to count, update and remove, and to the first $match of aggregate only', async () => {
    expect(await errorCode(db.count('leases', { region: 'east' }))).toBe('EMULATOR_INDEX_REQUIRED');
    expect(await errorCode(db.update('leases', { region: 'east' }, { $set: { x: 1 } }, MERGE))).toBe('EMULATOR_INDEX_REQUIRED');
    expect(await errorCode(db.remove('leases', { region: 'east' }, { multi: true }))).toBe('EMULATOR_INDEX_REQUIRED');
    expect(await errorCode(db.aggregate('leases', [{ $match: { region: 'east' } }]))).toBe('EMULATOR_INDEX_REQUIRED');
    await expect(db.aggregate('leases', [{ $match: { providerId: 'p1' } }, { $match: { region: 'east' } }])).resolves.toHaveLength(1);
    // Inserts are never checked.
    await expect(db.insert('leases', [{ region: 'west' }])).resolves.toHaveLength(1);
  });

  it('can be switched off and on at runtime', async () => {
    db.setStrictIndexes(false);
    await expect(db.find('leases', { region: 'east' })).resolves.toHaveLength(1);
    db.setStrictIndexes(true);
    expect(await errorCode(db.find('leases', { region: 'east' }))).toBe('EMULATOR_INDEX_REQUIRED');
  });
});
