/**
 * What writes report and refuse, in the engine (so the server SDK endpoint and the web endpoint answer
 * alike). Contract tests through the real SDKs: test/admin/write-results.test.ts.
 * - `updated` counts every matched document, changed or not: CloudBase's Document.set "updated: 1 if
 *   the _id exists, else 0" (WeChat cloud database API, Document.set); a no-op makes no change event.
 * - `$`-prefixed field names are refused at any depth (DATABASE_REQUEST_FAILED; MongoDB
 *   DollarPrefixedFieldName "… is not valid for storage").
 * - An update path that cannot exist is refused as MongoDB refuses it (PathNotViable, "Cannot create field
 *   'name' in element {tags: [...]}"; MongoDB manual, $set), and nothing of the write is applied.
 */
import type { LocalDatabaseEngine } from '../../src/database/index';
import type { ChangeEvent, Doc } from '../../src/types';
import { cleanup, failure, MERGE, MERGE_MULTI, openTestDb } from './helpers';

let db: LocalDatabaseEngine;
let events: ChangeEvent[];
const original: Doc[] = [
  { _id: 'a', n: 1, tags: ['x', 'y'], items: [{ name: 'i1' }], title: 'hello', nothing: null, profile: { city: 'sh' } },
  { _id: 'b', n: 1, tags: [] },
];
beforeEach(async () => {
  db = await openTestDb([{ name: 'docs', indexes: [] }]);
  await db.insert('docs', original);
  events = [];
  db.onChange((e) => events.push(e));
});
afterEach(cleanup);

const REPLACE = { multi: false, upsert: false, merge: false };
const REPLACE_UPSERT = { multi: false, upsert: true, merge: false };

describe('write results', () => {
  it.each<[string, Doc, Doc, { multi: boolean; upsert: boolean; merge: boolean }, { matched: number; updated: number }]>([
    ['update by id, same value', { _id: 'a' }, { $set: { n: 1 } }, MERGE, { matched: 1, updated: 1 }],
    ['update where, same values', { n: 1 }, { $set: { n: 1 } }, MERGE_MULTI, { matched: 2, updated: 2 }],
    ['set (replace) with the same document', { _id: 'b' }, { n: 1, tags: [] }, REPLACE, { matched: 1, updated: 1 }],
    ['set (replace-upsert) of an existing, unchanged document', { _id: 'b' }, { n: 1, tags: [] }, REPLACE_UPSERT, { matched: 1, updated: 1 }],
    ['no match', { _id: 'zzz' }, { $set: { n: 2 } }, MERGE, { matched: 0, updated: 0 }],
  ])('%s', async (_label, filter, update, options, expected) => {
    expect(await db.update('docs', filter, update, options)).toEqual(expected);
    expect(await db.find('docs', {}, { sort: { _id: 1 } })).toEqual(original);
    expect(events).toEqual([]);
  });

  it('a set that upserts reports updated 0 and the new id', async () => {
    expect(await db.update('docs', { _id: 'c' }, { n: 3 }, REPLACE_UPSERT)).toEqual({ matched: 0, updated: 0, upsertedId: 'c' });
  });
});

describe('$-prefixed field names are refused', () => {
  it.each<[string, () => Promise<unknown>, string]>([
    ['insert, top level', () => db.insert('docs', [{ _id: 'z', $where: 1 }]), "'$where' in '$where'"],
    ['insert, nested', () => db.insert('docs', [{ _id: 'z', meta: { ok: 1, $gt: 2 } }]), "'$gt' in 'meta.$gt'"],
    ['insert, inside an array', () => db.insert('docs', [{ _id: 'z', list: [{ $x: 1 }] }]), "'$x' in 'list.0.$x'"],
    ['set (replace), nested', () => db.update('docs', { _id: 'a' }, { profile: { $bad: 1 } }, REPLACE), "'$bad' in 'profile.$bad'"],
    ['update $set value', () => db.update('docs', { _id: 'a' }, { $set: { profile: { $bad: 1 } } }, MERGE), "'$bad' in 'profile.$bad'"],
    ['update $set path', () => db.update('docs', { _id: 'a' }, { $set: { 'profile.$bad': 1 } }, MERGE), "'$bad' in 'profile.$bad'"],
    ['update $push value', () => db.update('docs', { _id: 'a' }, { $push: { items: { $each: [{ $n: 1 }] } } }, MERGE), "'$n' in 'items.0.$n'"],
    ['upsert', () => db.update('docs', { _id: 'new' }, { $set: { deep: { $x: 1 } } }, { multi: false, upsert: true, merge: true }), "'$x' in 'deep.$x'"],
  ])('%s', async (_label, write, where) => {
    expect(await failure(write())).toEqual({ code: 'DATABASE_REQUEST_FAILED', message: `The dollar ($) prefixed field ${where} is not valid for storage.` });
    expect(await db.find('docs', {}, { sort: { _id: 1 } })).toEqual(original);
  });

  it('update operators and their modifiers ($each, $slice, $type, conditions) are not field names', async () => {
    await db.update('docs', { _id: 'a' }, { $push: { tags: { $each: ['z'], $slice: -2 } }, $currentDate: { at: { $type: 'date' } }, $pull: { items: { name: { $eq: 'i1' } } } }, MERGE);
    const [a] = await db.find('docs', { _id: 'a' });
    expect(a).toMatchObject({ tags: ['y', 'z'], items: [] });
    expect(a.at).toBeInstanceOf(Date);
  });
});

describe('update paths that cannot exist are refused as MongoDB refuses them', () => {
  it.each<[string, Doc, string]>([
    ['a field under an array of strings', { $set: { 'tags.name': 1 } }, `Cannot create field 'name' in element {tags: ["x","y"]}`],
    ['a field under an array of objects', { $set: { 'items.name': 'n' } }, `Cannot create field 'name' in element {items: [{"name":"i1"}]}`],
    ['plain fields are $set too', { 'tags.name': 1 }, `Cannot create field 'name' in element {tags: ["x","y"]}`],
    ['a field under a string element', { $set: { 'tags.0.name': 1 } }, `Cannot create field 'name' in element {0: "x"}`],
    ['a numeric path into a number', { $inc: { 'n.0': 1 } }, `Cannot create field '0' in element {n: 1}`],
    ['a numeric path into a string', { $set: { 'title.0': 'H' } }, `Cannot create field '0' in element {title: "hello"}`],
    ['a field under null', { $set: { 'nothing.x': 1 } }, `Cannot create field 'x' in element {nothing: null}`],
    ['$push under an array', { $push: { 'tags.more': 1 } }, `Cannot create field 'more' in element {tags: ["x","y"]}`],
  ])('%s', async (_label, update, message) => {
    expect(await failure(db.update('docs', { _id: 'a' }, update, MERGE))).toEqual({ code: 'DATABASE_REQUEST_FAILED', message });
    expect(await db.find('docs', {}, { sort: { _id: 1 } })).toEqual(original);
    expect(events).toEqual([]);
  });

  it('a multi update fails whole when one document cannot take the path (no partial write)', async () => {
    // b's tags is empty (an array): the same path is refused there too, so a is not written either.
    await db.update('docs', { _id: 'b' }, { $set: { tags: { ok: true } } }, MERGE);
    expect((await failure(db.update('docs', {}, { $set: { 'tags.name': 1 } }, MERGE_MULTI))).message).toMatch(/^Cannot create field 'name' in element \{tags: \["x","y"\]\}/);
    expect((await db.find('docs', { _id: 'b' }))[0].tags).toEqual({ ok: true });
  });

  it('paths that can exist still work: array index (padded), new objects, objects by name', async () => {
    await db.update('docs', { _id: 'a' }, { $set: { 'tags.3': 'w', 'items.0.qty': 2, 'fresh.deep.x': 1, 'profile.zip': '200000' } }, MERGE);
    expect((await db.find('docs', { _id: 'a' }))[0]).toMatchObject({
      tags: ['x', 'y', null, 'w'],
      items: [{ name: 'i1', qty: 2 }],
      fresh: { deep: { x: 1 } },
      profile: { city: 'sh', zip: '200000' },
    });
  });
});
