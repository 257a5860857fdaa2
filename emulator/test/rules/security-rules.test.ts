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

  test('READONLY: everyone reads anything; only the creator writes, through a query pinned to them', async () => {
    expect(await query('readonly', {}, web)).toEqual({});
    expect(await query('readonly', {}, null)).toEqual({});
    expect(await write('readonly', 'create', web, { _openid: 'u-web' })).toBe('ok');
    expect(await query('readonly', { _openid: '{openid}' }, web, 'update')).toEqual({ _openid: 'u-web' });
    expect(await query('readonly', { _id: 'x' }, web, 'update')).toBe(DENIED);
    expect(await query('readonly', { _openid: 'someone-else' }, web, 'delete')).toBe(DENIED);
  });

  test('PRIVATE: only the creator reads or writes', async () => {
    expect(await query('private', {}, web)).toBe(DENIED);
    expect(await query('private', { _openid: '{openid}' }, web)).toEqual({ _openid: 'u-web' });
    expect(await query('private', { _openid: '{openid}' }, wechat)).toEqual({ _openid: 'o-wx' });
    expect(await query('private', { _openid: '{openid}' }, null)).toBe(DENIED);
    expect(await rules.canRead('private', { _openid: 'u-web' }, web)).toBe(true);
    expect(await rules.canRead('private', { _openid: 'u-web' }, wechat)).toBe(false);
  });

  test('ADMINWRITE: everyone reads, no client writes', async () => {
    expect(await query('adminwrite', { any: 1 }, web)).toEqual({ any: 1 });
    expect(await write('adminwrite', 'create', web, { _openid: 'u-web' })).toBe(DENIED);
    expect(await query('adminwrite', { _openid: '{openid}' }, web, 'update')).toBe(DENIED);
  });

  test('ADMINONLY, {} and undeclared or rule-less collections: no client access at all', async () => {
    for (const collection of ['adminonly', 'sealed', 'norule', 'undeclared']) {
      expect(await query(collection, { _openid: '{openid}' }, web)).toBe(DENIED);
      expect(await write(collection, 'create', web, { _openid: 'u-web' })).toBe(DENIED);
      expect(await rules.canRead(collection, { _openid: 'u-web' }, web)).toBe(false);
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

  test('A malformed rule fails when the rules are built, not on the first request', () => {
    expect(() => new SecurityRules([{ name: 'bad', indexes: [], rule: { read: 'doc.a ==' } }], db)).toThrow();
    expect(() => new SecurityRules([{ name: 'bad', indexes: [], rule: 'PUBLIC' as never }], db)).toThrow(/unknown security rule mode/);
  });
});
