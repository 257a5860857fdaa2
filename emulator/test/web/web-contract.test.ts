import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/database';
import { SecurityRules } from '../../src/rules';
import type { CollectionDeclaration, DatabaseEngine, FunctionsRuntime, InvokeRequest } from '../../src/types';
import { WebEmulator } from '../../src/web';

/**
 * The web endpoint's wire contract as plain HTTP, the way @cloudbase/js-sdk 3.7.0 sends it (see the
 * browser test for the SDK itself): CORS, token errors, refresh rotation, persistence, the js-sdk EJSON
 * dialect. The functions runtime is a recording stand-in: what matters here is what the endpoint passes.
 */

const ENV = 'demo-web-contract';
const DB_PREFIX = '/v1/database/instances/(default)/databases/(default)/collections';
const collections: CollectionDeclaration[] = [{ name: 'notes', indexes: [], rule: { read: 'doc._openid == auth.uid', write: 'doc._openid == auth.uid' } }];

function recordingFunctions(): FunctionsRuntime & { calls: InvokeRequest[] } {
  const calls: InvokeRequest[] = [];
  return {
    calls,
    listFunctions: () => ['echo'],
    invoke: async (request) => {
      calls.push(request);
      if (request.functionName !== 'echo') return { ok: false, code: 'FUNCTION_NOT_FOUND', message: `no function ${request.functionName}` };
      return { ok: true, result: { got: request.event }, invocationId: 'inv-1', durationMs: 1 };
    },
    invocations: () => [],
    invocation: () => undefined,
    invocationForSecretId: () => undefined,
  };
}

describe('web endpoint contract', () => {
  let dir: string;
  let db: DatabaseEngine;
  let functions: ReturnType<typeof recordingFunctions>;
  let web: WebEmulator;
  let base: string;

  const start = async (ttl?: number) => {
    const emulator = new WebEmulator({ host: '127.0.0.1', port: 0, envId: ENV, database: db, functions, rules: new SecurityRules(collections, db), dataDir: dir, accessTokenTtlSeconds: ttl });
    await emulator.start();
    return emulator;
  };
  const call = async (method: string, url: string, body?: unknown, token?: string) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json', origin: 'http://page.test', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const signIn = async () => (await call('POST', `/auth/v1/signin/anonymously?client_id=${ENV}`, {})).body;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-web-contract-'));
    db = await openDatabase({ dataDir: dir, collections });
    functions = recordingFunctions();
    web = await start();
    base = web.getInfo().url;
  });
  afterAll(async () => {
    await web.stop();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('When a browser preflights any route, then CORS allows its origin, method and headers', async () => {
    const res = await fetch(`${base}${DB_PREFIX}/notes/documents`, {
      method: 'OPTIONS',
      headers: { origin: 'http://page.test', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type,x-sdk-version' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://page.test');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-sdk-version');
    const error = await call('GET', '/nowhere');
    expect(error.headers.get('access-control-allow-origin')).toBe('http://page.test');
  });

  test('When signing in anonymously, then the answer has the credential fields the oauth client stores', async () => {
    const creds = await signIn();
    expect(creds).toMatchObject({ token_type: 'Bearer', expires_in: 7200, scope: 'anonymous' });
    expect(creds.access_token).toEqual(expect.any(String));
    expect(creds.refresh_token).toEqual(expect.any(String));
    expect(web.auth.verifyAccessToken(creds.access_token)).toEqual({ uid: creds.sub, loginType: 'ANONYMOUS' });
    const me = await call('GET', '/auth/v1/user/me', undefined, creds.access_token);
    expect(me.body).toMatchObject({ sub: creds.sub, name: 'anonymous' });
  });

  test('When refreshing, then a new pair is issued for the same user and the used refresh token stops working', async () => {
    const creds = await signIn();
    const refresh = (token: string) => call('POST', '/auth/v1/token', { client_id: ENV, grant_type: 'refresh_token', refresh_token: token });
    const next = await refresh(creds.refresh_token);
    expect(next.body.sub).toBe(creds.sub);
    expect(next.body.access_token).not.toBe(creds.access_token);
    const again = await refresh(creds.refresh_token);
    expect(again.body).toMatchObject({ error: 'invalid_grant' });
    expect((await call('POST', '/auth/v1/token', { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
  });

  test('When a token is missing, unknown or expired, then REST calls answer 401 with the codes the SDK reacts to', async () => {
    expect((await call('POST', '/v1/functions/echo', {})).body.code).toBe('INVALID_ACCESS_TOKEN');
    expect((await call('POST', '/v1/functions/echo', {}, 'forged')).body.code).toBe('INVALID_ACCESS_TOKEN');
    expect((await call('GET', `${DB_PREFIX}/notes/documents`, undefined, 'forged')).status).toBe(401);
    expect((await call('GET', '/auth/v1/user/me', undefined, 'forged')).body.error).toBe('unauthenticated');

    const shortLived = await start(1);
    try {
      const res = await fetch(`${shortLived.getInfo().url}/auth/v1/signin/anonymously`, { method: 'POST', body: '{}' });
      const creds = (await res.json()) as any;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = await fetch(`${shortLived.getInfo().url}/v1/functions/echo`, { method: 'POST', headers: { authorization: `Bearer ${creds.access_token}` }, body: '{}' });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as any).code).toBe('ACCESS_TOKEN_EXPIRED');
    } finally {
      await shortLived.stop();
    }
  });

  test('When a signed-in caller calls a function, then the invocation carries its web identity and no WeChat one', async () => {
    const creds = await signIn();
    const ok = await call('POST', '/v1/functions/echo', { a: [1, 2] }, creds.access_token);
    expect(ok).toMatchObject({ status: 200, body: { got: { a: [1, 2] } } });
    const request = functions.calls.at(-1)!;
    expect(request).toMatchObject({ functionName: 'echo', source: 'web', event: { a: [1, 2] } });
    expect(request.wxContext).toBeUndefined();
    expect(request.extraEnv).toMatchObject({ TCB_UUID: creds.sub, TCB_ISANONYMOUS_USER: 'true', TCB_SOURCE: 'web' });
    const missing = await call('POST', '/v1/functions/nope', {}, creds.access_token);
    expect(missing).toMatchObject({ status: 404, body: { code: 'FUNCTION_NOT_FOUND' } });
  });

  test('When documents arrive in the js-sdk dialect, then dates, server dates and regexes are native in the store', async () => {
    const creds = await signIn();
    const before = Date.now();
    const added = await call('POST', `${DB_PREFIX}/notes/documents`, { data: [{ text: 'Hello', when: { $date: 0 }, at: { $date: { offset: 1000 } } }] }, creds.access_token);
    const [id] = added.body.insertedIds;
    const [stored] = await db.find('notes', { _id: id });
    expect(stored).toMatchObject({ text: 'Hello', _openid: creds.sub, when: new Date(0) });
    expect((stored.at as Date).getTime()).toBeGreaterThanOrEqual(before + 1000);

    const query = encodeURIComponent(JSON.stringify({ _openid: creds.sub, text: { $regex: '^hel', $options: 'i' }, when: { $gte: { $date: { $numberInt: '0' } } } }));
    const list = await call('GET', `${DB_PREFIX}/notes/documents?offset=0&limit=100&query=${query}&`, undefined, creds.access_token);
    expect(list.body).toMatchObject({ offset: 0, limit: 100 });
    expect(list.body.list).toEqual([expect.objectContaining({ _id: id, when: { $date: { $numberLong: '0' } } })]);
    const count = await call('GET', `${DB_PREFIX}/notes/documents?count=true&query=${query}`, undefined, creds.access_token);
    expect(count.body).toEqual({ total: 1 });

    const patch = await call('PATCH', `${DB_PREFIX}/notes/documents`, { query: { _openid: creds.sub }, data: { $set: { _openid: 'stolen' } }, multi: true, upsert: false, replaceMode: false }, creds.access_token);
    expect(patch).toMatchObject({ status: 403, body: { code: 'DATABASE_PERMISSION_DENIED', message: 'Permission denied' } });
    // Renaming another field onto the owner field would hand the document to whoever that field names.
    const rename = await call('PATCH', `${DB_PREFIX}/notes/documents`, { query: { _openid: creds.sub }, data: { $rename: { text: '_openid' } }, multi: true, upsert: false, replaceMode: false }, creds.access_token);
    expect(rename).toMatchObject({ status: 403, body: { code: 'DATABASE_PERMISSION_DENIED' } });
    expect((await db.find('notes', { _id: id }))[0]).toMatchObject({ text: 'Hello', _openid: creds.sub });
  });

  // The js-sdk reads {$timestamp: seconds} as a Date (its database/util.js, FieldType.Timestamp); it sends it
  // as plain JSON in bodies and through EJSON.stringify(…, { relaxed: false }) in GET queries.
  test('When $timestamp values arrive in each form the js-sdk sends, then they are stored and matched as that date; a malformed one is INVALID_PARAM', async () => {
    const creds = await signIn();
    const added = await call('POST', `${DB_PREFIX}/notes/documents`, { data: [{ kind: 'ts', at: { $timestamp: 1700000000 }, bson: { $timestamp: { t: 1700000001, i: 3 } } }] }, creds.access_token);
    expect(added.status).toBe(200);
    const [id] = added.body.insertedIds;
    const [stored] = await db.find('notes', { _id: id });
    expect(stored).toMatchObject({ at: new Date(1700000000000), bson: new Date(1700000001000) });

    const query = (q: unknown) => encodeURIComponent(JSON.stringify(q));
    const canonical = query({ _openid: creds.sub, at: { $timestamp: { $numberInt: '1700000000' } }, bson: { $lte: { $timestamp: { $numberLong: '1700000001' } } } });
    const list = await call('GET', `${DB_PREFIX}/notes/documents?offset=0&limit=10&query=${canonical}`, undefined, creds.access_token);
    expect(list.body.list).toEqual([expect.objectContaining({ _id: id, at: { $date: { $numberLong: '1700000000000' } } })]);

    const patched = await call('PATCH', `${DB_PREFIX}/notes/documents`, { query: { _openid: creds.sub, at: { $timestamp: 1700000000 } }, data: { $set: { later: { $timestamp: 1700000060 } } }, multi: false, upsert: false, replaceMode: false }, creds.access_token);
    expect(patched.body).toMatchObject({ updated: 1, matched: 1 });
    expect((await db.find('notes', { _id: id }))[0].later).toEqual(new Date(1700000060000));

    const bad = await call('POST', `${DB_PREFIX}/notes/documents`, { data: [{ at: { $timestamp: 'yesterday' } }] }, creds.access_token);
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM', message: expect.stringContaining('invalid $timestamp value "yesterday"') } });
    expect(await db.count('notes', { _openid: creds.sub })).toBe(1);
  });

  test('When a browser signs in, then web-auth.json (live tokens) is written 0600 in a folder only its owner can enter, also when an older emulator left it open', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-web-auth-'));
    try {
      fs.chmodSync(folder, 0o755);
      const file = path.join(folder, 'web-auth.json');
      const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
      const emulator = new WebEmulator({ host: '127.0.0.1', port: 0, envId: ENV, database: db, functions, rules: new SecurityRules(collections, db), dataDir: folder });
      await emulator.start();
      let creds: { access_token: string; sub: string };
      try {
        const res = await fetch(`${emulator.getInfo().url}/auth/v1/signin/anonymously`, { method: 'POST', body: '{}' });
        creds = (await res.json()) as typeof creds;
        expect(fs.readFileSync(file, 'utf8')).toContain(creds.access_token);
        expect([modeOf(file), modeOf(folder)]).toEqual([0o600, 0o700]);
        expect(fs.readdirSync(folder)).toEqual(['web-auth.json']);
      } finally {
        await emulator.stop();
      }
      fs.chmodSync(file, 0o644);
      fs.chmodSync(folder, 0o755);
      const reopened = new WebEmulator({ host: '127.0.0.1', port: 0, envId: ENV, database: db, functions, rules: new SecurityRules(collections, db), dataDir: folder });
      expect([modeOf(file), modeOf(folder)]).toEqual([0o600, 0o700]);
      expect(reopened.auth.verifyAccessToken(creds.access_token)).toEqual({ uid: creds.sub, loginType: 'ANONYMOUS' });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('When a client asks for server-side-only database routes or unknown /web actions, then it is refused', async () => {
    const creds = await signIn();
    expect((await call('POST', '/v1/database/instances/(default)/databases/(default)/transactions', {}, creds.access_token)).status).toBe(403);
    expect((await call('POST', `${DB_PREFIX}`, { collectionName: 'x' }, creds.access_token)).status).toBe(403);
    const action = await call('POST', `/web?env=${ENV}`, { action: 'storage.getUploadMetadata', access_token: creds.access_token });
    expect(action).toMatchObject({ status: 200, body: { code: 'INVALID_ACTION' } });
    const sign = await call('POST', `/web?env=${ENV}`, { action: 'auth.wsWebSign', access_token: 'forged' });
    expect(sign.body.code).toBe('INVALID_ACCESS_TOKEN');
  });

  test('When the emulator restarts on the same data folder, then existing sessions stay signed in', async () => {
    const creds = await signIn();
    const restarted = await start();
    try {
      expect(restarted.auth.verifyAccessToken(creds.access_token)).toEqual({ uid: creds.sub, loginType: 'ANONYMOUS' });
    } finally {
      await restarted.stop();
    }
  });
});
