import type { ChangeEvent } from '../../src/types';
import { cleanup, MERGE, openTestDb, tempDir } from './helpers';

afterEach(cleanup);

describe('change events', () => {
  it('emits one event per committed change with seq increasing by exactly 1', async () => {
    const db = await openTestDb([{ name: 'c', indexes: [] }]);
    const events: ChangeEvent[] = [];
    const stop = db.onChange((e) => events.push(e));
    await db.insert('c', [{ _id: 'a', n: 1, profile: { name: 'x', age: 3 }, tags: ['t'] }, { _id: 'b' }]);
    await db.update('c', { _id: 'a' }, { $set: { n: 2, 'profile.age': 4 }, $unset: { tags: '', 'profile.name': '' } }, MERGE);
    await db.update('c', { _id: 'a' }, { $set: { n: 2 } }, MERGE); // no change, no event
    await db.update('c', { _id: 'b' }, { whole: true }, { multi: false, upsert: false, merge: false });
    await db.remove('c', { _id: 'b' }, { multi: false });

    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['insert', 'a'],
      ['insert', 'b'],
      ['update', 'a'],
      ['replace', 'b'],
      ['remove', 'b'],
    ]);
    events.forEach((e, i) => expect(e.seq).toBe(events[0].seq + i));
    expect(events[0]).toMatchObject({ collection: 'c', doc: { _id: 'a', n: 1 } });
    expect(events[2].updatedFields).toEqual({ n: 2, 'profile.age': 4 });
    expect(events[2].removedFields?.sort()).toEqual(['profile.name', 'tags']);
    expect(events[2].doc).toEqual({ _id: 'a', n: 2, profile: { age: 4 } });
    expect(events[3].doc).toEqual({ _id: 'b', whole: true });
    expect(events[4].doc).toBeUndefined();

    stop();
    await db.insert('c', [{}]);
    expect(events).toHaveLength(5);
  });

  it('does not emit for failed writes, and a throwing listener does not break writes', async () => {
    const db = await openTestDb([{ name: 'c', indexes: [] }]);
    const events: ChangeEvent[] = [];
    db.onChange(() => {
      throw new Error('listener bug');
    });
    db.onChange((e) => events.push(e));
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await db.insert('c', [{ _id: 'a' }]);
    await db.insert('c', [{ _id: 'a' }]).catch(() => undefined);
    spy.mockRestore();
    expect(events.map((e) => e.type)).toEqual(['insert']);
    expect(await db.count('c', {})).toBe(1);
  });

  it('continues the sequence after a restart', async () => {
    const dir = tempDir();
    const first = await openTestDb([{ name: 'c', indexes: [] }], { dataDir: dir });
    await first.insert('c', [{}, {}, {}]);
    const last = first.lastSeq;
    await first.close();
    const second = await openTestDb([], { dataDir: dir });
    const events: ChangeEvent[] = [];
    second.onChange((e) => events.push(e));
    await second.insert('c', [{}]);
    expect(events[0].seq).toBe(last + 1);
  });
});
