import fs from 'node:fs';
import { closeBrowser, openBrowserPage, type BrowserClient } from '../browser/harness';
import { startTestEmulators } from '../helpers/test-emulators';
import type { RunningEmulators } from '../../src/suite';
import { WebEmulator } from '../../src/web';
import { WEB_ENV_ID, webTestProject } from './web-project';

/**
 * The real @cloudbase/js-sdk 3.7.0 in headless chromium against the web emulator: anonymous sign-in,
 * callFunction with the caller's identity, and the client database API under security rules.
 * Page scripts run in the browser: they reach the SDK through `(globalThis as any).app`.
 */

jest.setTimeout(60_000);

describe('@cloudbase/js-sdk in a browser against the web emulator', () => {
  let emu: RunningEmulators;
  let root: string;
  let alice: BrowserClient;
  let bob: BrowserClient;
  let aliceUid: string;
  let bobUid: string;

  const signIn = (client: BrowserClient) =>
    client.evaluate(async () => {
      const res = await (globalThis as any).signInAnonymously();
      if (res.error) throw new Error(`sign-in failed: ${JSON.stringify(res.error)}`);
      return res.data.user.id as string;
    });

  beforeAll(async () => {
    root = webTestProject();
    emu = await startTestEmulators({ root });
    const webHost = emu.env.TCB_EMULATOR_WEB_HOST;
    [alice, bob] = await Promise.all([openBrowserPage({ webHost, envId: WEB_ENV_ID }), openBrowserPage({ webHost, envId: WEB_ENV_ID })]);
    [aliceUid, bobUid] = await Promise.all([signIn(alice), signIn(bob)]);
  });
  afterAll(async () => {
    await closeBrowser();
    await emu?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

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

  test('When collections use the simple modes and {}, then reads and writes follow CloudBase semantics', async () => {
    await emu.database.insert('board', [{ _id: 'b-admin', text: 'pinned by admin' }]);
    await emu.database.insert('news', [{ _id: 'n1', text: 'headline' }]);
    await emu.database.insert('vault', [{ _id: 'v1', secret: 1 }]);
    await emu.database.insert('sealed', [{ _id: 's1', secret: 1 }]);
    const outcome = await alice.evaluate(async () => {
      const db = (globalThis as any).app.database();
      const codeOf = async (op: () => Promise<any>) => {
        try {
          const res = await op();
          return res?.code ?? (Array.isArray(res?.data) ? res.data.length : 'allowed');
        } catch (err: any) {
          return err.code as string;
        }
      };
      return {
        boardAdd: await codeOf(() => db.collection('board').add({ text: 'mine' })),
        boardReadAll: await codeOf(() => db.collection('board').get()),
        boardEditAdmins: await codeOf(() => db.collection('board').where({ _id: 'b-admin' }).update({ text: 'x' })),
        diaryAdd: await codeOf(() => db.collection('diary').add({ text: 'dear diary' })),
        diaryReadAll: await codeOf(() => db.collection('diary').get()),
        diaryReadMine: await codeOf(() => db.collection('diary').where({ _openid: '{openid}' }).get()),
        newsRead: await codeOf(() => db.collection('news').get()),
        newsAdd: await codeOf(() => db.collection('news').add({ text: 'x' })),
        vaultRead: await codeOf(() => db.collection('vault').get()),
        sealedRead: await codeOf(() => db.collection('sealed').where({ _openid: '{openid}' }).get()),
        sealedAdd: await codeOf(() => db.collection('sealed').add({ text: 'x' })),
        undeclared: await codeOf(() => db.collection('nowhere').where({ _openid: '{openid}' }).get()),
      };
    });
    expect(outcome).toEqual({
      boardAdd: 'allowed',
      boardReadAll: 2,
      boardEditAdmins: 'DATABASE_PERMISSION_DENIED',
      diaryAdd: 'allowed',
      diaryReadAll: 'DATABASE_PERMISSION_DENIED',
      diaryReadMine: 1,
      newsRead: 1,
      newsAdd: 'DATABASE_PERMISSION_DENIED',
      vaultRead: 'DATABASE_PERMISSION_DENIED',
      sealedRead: 'DATABASE_PERMISSION_DENIED',
      sealedAdd: 'DATABASE_PERMISSION_DENIED',
      undeclared: 'DATABASE_PERMISSION_DENIED',
    });
    const bobSeesBoard = await bob.evaluate(async () => (await (globalThis as any).app.database().collection('board').get()).data.length);
    expect(bobSeesBoard).toBe(2);
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
