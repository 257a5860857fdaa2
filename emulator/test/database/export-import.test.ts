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
});
