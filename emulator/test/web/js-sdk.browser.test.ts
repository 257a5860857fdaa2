import fs from 'node:fs';
import { closeBrowser, openBrowserPage, type BrowserClient } from '../browser/harness';
import { startTestEmulators } from '../helpers/test-emulators';
import type { RunningEmulators } from '../../src/suite';
import { WebEmulator } from '../../src/web';
import { startBrowserUsers, type BrowserUsers } from './browser-users';
import { WEB_ENV_ID, webTestProject } from './web-project';

/**
 * The real @cloudbase/js-sdk 3.7.0 in headless chromium against the web emulator: anonymous sign-in,
 * callFunction with the caller's identity, and the client database API under security rules.
 * Page scripts run in the browser: they reach the SDK through `(globalThis as any).app`.
 */

jest.setTimeout(60_000);

describe('@cloudbase/js-sdk in a browser against the web emulator', () => {
  let users: BrowserUsers;
  let emu: RunningEmulators;
  let alice: BrowserClient;
  let bob: BrowserClient;
  let aliceUid: string;
  let bobUid: string;

  beforeAll(async () => {
    users = await startBrowserUsers(webTestProject(), WEB_ENV_ID);
    ({ emu, alice, bob, aliceUid, bobUid } = users);
  });
  afterAll(() => users?.close());

  test('When two browsers sign in anonymously, then each is a distinct anonymous user and user/me answers it', async () => {
    expect(aliceUid).toMatch(/^\w{16,}$/);
    expect(bobUid).not.toBe(aliceUid);
    const me = await alice.evaluate(async () => {
      const user = await (globalThis as any).app.auth().getCurrentUser();
      const session = await (globalThis as any).app.auth().getSession();
      return { uid: user?.uid ?? user?.sub, isAnonymous: session.data.session.user.is_anonymous };
    });
    expect(me).toEqual({ uid: aliceUid, isAnonymous: true });
  });

  test('When a signed-in page calls a function, then node-sdk getUserInfo() has its uid and getWXContext() no OPENID', async () => {
    const res = await alice.evaluate(async () => (await (globalThis as any).app.callFunction({ name: 'whoami', data: { n: 1, s: '你好' } })).result);
    expect(res.event).toEqual({ n: 1, s: '你好' });
    expect(res.userInfo).toMatchObject({ uid: aliceUid, isAnonymous: true, openId: '' });
    expect(res.wxContext.OPENID ?? '').toBe('');
    expect(res.wxContext).toMatchObject({ ENV: WEB_ENV_ID, SOURCE: 'web' });
  });

  test('When a function fails or does not exist, then callFunction rejects with CloudBase error codes', async () => {
    const codes = await alice.evaluate(async () => {
      const codeOf = async (name: string) => {
        try {
          await (globalThis as any).app.callFunction({ name, data: {} });
          return 'resolved';
        } catch (err: any) {
          return err.code as string;
        }
      };
      return [await codeOf('fails'), await codeOf('nope')];
    });
    expect(codes).toEqual(['FUNCTIONS_EXECUTE_FAIL', 'FUNCTION_NOT_FOUND']);
  });

  test('When users write their own documents under the owner rule, then queries pinned to {openid} see only their own', async () => {
    const created = await alice.evaluate(async () => {
      const db = (globalThis as any).app.database();
      const a = await db.collection('notes').add({ text: 'alice 1', at: db.serverDate(), when: new Date(0) });
      await db.collection('notes').add({ text: 'alice 2', _openid: 'forged' });
      return a.id as string;
    });
    await bob.evaluate(async () => (globalThis as any).app.database().collection('notes').add({ text: 'bob 1' }));

    const mine = await alice.evaluate(async () => {
      const res = await (globalThis as any).app.database().collection('notes').where({ _openid: '{openid}' }).orderBy('text', 'asc').get();
      return res.data.map((d: any) => ({ text: d.text, owner: d._openid, at: d.at instanceof Date, when: d.when?.getTime?.() }));
    });
    expect(mine).toEqual([
      { text: 'alice 1', owner: aliceUid, at: true, when: 0 },
      { text: 'alice 2', owner: aliceUid, at: false, when: undefined },
    ]);
    const stored = await emu.database.find('notes', { _id: created });
    expect(stored[0]._openid).toBe(aliceUid);
    expect((stored[0].at as Date).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const count = await bob.evaluate(async () => (await (globalThis as any).app.database().collection('notes').where({ _openid: '{openid}' }).count()).total);
    expect(count).toBe(1);
  });

  test('When a query is not pinned to the caller, or targets another user, then the SDK rejects with DATABASE_PERMISSION_DENIED', async () => {
    const errors = await bob.evaluate(async (aliceId: string) => {
      const db = (globalThis as any).app.database();
      const codeOf = async (op: () => Promise<unknown>) => {
        try {
          const res: any = await op();
          return res?.code ?? 'allowed';
        } catch (err: any) {
          return err.code as string;
        }
      };
      return {
        unpinned: await codeOf(() => db.collection('notes').get()),
        othersQuery: await codeOf(() => db.collection('notes').where({ _openid: aliceId }).get()),
        othersUpdate: await codeOf(() => db.collection('notes').where({ _openid: aliceId }).update({ text: 'hacked' })),
        othersRemove: await codeOf(() => db.collection('notes').where({ _openid: aliceId }).remove()),
        byIdOnly: await codeOf(() => db.collection('notes').doc('x').get()),
      };
    }, aliceUid);
    expect(errors).toEqual({
      unpinned: 'DATABASE_PERMISSION_DENIED',
      othersQuery: 'DATABASE_PERMISSION_DENIED',
      othersUpdate: 'DATABASE_PERMISSION_DENIED',
      othersRemove: 'DATABASE_PERMISSION_DENIED',
      byIdOnly: 'DATABASE_PERMISSION_DENIED',
    });
    const aliceNotes = await emu.database.find('notes', { _openid: aliceUid });
    expect(aliceNotes.map((d) => d.text).sort()).toEqual(['alice 1', 'alice 2']);
  });

  test('When the owner updates and removes through pinned queries, then the changes apply to their documents only', async () => {
    const result = await alice.evaluate(async () => {
      const db = (globalThis as any).app.database();
      const _ = db.command;
      const notes = db.collection('notes');
      const updated = await notes.where({ _openid: '{openid}', text: 'alice 1' }).update({ n: _.inc(2), tags: _.push(['x']) });
      const [doc] = (await notes.where({ _openid: '{openid}', text: 'alice 1' }).get()).data;
      const removed = await notes.where({ _openid: '{openid}', text: 'alice 2' }).remove();
      const regex = (await notes.where({ _openid: '{openid}', text: db.RegExp({ regexp: '^ALICE', options: 'i' }) }).get()).data.length;
      return { updated: updated.updated, n: doc.n, tags: doc.tags, deleted: removed.deleted, regex };
    });
    expect(result).toEqual({ updated: 1, n: 2, tags: ['x'], deleted: 1, regex: 1 });
    expect(await emu.database.count('notes', { _openid: bobUid })).toBe(1);
  });

  // The basic permissions (READONLY, PRIVATE, ADMINWRITE, ADMINONLY) have their own file: js-sdk-permissions.test.ts.
  test('When a custom rule is {} or the collection does not exist, then the SDK rejects with CloudBase\'s codes', async () => {
    await emu.database.insert('sealed', [{ _id: 's1', secret: 1 }]);
    const outcome = await alice.evaluate(async () => {
      const db = (globalThis as any).app.database();
      const codeOf = async (op: () => Promise<any>) => {
        try {
          const res = await op();
          return res?.code ?? 'allowed';
        } catch (err: any) {
          return `${err.code}: ${err.message}`;
        }
      };
      return {
        sealedRead: await codeOf(() => db.collection('sealed').where({ _openid: '{openid}' }).get()),
        sealedAdd: await codeOf(() => db.collection('sealed').add({ text: 'x' })),
        missingRead: await codeOf(() => db.collection('nowhere').get()),
        missingAdd: await codeOf(() => db.collection('nowhere').add({ text: 'x' })),
      };
    });
    expect(outcome).toEqual({
      sealedRead: 'DATABASE_PERMISSION_DENIED: Permission denied',
      sealedAdd: 'DATABASE_PERMISSION_DENIED: Permission denied',
      // What CloudBase answers for a collection that does not exist (wx: -502005).
      missingRead: expect.stringMatching(/^DATABASE_COLLECTION_NOT_EXIST: \[ResourceNotFound\] Db or Table not exist/),
      missingAdd: expect.stringMatching(/^DATABASE_COLLECTION_NOT_EXIST: /),
    });
    expect(await emu.database.find('sealed', {})).toEqual([{ _id: 's1', secret: 1 }]);
    expect(emu.database.hasCollection('nowhere')).toBe(false);
  });

  test('When a rule reads another document with get(), then access follows that document', async () => {
    await emu.database.insert('members', [{ _id: aliceUid, room: 'r1' }]);
    await emu.database.insert('rooms', [
      { _id: 'm1', room: 'r1', text: 'hello r1' },
      { _id: 'm2', room: 'r2', text: 'hello r2' },
    ]);
    const read = (client: BrowserClient, room: string) =>
      client.evaluate(async (r: string) => {
        try {
          return (await (globalThis as any).app.database().collection('rooms').where({ room: r }).get()).data.map((d: any) => d.text);
        } catch (err: any) {
          return err.code;
        }
      }, room);
    expect(await read(alice, 'r1')).toEqual(['hello r1']);
    expect(await read(alice, 'r2')).toBe('DATABASE_PERMISSION_DENIED');
    expect(await read(bob, 'r1')).toBe('DATABASE_PERMISSION_DENIED');
  });

  // The js-sdk's own dialect (its sources in node_modules/@cloudbase/js-sdk/database/dist/index.esm.js.map:
  // serializer/datatype.js writes Date as {$date: ms}, RegExp as {$regex, $options}, serverDate as
  // {$date: {offset}}; util.js reads {$timestamp: seconds} as a Date; GET queries go through
  // EJSON.stringify(…, { relaxed: false }), so there they arrive as {$timestamp: {$numberInt: "…"}}).
  test('When a page writes and queries $timestamp values and the SDK\'s other EJSON forms, then they are stored natively and read back as the same values', async () => {
    const result = await alice.evaluate(async () => {
      const db = (globalThis as any).app.database();
      const _ = db.command;
      const wire = db.collection('notes');
      const { id } = await wire.add({
        kind: 'wire',
        at: { $timestamp: 1700000000 },
        d: new Date(1700000000123),
        re: /ab+c/i,
        sd: db.serverDate({ offset: 5000 }),
        big: 2 ** 40,
        f: 1.5,
        neg: -3,
        geo: new db.Geo.Point(113.3, 23.1),
        nested: { list: [new Date(0), { x: null }], yes: true },
      });
      const byTimestamp = await wire.where({ _openid: '{openid}', at: { $timestamp: 1700000000 } }).get();
      const byRange = await wire.where({ _openid: '{openid}', at: _.gte({ $timestamp: 1699999999 }).and(_.lt(new Date(1700000000001))), d: _.lt(new Date(1800000000000)) }).count();
      const updated = await wire.where({ _openid: '{openid}', kind: 'wire' }).update({ seenAt: { $timestamp: 1700000060 }, nested: { yes: false } });
      const aggregated = await wire.aggregate().match({ _openid: '{openid}', seenAt: { $timestamp: 1700000060 } }).project({ _id: 0, kind: 1 }).end();
      // notes has an owner rule: even a read by id must be pinned to the caller.
      const [doc] = (await wire.where({ _openid: '{openid}', _id: id }).get()).data;
      return {
        id,
        found: byTimestamp.data.map((d: any) => d._id),
        byRange: byRange.total,
        updated: updated.updated,
        aggregated: aggregated.data,
        read: {
          at: doc.at instanceof Date ? doc.at.getTime() : doc.at,
          d: doc.d instanceof Date ? doc.d.getTime() : doc.d,
          re: { pattern: doc.re.pattern, options: doc.re.options },
          sdIsDate: doc.sd instanceof Date,
          big: doc.big,
          f: doc.f,
          neg: doc.neg,
          geo: [doc.geo.longitude, doc.geo.latitude],
          nested: { list: [doc.nested.list[0] instanceof Date ? doc.nested.list[0].getTime() : doc.nested.list[0], doc.nested.list[1]], yes: doc.nested.yes },
          seenAt: doc.seenAt instanceof Date ? doc.seenAt.getTime() : doc.seenAt,
        },
      };
    });
    expect(result).toEqual({
      id: expect.any(String),
      found: [result.id],
      byRange: 1,
      updated: 1,
      aggregated: [{ kind: 'wire' }],
      read: {
        at: 1700000000000,
        d: 1700000000123,
        re: { pattern: 'ab+c', options: 'i' },
        sdIsDate: true,
        big: 2 ** 40,
        f: 1.5,
        neg: -3,
        geo: [113.3, 23.1],
        nested: { list: [0, { x: null }], yes: false },
        seenAt: 1700000060000,
      },
    });
    const [stored] = await emu.database.find('notes', { _id: result.id });
    expect(stored).toMatchObject({
      _openid: aliceUid,
      at: new Date(1700000000000),
      d: new Date(1700000000123),
      re: /ab+c/i,
      big: 2 ** 40,
      geo: { type: 'Point', coordinates: [113.3, 23.1] },
      nested: { list: [new Date(0), { x: null }], yes: false },
      seenAt: new Date(1700000060000),
    });
    expect(Math.abs((stored.sd as Date).getTime() - (Date.now() + 5000))).toBeLessThan(60_000);
  });

  test('When realtime asks for a sign, then /web auth.wsWebSign answers the realtime URL and a sign the authenticator resolves', async () => {
    const sign = await alice.evaluate(async () => {
      const app = (globalThis as any).app;
      const res = await app.request.send('auth.wsWebSign', { runtime: 'web' });
      return res.data;
    });
    expect(sign).toMatchObject({ wsUrl: emu.realtime.url, envId: WEB_ENV_ID });
    expect(emu.web.auth.verifyAccessToken(sign.signStr)).toEqual({ uid: aliceUid, loginType: 'ANONYMOUS' });
  });
});

describe('token lifetime with the real js-sdk', () => {
  let emu: RunningEmulators;
  let root: string;

  beforeAll(async () => {
    root = webTestProject();
    emu = await startTestEmulators({ root });
  });
  afterAll(async () => {
    await closeBrowser();
    await emu?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('When the access token nears expiry, then the SDK refreshes it through /auth/v1/token and stays the same user', async () => {
    // expires_in 32 s: the SDK treats tokens as expired 30 s early, so it refreshes after ~2 s.
    const web = new WebEmulator({ host: '127.0.0.1', port: 0, envId: WEB_ENV_ID, database: emu.database, functions: emu.functions, rules: emu.rules, accessTokenTtlSeconds: 32 });
    await web.start();
    try {
      const client = await openBrowserPage({ webHost: `127.0.0.1:${web.getInfo().port}`, envId: WEB_ENV_ID });
      const first = await client.evaluate(async () => {
        const res = await (globalThis as any).signInAnonymously();
        return { uid: res.data.user.id, token: res.data.session.access_token };
      });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const second = await client.evaluate(async () => {
        const fn = await (globalThis as any).app.callFunction({ name: 'whoami', data: {} });
        const session = await (globalThis as any).app.auth().getSession();
        return { uid: fn.result.userInfo.uid, token: session.data.session.access_token };
      });
      expect(second.uid).toBe(first.uid);
      expect(second.token).not.toBe(first.token);
      expect(web.auth.verifyAccessToken(second.token)).toEqual({ uid: first.uid, loginType: 'ANONYMOUS' });
      await client.close();
    } finally {
      await web.stop();
    }
  });
});
