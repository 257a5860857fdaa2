import fs from 'node:fs';
import path from 'node:path';
import { parseEjson } from '../../src/database/ejson';
import type { ChangeEvent } from '../../src/types';
import { cleanup, errorCode, openTestDb, tempDir } from './helpers';

afterEach(cleanup);

describe('export / import', () => {
  it('writes one canonical EJSON-lines file per collection plus collections.json, and reads it back', async () => {
    const source = await openTestDb([{ name: 'users', indexes: [{ name: 'email', unique: true, keys: [{ name: 'email', direction: 1 }] }] }, { name: 'empty', indexes: [] }]);
    await source.insert('users', [
      { _id: 'u1', email: 'a@x', at: new Date(1000), score: 1.5, big: 2 ** 40, tags: [['n']] },
      { _id: 'u2', email: 'b@x', re: /^q/m },
    ]);
    const dir = tempDir();
    await source.exportTo(dir);

    expect(fs.readdirSync(dir).sort()).toEqual(['collections.json', 'empty.jsonl', 'users.jsonl']);
    const lines = fs.readFileSync(path.join(dir, 'users.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).at).toEqual({ $date: { $numberLong: '1000' } });
    expect(JSON.parse(lines[0]).big).toEqual({ $numberLong: String(2 ** 40) });
    expect(parseEjson(lines[1])).toEqual({ _id: 'u2', email: 'b@x', re: /^q/m });
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'collections.json'), 'utf8'));
    expect(meta.collections).toEqual([
      { name: 'users', count: 2, indexes: [{ name: 'email', unique: true, keys: [{ name: 'email', direction: 1 }] }] },
      { name: 'empty', count: 0, indexes: [] },
    ]);

    const target = await openTestDb([]);
    const events: ChangeEvent[] = [];
    target.onChange((e) => events.push(e));
    await target.importFrom(dir);
    expect(await target.find('users', {}, { sort: { _id: 1 } })).toEqual(await source.find('users', {}, { sort: { _id: 1 } }));
    expect(target.hasCollection('empty')).toBe(true);
    expect(target.listIndexes('users').map((i) => i.name)).toEqual(['_id_', 'email']);
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['insert', 'u1'],
      ['insert', 'u2'],
    ]);
  });

  it('replaces existing documents by _id, leaves others, and skips identical ones', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'items.jsonl'), ['{"_id":"a","v":{"$numberInt":"2"}}', '{"_id":"same","v":{"$numberInt":"1"}}', '', '{"v":{"$numberInt":"9"}}'].join('\n'));
    const db = await openTestDb([{ name: 'items', indexes: [] }]);
    await db.insert('items', [{ _id: 'a', v: 1, extra: true }, { _id: 'same', v: 1 }, { _id: 'keep', v: 0 }]);
    const events: ChangeEvent[] = [];
    db.onChange((e) => events.push(e));
    await db.importFrom(dir);
    expect(await db.find('items', { _id: 'a' })).toEqual([{ _id: 'a', v: 2 }]);
    expect(await db.count('items', {})).toBe(4);
    expect(events.map((e) => e.type)).toEqual(['replace', 'insert']);
  });

  it('changes nothing when a file is malformed', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'ok.jsonl'), '{"_id":"x"}\n');
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"_id":"y"}\n{oops\n');
    const db = await openTestDb([]);
    expect(await errorCode(db.importFrom(dir))).toBe('DATABASE_REQUEST_FAILED');
    expect(await db.listCollections()).toEqual([]);
  });

  it('streams files larger than the read chunk: long lines, characters split across chunks, no final newline', async () => {
    const dir = tempDir();
    const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `d${String(i).padStart(3, '0')}`, text: '数据'.repeat(i % 50), n: i, at: new Date(i * 1000) }));
    const source = await openTestDb([{ name: 'big', indexes: [{ name: 'n', unique: true, keys: [{ name: 'n', direction: 1 }] }] }]);
    await source.insert('big', docs);
    await source.exportTo(dir);
    const file = path.join(dir, 'big.jsonl');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n$/, ''));
    expect(fs.statSync(file).size).toBeGreaterThan(64 * 100);

    const target = await openTestDb([], { importChunkBytes: 64 });
    await target.importFrom(dir);
    expect(await target.find('big', {}, { sort: { _id: 1 } })).toEqual(docs);
    expect(target.listIndexes('big').map((i) => i.name)).toEqual(['_id_', 'n']);
  });

  it('changes nothing when any line of any file is bad, whatever the read chunk', async () => {
    const good = Array.from({ length: 50 }, (_, i) => JSON.stringify({ _id: `g${i}`, v: { $numberInt: String(i) } }));
    for (const badAt of [0, 25, 49]) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'a_ok.jsonl'), good.join('\n') + '\n');
      const lines = good.slice();
      lines[badAt] = badAt === 25 ? '[1,2]' : '{"_id":"broken",';
      fs.writeFileSync(path.join(dir, 'b_bad.jsonl'), lines.join('\n') + '\n');
      const db = await openTestDb([{ name: 'a_ok', indexes: [] }], { importChunkBytes: 100 });
      await db.insert('a_ok', [{ _id: 'existing', v: 1 }]);
      const error = await db.importFrom(dir).catch((e) => e);
      expect(error.code).toBe('DATABASE_REQUEST_FAILED');
      expect(error.message).toContain(`b_bad.jsonl:${badAt + 1}`);
      expect(await db.listCollections()).toEqual([{ name: 'a_ok', count: 1 }]);
    }
  });

  it('makes an import durable with one snapshot instead of logging every document', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'items.jsonl'), Array.from({ length: 100 }, (_, i) => JSON.stringify({ _id: `i${i}`, payload: 'x'.repeat(50) })).join('\n'));
    const dataDir = tempDir();
    const db = await openTestDb([], { dataDir });
    await db.importFrom(dir);
    const log = fs.readdirSync(dataDir).find((f) => /^wal-\d+\.log$/.test(f))!;
    expect(fs.readFileSync(path.join(dataDir, log), 'utf8')).not.toContain('"payload"');
    // Opened again without close(), as after a crash: the snapshot holds the import.
    const again = await openTestDb([], { dataDir });
    expect(await again.count('items', {})).toBe(100);
    expect(await again.find('items', { _id: 'i99' })).toEqual([{ _id: 'i99', payload: 'x'.repeat(50) }]);
  });
});
