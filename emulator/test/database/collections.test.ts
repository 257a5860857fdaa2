import { cleanup, errorCode, openTestDb } from './helpers';

afterEach(cleanup);

describe('collections', () => {
  it('create, list with counts, has, drop', async () => {
    const db = await openTestDb([{ name: 'declared', indexes: [] }]);
    await db.createCollection('made');
    await db.insert('made', [{}, {}]);
    expect(await db.listCollections()).toEqual([
      { name: 'declared', count: 0 },
      { name: 'made', count: 2 },
    ]);
    expect(db.hasCollection('made')).toBe(true);
    expect(await errorCode(db.createCollection('made'))).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
    await db.dropCollection('made');
    expect(db.hasCollection('made')).toBe(false);
    expect(await errorCode(db.dropCollection('made'))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await errorCode(db.find('made', {}))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    // Re-created collections start empty.
    await db.createCollection('made');
    expect(await db.count('made', {})).toBe(0);
  });

  it('rejects invalid names and index declarations', async () => {
    const db = await openTestDb([]);
    expect(await errorCode(db.createCollection(''))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.createCollection('a/b'))).toBe('DATABASE_REQUEST_FAILED');
    await db.createCollection('ok');
    expect(await errorCode(db.createIndex('ok', { name: 'x', unique: false, keys: [] }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.createIndex('ok', { name: 'x', unique: false, keys: [{ name: 'a', direction: 2 as 1 }] }))).toBe('DATABASE_REQUEST_FAILED');
  });

  it('fails every call after close', async () => {
    const db = await openTestDb([{ name: 'c', indexes: [] }]);
    await db.close();
    expect(await errorCode(db.find('c', {}))).toBe('DATABASE_REQUEST_FAILED');
  });
});
