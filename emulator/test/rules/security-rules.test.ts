import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { openDatabase } from '../../src/database';
import { SecurityRules } from '../../src/rules';
import type { ClientAuth, CollectionDeclaration, DatabaseEngine, Doc } from '../../src/types';

/** Simple modes, custom rules, the query-subset rule, {} and get(), against a real database engine. */

const OWNER = 'doc._openid == auth.openid || doc._openid == auth.uid';
const web: ClientAuth = { uid: 'u-web', loginType: 'ANONYMOUS' };
const wechat: ClientAuth = { openid: 'o-wx', loginType: 'WECHAT-OPEN' };

const collections: CollectionDeclaration[] = [
  { name: 'readonly', indexes: [], rule: 'READONLY' },
  { name: 'private', indexes: [], rule: 'PRIVATE' },
  { name: 'adminwrite', indexes: [], rule: 'ADMINWRITE' },
  { name: 'adminonly', indexes: [], rule: 'ADMINONLY' },
  { name: 'owner', indexes: [], rule: { read: OWNER, write: OWNER } },
  { name: 'sealed', indexes: [], rule: {} },
  { name: 'published', indexes: [], rule: { read: "doc.status == 'published'", write: false } },
  { name: 'split', indexes: [], rule: { read: true, create: 'auth != null', update: false, delete: OWNER } },
  { name: 'rooms', indexes: [], rule: { read: "get('database.members.' + auth.uid).room == doc.room", write: false } },
  { name: 'members', indexes: [], rule: 'ADMINONLY' },
  { name: 'norule', indexes: [] },
];

describe('SecurityRules', () => {
  let dir: string;
  let db: DatabaseEngine;
  let rules: SecurityRules;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-rules-'));
    db = await openDatabase({ dataDir: dir, collections });
    rules = new SecurityRules(collections, db);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const query = (collection: string, filter: Doc, auth: ClientAuth | null, op: 'read' | 'update' | 'delete' = 'read') =>
    rules.authorizeQuery(collection, filter, auth, op).then(
      (f) => f,
      (err) => err.code as string,
    );
  const write = (collection: string, op: 'create' | 'update' | 'delete', auth: ClientAuth | null, doc: Doc) =>
    rules.authorizeWrite(collection, op, auth, doc).then(
      () => 'ok',
      (err) => err.code as string,
    );
  const DENIED = 'DATABASE_PERMISSION_DENIED';

  // Basic permissions narrow the request instead of demanding a subset (WeChat guide to security rules,
  // "与基础权限配置的对比": PRIVATE adds `_openid == <caller>` to queries; PRIVATE and READONLY add it before
  // an update or remove, so someone else's document is simply not matched).
  test('READONLY: everyone reads anything; updates and removes are narrowed to the caller\'s own documents', async () => {
    expect(await query('readonly', {}, web)).toEqual({});
    expect(await query('readonly', { text: 'x' }, null)).toEqual({ text: 'x' });
    expect(await write('readonly', 'create', web, { _openid: 'u-web' })).toBe('ok');
    expect(await query('readonly', { _openid: '{openid}' }, web, 'update')).toEqual({ _openid: 'u-web' });
    expect(await query('readonly', { _id: 'x' }, web, 'update')).toEqual({ _id: 'x', _openid: 'u-web' });
    expect(await query('readonly', { _openid: 'someone-else' }, web, 'delete')).toEqual({ $and: [{ _openid: 'someone-else' }, { _openid: 'u-web' }] });
    expect(await query('readonly', {}, null, 'update')).toBe(DENIED);
    expect(await rules.canRead('readonly', { _openid: 'someone-else' }, web)).toBe(true);
  });

  test('PRIVATE: every read, update and remove is narrowed to the caller\'s own documents (openid in WeChat, uid on the web)', async () => {
    expect(await query('private', {}, web)).toEqual({ _openid: 'u-web' });
    expect(await query('private', { _id: 'd1' }, wechat)).toEqual({ _id: 'd1', _openid: 'o-wx' });
    expect(await query('private', { _openid: '{openid}', n: { $gt: 1 } }, web, 'delete')).toEqual({ _openid: 'u-web', n: { $gt: 1 } });
    expect(await query('private', { $or: [{ a: 1 }, { b: 2 }] }, web, 'update')).toEqual({ $or: [{ a: 1 }, { b: 2 }], _openid: 'u-web' });
    expect(await query('private', {}, null)).toBe(DENIED);
    expect(await write('private', 'create', wechat, { _openid: 'o-wx' })).toBe('ok');
    expect(await rules.canRead('private', { _openid: 'u-web' }, web)).toBe(true);
    expect(await rules.canRead('private', { _openid: 'u-web' }, wechat)).toBe(false);
    expect(await rules.canRead('private', { text: 'no owner' }, web)).toBe(false);
  });

  test('ADMINWRITE: everyone reads, no client writes', async () => {
    expect(await query('adminwrite', { any: 1 }, web)).toEqual({ any: 1 });
    expect(await write('adminwrite', 'create', web, { _openid: 'u-web' })).toBe(DENIED);
    expect(await query('adminwrite', { _openid: '{openid}' }, web, 'update')).toBe(DENIED);
    expect(await query('adminwrite', { _openid: '{openid}' }, web, 'delete')).toBe(DENIED);
  });

  test('ADMINONLY and {}: no client access at all', async () => {
    for (const collection of ['adminonly', 'sealed']) {
      expect(await query(collection, { _openid: '{openid}' }, web)).toBe(DENIED);
      expect(await query(collection, { _openid: '{openid}' }, web, 'delete')).toBe(DENIED);
      expect(await write(collection, 'create', web, { _openid: 'u-web' })).toBe(DENIED);
      expect(await rules.canRead(collection, { _openid: 'u-web' }, web)).toBe(false);
    }
  });

  test('A collection without a declared permission (created by code, or declared bare) is PRIVATE, CloudBase\'s default', async () => {
    for (const collection of ['norule', 'made_by_code']) {
      expect(await query(collection, {}, web)).toEqual({ _openid: 'u-web' });
      expect(await query(collection, { _id: 'x' }, web, 'update')).toEqual({ _id: 'x', _openid: 'u-web' });
      expect(await write(collection, 'create', web, { _openid: 'u-web' })).toBe('ok');
      expect(await rules.canRead(collection, { _openid: 'u-web' }, web)).toBe(true);
      expect(await rules.canRead(collection, { _openid: 'other' }, web)).toBe(false);
    }
  });

  test('The subset rule: a query must pin every document it can match to what the rule allows', async () => {
    expect(await query('owner', { _openid: 'u-web', text: /x/ }, web)).toEqual({ _openid: 'u-web', text: /x/ });
    expect(await query('owner', { _openid: { $eq: '{openid}' } }, web)).toEqual({ _openid: { $eq: 'u-web' } });
    expect(await query('owner', { $and: [{ _openid: '{openid}' }, { n: { $gt: 1 } }] }, web)).toEqual({ $and: [{ _openid: 'u-web' }, { n: { $gt: 1 } }] });
    expect(await query('owner', { _openid: { $in: ['u-web'] } }, web)).toEqual({ _openid: { $in: ['u-web'] } });
    // Not a subset: open, wider, or partly someone else's.
    expect(await query('owner', { text: 'x' }, web)).toBe(DENIED);
    expect(await query('owner', { _openid: { $in: ['u-web', 'other'] } }, web)).toBe(DENIED);
    expect(await query('owner', { _openid: { $ne: 'other' } }, web)).toBe(DENIED);
    expect(await query('owner', { $or: [{ _openid: '{openid}' }, { text: 'x' }] }, web)).toBe(DENIED);
    expect(await query('owner', { $or: [{ _openid: '{openid}', a: 1 }, { _openid: '{openid}', b: 2 }] }, web)).toEqual({
      $or: [{ _openid: 'u-web', a: 1 }, { _openid: 'u-web', b: 2 }],
    });
    // Rules over other fields: the query must carry the constant.
    expect(await query('published', { status: 'published', author: 'a' }, web)).toEqual({ status: 'published', author: 'a' });
    expect(await query('published', { author: 'a' }, web)).toBe(DENIED);
    expect(await query('published', { status: 'draft' }, web)).toBe(DENIED);
  });

  test('create/update/delete fall back to write, and each can be set on its own', async () => {
    expect(await write('split', 'create', web, { _openid: 'u-web' })).toBe('ok');
    expect(await write('split', 'create', null, {})).toBe(DENIED);
    expect(await query('split', { _openid: '{openid}' }, web, 'update')).toBe(DENIED);
    expect(await query('split', { _openid: '{openid}' }, web, 'delete')).toEqual({ _openid: 'u-web' });
    expect(await write('owner', 'create', web, { _openid: 'u-web' })).toBe('ok');
    expect(await write('owner', 'create', web, { _openid: 'other' })).toBe(DENIED);
  });

  test('get() reads another document, also with a doc field the query pins', async () => {
    await db.insert('members', [{ _id: 'u-web', room: 'r1' }]);
    expect(await query('rooms', { room: 'r1' }, web)).toEqual({ room: 'r1' });
    expect(await query('rooms', { room: 'r2' }, web)).toBe(DENIED);
    expect(await query('rooms', {}, web)).toBe(DENIED);
    expect(await query('rooms', { room: 'r1' }, wechat)).toBe(DENIED);
    expect(await rules.canRead('rooms', { room: 'r1' }, web)).toBe(true);
  });

  test('An aggregation is refused when any stage at any depth reaches another collection, and otherwise starts from what the permission allows', async () => {
    const refusal = (pipeline: Doc[]) =>
      rules.authorizeAggregation('readonly', pipeline, web).then(
        () => 'allowed',
        (err) => `${err.code}: ${err.message}`,
      );
    const nested: [Doc[], string][] = [
      [[{ $lookup: { from: 'adminonly', localField: 'a', foreignField: 'b', as: 'x' } }], 'pipeline[0].$lookup'],
      [[{ $match: {} }, { $facet: { all: [{ $unionWith: { coll: 'adminonly' } }] } }], 'pipeline[1].$facet.all[0].$unionWith'],
      [[{ $facet: { a: [{ $facet: { b: [{ $project: { x: 1 } }, { $graphLookup: { from: 'owner' } }] } }] } }], 'pipeline[0].$facet.a[0].$facet.b[1].$graphLookup'],
      [[{ $project: { x: 1 } }, { $out: 'readonly' }], 'pipeline[1].$out'],
      [[{ $facet: { w: [{ $merge: { into: 'sealed' } }] } }], 'pipeline[0].$facet.w[0].$merge'],
      // The same collection again would step past the narrowing of the leading $match.
      [[{ $match: { _openid: '{openid}' } }, { $unionWith: 'readonly' }], 'pipeline[1].$unionWith'],
    ];
    for (const [pipeline, path] of nested) {
      const answer = await refusal(pipeline);
      expect(answer).toMatch(/^DATABASE_PERMISSION_DENIED: Permission denied: \$\w+ \(at /);
      expect(answer).toContain(`(at ${path})`);
    }
    expect(await refusal([{ $match: { a: 1 } }, { $facet: { n: [{ $count: 'n' }] } }])).toBe('allowed');

    // The documents entering the pipeline: narrowed under a basic permission, a subset under a custom rule.
    expect(await rules.authorizeAggregation('private', [{ $group: { _id: null } }], web)).toEqual([{ $match: { _openid: 'u-web' } }, { $group: { _id: null } }]);
    expect(await rules.authorizeAggregation('private', [{ $match: { n: 1 } }, { $limit: 1 }], web)).toEqual([{ $match: { n: 1, _openid: 'u-web' } }, { $limit: 1 }]);
    const near = { near: { type: 'Point', coordinates: [1, 2] }, distanceField: 'd' };
    expect(await rules.authorizeAggregation('private', [{ $geoNear: near }], web)).toEqual([{ $geoNear: { ...near, query: { _openid: 'u-web' } } }]);
    expect(await rules.authorizeAggregation('readonly', [{ $geoNear: near }], web)).toEqual([{ $geoNear: near }]);
    expect(await rules.authorizeAggregation('owner', [{ $match: { _openid: '{openid}' } }, { $count: 'n' }], web)).toEqual([{ $match: { _openid: 'u-web' } }, { $count: 'n' }]);
    expect(await rules.authorizeAggregation('owner', [{ $count: 'n' }], web).catch((err) => err.code)).toBe(DENIED);
    expect(await rules.authorizeAggregation('adminonly', [{ $count: 'n' }], web).catch((err) => err.code)).toBe(DENIED);
  });

  test('A malformed rule fails when the rules are built, not on the first request', () => {
    expect(() => new SecurityRules([{ name: 'bad', indexes: [], rule: { read: 'doc.a ==' } }], db)).toThrow();
    expect(() => new SecurityRules([{ name: 'bad', indexes: [], rule: 'PUBLIC' as never }], db)).toThrow(/unknown security rule mode/);
  });
});
