/**
 * Storage permissions as CloudBase documents them (docs.cloudbase.net/storage/security-rules,
 * cloud.tencent.com/document/product/876/41767): the four basic modes as their documented rule
 * templates, custom `{ read, write }` rules over auth and resource (openid, path) with regular
 * expressions, `{}` denying every client, and the server side never held to any of it. Declared in
 * cloudbaserc.json's `storage` entry, the values `tcb storage rules update --acl --rules` takes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadProjectConfig } from '../../src/config';
import { RuleSyntaxError } from '../../src/rules';
import { SERVER_CALLER, StorageRules, StorageService } from '../../src/storage';
import type { ClientAuth, StorageAccessDeclaration } from '../../src/types';

const alice: ClientAuth = { uid: 'uid-alice', loginType: 'ANONYMOUS' };
const wechatBob: ClientAuth = { openid: 'o-bob', loginType: 'WECHAT-OPEN' };
const OWNER = 'resource.openid == auth.openid || resource.openid == auth.uid';

async function decisions(access: StorageAccessDeclaration) {
  const rules = new StorageRules(access);
  const own = { openid: 'uid-alice', path: 'a/own.png' };
  const others = { openid: 'o-bob', path: 'a/bob.png' };
  return {
    readOwn: await rules.allows('read', alice, own),
    readOthers: await rules.allows('read', alice, others),
    writeOwn: await rules.allows('write', alice, own),
    writeOthers: await rules.allows('write', alice, others),
    signedOut: await rules.allows('read', null, own),
  };
}

describe('storage rules', () => {
  test.each<[StorageAccessDeclaration['acl'], Record<string, boolean>]>([
    // 所有用户可读，仅创建者及管理员可写
    ['READONLY', { readOwn: true, readOthers: true, writeOwn: true, writeOthers: false, signedOut: true }],
    // 仅创建者及管理员可读写
    ['PRIVATE', { readOwn: true, readOthers: false, writeOwn: true, writeOthers: false, signedOut: false }],
    // 所有用户可读，仅管理员可写
    ['ADMINWRITE', { readOwn: true, readOthers: true, writeOwn: false, writeOthers: false, signedOut: true }],
    // 仅管理员可读写
    ['ADMINONLY', { readOwn: false, readOthers: false, writeOwn: false, writeOthers: false, signedOut: false }],
  ])('When the bucket is %s, then clients get exactly the documented reach', async (acl, expected) => {
    expect(await decisions({ acl } as StorageAccessDeclaration)).toEqual(expected);
  });

  test('When a custom rule limits writes to the caller’s own folder by a regular expression on resource.path, then other paths are refused', async () => {
    const rules = new StorageRules({ acl: 'CUSTOM', rules: { read: OWNER, write: `(${OWNER}) && /^uploads\\/[A-Za-z0-9_-]+\\/\\d{6}\\/[^/]+\\.(jpe?g|png)$/i.test(resource.path) == true` } });
    const write = (p: string) => rules.allows('write', wechatBob, { openid: 'o-bob', path: p });
    expect(await write('uploads/u_1/202612/a.JPG')).toBe(true);
    expect(await write('uploads/u_1/202612/a.html')).toBe(false);
    expect(await write('avatars/a.png')).toBe(false);
    // A WeChat caller owns its file by openid; its uid is absent and matches nothing.
    expect(await rules.allows('read', wechatBob, { openid: 'o-bob', path: 'x' })).toBe(true);
    expect(await rules.allows('read', { loginType: 'ANONYMOUS', uid: undefined }, { openid: undefined, path: 'x' })).toBe(false);
  });

  test('When the custom rule is {} or names only read, then a missing operation denies every client', async () => {
    expect(await decisions({ acl: 'CUSTOM', rules: {} })).toEqual({ readOwn: false, readOthers: false, writeOwn: false, writeOthers: false, signedOut: false });
    expect(await decisions({ acl: 'CUSTOM', rules: { read: 'auth != null' } })).toEqual({ readOwn: true, readOthers: true, writeOwn: false, writeOthers: false, signedOut: false });
  });

  test('When a rule names the database’s doc or get(), an unknown operation, or a stateful regular expression, then it is refused when the rules are read', () => {
    expect(() => new StorageRules({ acl: 'CUSTOM', rules: { read: 'doc._openid == auth.uid' } })).toThrow(RuleSyntaxError);
    expect(() => new StorageRules({ acl: 'CUSTOM', rules: { read: "get('database.x.y') != null" } })).toThrow(/no get\(\) function/);
    expect(() => new StorageRules({ acl: 'CUSTOM', rules: { read: true, delete: false } })).toThrow(/read and write only, not delete/);
    expect(() => new StorageRules({ acl: 'CUSTOM', rules: { read: '/a/g.test(resource.path) == true' } })).toThrow(/flags 'g'/);
    expect(() => new StorageRules({ acl: 'CUSTOM', rules: { read: '/(/.test(resource.path)' } })).toThrow(/invalid regular expression/);
  });

  test('When a client acts under an owner rule, then someone else’s file and a missing one answer alike, while the server may do anything', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'storage-rules-')), 'storage');
    const service = new StorageService({ envId: 'demo-rules', dir, access: { acl: 'PRIVATE' }, publicUrl: () => 'http://127.0.0.1:1' });
    const { Readable } = await import('node:stream');
    const ticket = await service.prepareUpload({ kind: 'client', auth: wechatBob }, 'uploads/bob/202612/b.png');
    await service.store.write(Readable.from([Buffer.from('b')]), { key: ticket.key, owner: 'o-bob', contentType: 'image/png', maxBytes: 10 });
    const missing = service.fileIdOf('uploads/bob/202612/none.png');
    const asAlice = await service.downloadUrls({ kind: 'client', auth: alice }, [{ fileId: ticket.fileId }, { fileId: missing }]);
    expect(asAlice.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['STORAGE_EXCEED_AUTHORITY', 'STORAGE_EXCEED_AUTHORITY']);
    const asServer = await service.downloadUrls(SERVER_CALLER, [{ fileId: ticket.fileId }, { fileId: missing }]);
    expect(asServer.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'STORAGE_FILE_NONEXIST']);
    await expect(service.prepareUpload({ kind: 'client', auth: alice }, ticket.key)).rejects.toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    expect((await service.deleteFiles({ kind: 'client', auth: alice }, [ticket.fileId]))[0]).toMatchObject({ ok: false, code: 'STORAGE_EXCEED_AUTHORITY' });
    expect(service.store.get(ticket.key)).toBeDefined();
    expect((await service.deleteFiles({ kind: 'client', auth: wechatBob }, [ticket.fileId]))[0]).toMatchObject({ ok: true });
    expect(service.store.get(ticket.key)).toBeUndefined();
  });
});

describe('the storage entry of cloudbaserc.json', () => {
  const project = (storage: unknown) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-config-'));
    fs.writeFileSync(path.join(root, 'cloudbaserc.json'), JSON.stringify({ envId: 'demo-config', ...(storage === undefined ? {} : { storage }) }));
    return root;
  };

  test('When it is absent, a basic mode, or CUSTOM with rules as an object or as the CLI’s JSON text, then it is read as such', async () => {
    expect((await loadProjectConfig(project(undefined))).storage).toBeUndefined();
    expect((await loadProjectConfig(project({ acl: 'PRIVATE' }))).storage).toEqual({ acl: 'PRIVATE' });
    const rules = { read: OWNER, write: false };
    expect((await loadProjectConfig(project({ acl: 'CUSTOM', rules }))).storage).toEqual({ acl: 'CUSTOM', rules });
    expect((await loadProjectConfig(project({ acl: 'CUSTOM', rules: JSON.stringify(rules) }))).storage).toEqual({ acl: 'CUSTOM', rules });
  });

  test.each([
    [{ acl: 'PUBLIC' }, /acl must be one of READONLY, PRIVATE, ADMINWRITE, ADMINONLY, CUSTOM/],
    [{ acl: 'CUSTOM' }, /acl CUSTOM needs rules/],
    [{ acl: 'CUSTOM', rules: '{read' }, /rules is not JSON/],
    [{ acl: 'PRIVATE', rules: {} }, /rules are read only with acl CUSTOM/],
    [{ acl: 'PRIVATE', bucket: 'x' }, /unknown field bucket/],
    ['PRIVATE', /must be an object/],
  ])('When it is %j, then the project is refused with a message naming the problem', async (storage, message) => {
    await expect(loadProjectConfig(project(storage))).rejects.toThrow(ConfigError);
    await expect(loadProjectConfig(project(storage))).rejects.toThrow(message);
  });
});
