import fs from 'node:fs';
import path from 'node:path';
import { cleanup, MERGE, openTestDb, tempDir } from './helpers';

afterEach(cleanup);

const decl = [{ name: 'c', indexes: [{ name: 'k', unique: true, keys: [{ name: 'k', direction: 1 as const }] }] }];

describe('persistence', () => {
  it('survives a restart: documents, types, created collections, drops and indexes', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir });
    await db.createCollection('made');
    await db.createCollection('gone');
    await db.dropCollection('gone');
    await db.createIndex('made', { name: 'by_n', unique: false, keys: [{ name: 'n', direction: -1 }] });
    await db.insert('c', [{ _id: 'a', k: 1, at: new Date(123), re: /x/i, nested: [[1], { d: 2.5 }] }]);
    await db.insert('made', [{ _id: 'm', n: 1 }]);
    await db.update('c', { _id: 'a' }, { $set: { k: 2 } }, MERGE);
    await db.close();

    const again = await openTestDb([], { dataDir: dir });
    expect((await again.listCollections()).map((c) => c.name)).toEqual(['c', 'made']);
    expect(await again.find('c', {})).toEqual([{ _id: 'a', k: 2, at: new Date(123), re: /x/i, nested: [[1], { d: 2.5 }] }]);
    expect(again.listIndexes('made').map((i) => i.name)).toEqual(['_id_', 'by_n']);
    expect(again.listIndexes('c').map((i) => i.name)).toEqual(['_id_', 'k']);
    expect(again.explain('made', { n: 1 }).index).toBe('by_n');
  });

  it('recovers from the log alone when the process stops without close()', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir });
    await db.insert('c', [{ _id: 'a', k: 1 }, { _id: 'b', k: 2 }]);
    await db.remove('c', { _id: 'b' }, { multi: false });
    // No close: simulate a crash by opening a second engine on the same directory.
    const again = await openTestDb([], { dataDir: dir });
    expect(await again.find('c', {})).toEqual([{ _id: 'a', k: 1 }]);
  });

  it('ignores and truncates a torn last log line', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir });
    await db.insert('c', [{ _id: 'a', k: 1 }]);
    const log = fs.readdirSync(dir).find((f) => /^wal-\d+\.log$/.test(f))!;
    const full = fs.readFileSync(path.join(dir, log), 'utf8');
    fs.appendFileSync(path.join(dir, log), '{"s":99,"o":[{"op":"put","c":"c","d":{"_id":"torn","k"');
    const again = await openTestDb([], { dataDir: dir });
    expect(await again.find('c', {})).toEqual([{ _id: 'a', k: 1 }]);
    expect(fs.readFileSync(path.join(dir, log), 'utf8')).toBe(full);
    await again.insert('c', [{ _id: 'b', k: 2 }]);
    const third = await openTestDb([], { dataDir: dir });
    expect(await third.count('c', {})).toBe(2);
  });

  it('compacts into a snapshot when the log grows past the threshold', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir, compactBytes: 4096 });
    for (let i = 0; i < 60; i++) await db.insert('c', [{ k: i, payload: 'x'.repeat(100) }]);
    const files = fs.readdirSync(dir);
    expect(files).toContain('snapshot.jsonl');
    const logs = files.filter((f) => f.startsWith('wal-'));
    expect(logs).toHaveLength(1);
    const threshold = Math.max(4096, fs.statSync(path.join(dir, 'snapshot.jsonl')).size);
    expect(fs.statSync(path.join(dir, logs[0])).size).toBeLessThan(threshold);
    const again = await openTestDb([], { dataDir: dir });
    expect(await again.count('c', {})).toBe(60);
    expect((await again.find('c', { k: 59 }))[0].payload).toHaveLength(100);
  });

  it('compacts again only once the log has outgrown the last snapshot, so a growing database is not rewritten every few KB', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir, compactBytes: 4096 });
    const generation = () => Number(/^wal-(\d+)\.log$/.exec(fs.readdirSync(dir).find((f) => f.startsWith('wal-'))!)![1]);
    let compactions = 0;
    let last = generation();
    for (let i = 0; i < 600; i++) {
      const snapshotBefore = fs.existsSync(path.join(dir, 'snapshot.jsonl')) ? fs.statSync(path.join(dir, 'snapshot.jsonl')).size : 0;
      const logBefore = fs.statSync(path.join(dir, `wal-${last}.log`)).size;
      await db.insert('c', [{ k: i, payload: 'x'.repeat(100) }]);
      if (generation() !== last) {
        compactions++;
        last = generation();
        // The log that triggered this compaction had reached the previous snapshot's size.
        expect(logBefore).toBeGreaterThanOrEqual(Math.max(4096, snapshotBefore) - 400);
      }
    }
    // ~100 KB written: every 4 KB would be ~25 snapshots; doubling sizes need only a handful.
    expect(compactions).toBeGreaterThan(1);
    expect(compactions).toBeLessThanOrEqual(6);
    const again = await openTestDb([], { dataDir: dir });
    expect(await again.count('c', {})).toBe(600);
  });

  it('appends each write to the log before resolving (fsync durability too)', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir, durability: 'fsync' });
    await db.insert('c', [{ _id: 'a', k: 1 }]);
    const log = fs.readdirSync(dir).find((f) => f.startsWith('wal-'))!;
    const text = fs.readFileSync(path.join(dir, log), 'utf8');
    expect(text).toContain('"_id":"a"');
    expect(text).toContain('"k":{"$numberInt":"1"}');
  });

  it('creates declared collections on open and keeps existing data', async () => {
    const dir = tempDir();
    const db = await openTestDb(decl, { dataDir: dir });
    await db.insert('c', [{ k: 1 }]);
    await db.close();
    const again = await openTestDb([...decl, { name: 'fresh', indexes: [] }], { dataDir: dir });
    expect(await again.listCollections()).toEqual([
      { name: 'c', count: 1 },
      { name: 'fresh', count: 0 },
    ]);
    expect(await again.createCollection('fresh').catch((e) => e.code)).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  });
});
