/**
 * Acceptance: the REAL @cloudbase/js-sdk 3.7.0 in headless chromium watches collections of the emulator
 * while a cloud function writes with the real wx-server-sdk. What the page's onChange saw is compared
 * with what was written: nothing missing, nothing twice, nothing out of order, nothing of another user.
 */
import type { BrowserClient } from '../browser/harness';
import { invokeViaHub } from '../helpers/test-emulators';
import type { RunningEmulators } from '../../src/suite';
import { startBrowserUsers, type BrowserUsers } from '../web/browser-users';
import { REALTIME_ENV_ID, realtimeTestProject } from './realtime-project';

jest.setTimeout(120_000);

interface SeenSnapshot {
  id: number;
  type?: string;
  msgType?: string;
  changes: [dataType: string, queueType: string, docId: string][];
  /** Ids of snapshot.docs (kept for the last 20 snapshots only: a burst would otherwise hold a million). */
  docs?: string[];
}

/** Starts a watch in the page; snapshots land in globalThis.watches[name]. */
function startWatch(client: BrowserClient, name: string, collection: string, where: Record<string, unknown> | null) {
  return client.evaluate(
    ({ name, collection, where }) => {
      const g = globalThis as any;
      g.watches ??= {};
      const state = { snapshots: [] as any[], errors: [] as string[], listener: null as unknown };
      g.watches[name] = state;
      const ref = g.app.database().collection(collection);
      state.listener = (where ? ref.where(where) : ref).watch({
        onChange: (s: any) => {
          state.snapshots.push({ id: s.id, type: s.type, msgType: s.msgType, changes: s.docChanges.map((c: any) => [c.dataType, c.queueType, c.docId]), docs: s.docs.map((d: any) => d._id) });
          if (state.snapshots.length > 20) delete state.snapshots[state.snapshots.length - 21].docs;
        },
        onError: (e: any) => state.errors.push(e && e.errMsg ? `${e.errCode} ${e.errMsg}` : JSON.stringify(e)),
      });
    },
    { name, collection, where },
  );
}

function snapshotCount(client: BrowserClient, name: string): Promise<number> {
  return client.evaluate((name) => (globalThis as any).watches[name].snapshots.length as number, name);
}

function seen(client: BrowserClient, name: string): Promise<{ snapshots: SeenSnapshot[]; errors: string[] }> {
  return client.evaluate((name) => {
    const s = (globalThis as any).watches[name];
    return { snapshots: s.snapshots, errors: s.errors };
  }, name);
}

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Snapshot IDs must rise by exactly 1 from the init snapshot on. */
function expectContinuous(snapshots: SeenSnapshot[]) {
  // The SDK marks an empty init snapshot with type 'init', a non-empty one with msgType 'INIT_EVENT'.
  expect(snapshots[0].type === 'init' || snapshots[0].msgType === 'INIT_EVENT').toBe(true);
  snapshots.forEach((s, i) => expect(s.id).toBe(snapshots[0].id + i));
}

describe('@cloudbase/js-sdk watch() in a browser against the realtime emulator', () => {
  let users: BrowserUsers;
  let emu: RunningEmulators;
  let alice: BrowserClient;
  let bob: BrowserClient;
  let aliceUid: string;
  let bobUid: string;
  const write = async (data: Record<string, unknown>) => {
    const res = await invokeViaHub(emu.hubUrl, 'rt-writer', data);
    if (res.status !== 200) throw new Error(`rt-writer failed: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    users = await startBrowserUsers(realtimeTestProject(), REALTIME_ENV_ID);
    ({ emu, alice, bob, aliceUid, bobUid } = users);
  });
  afterAll(() => users?.close());

  test('When a cloud function adds, updates and removes documents, then the owner\'s watch gets init, add, update and remove and never another user\'s document', async () => {
    await emu.database.insert('rt_notes', [
      { _id: 'a0', _openid: aliceUid, text: 'seeded for alice' },
      { _id: 'b0', _openid: bobUid, text: 'seeded for bob' },
    ]);
    await startWatch(alice, 'mine', 'rt_notes', { _openid: '{openid}' });
    await startWatch(bob, 'mine', 'rt_notes', { _openid: '{openid}' });
    await waitUntil(() => seen(alice, 'mine'), (s) => s.snapshots.length >= 1);

    await write({ action: 'add', collection: 'rt_notes', doc: { _id: 'a1', _openid: aliceUid, text: 'hello' } });
    await write({ action: 'add', collection: 'rt_notes', doc: { _id: 'b1', _openid: bobUid, text: 'bob only' } });
    await write({ action: 'update', collection: 'rt_notes', id: 'a1', data: { text: 'hello again', meta: { n: 1 } } });
    await write({ action: 'update', collection: 'rt_notes', id: 'b0', data: { text: 'bob edits' } });
    await write({ action: 'remove', collection: 'rt_notes', id: 'a0' });

    const a = await waitUntil(() => seen(alice, 'mine'), (s) => s.snapshots.length >= 4);
    expect(a.errors).toEqual([]);
    expectContinuous(a.snapshots);
    expect(a.snapshots.map((s) => [s.changes, s.docs])).toEqual([
      [[['init', 'init', 'a0']], ['a0']],
      [[['add', 'enqueue', 'a1']], ['a0', 'a1']],
      [[['update', 'update', 'a1']], ['a0', 'a1']],
      [[['remove', 'dequeue', 'a0']], ['a1']],
    ]);
    const last = await alice.evaluate(() => {
      const g = globalThis as any;
      return new Promise((resolve) => {
        // A second watch on the same query gets the current state as its init snapshot.
        const l = g.app.database().collection('rt_notes').where({ _openid: '{openid}' }).watch({
          onChange: (s: any) => {
            resolve(s.docs);
            l.close();
          },
          onError: (e: any) => resolve(String(e)),
        });
      });
    });
    expect(last).toEqual([{ _id: 'a1', _openid: aliceUid, text: 'hello again', meta: { n: 1 } }]);

    const b = await waitUntil(() => seen(bob, 'mine'), (s) => s.snapshots.length >= 3);
    expectContinuous(b.snapshots);
    expect(b.snapshots.map((s) => s.changes)).toEqual([[['init', 'init', 'b0']], [['add', 'enqueue', 'b1']], [['update', 'update', 'b0']]]);
    expect(JSON.stringify(a.snapshots)).not.toMatch(/b0|b1/);
    expect(JSON.stringify(b.snapshots)).not.toMatch(/a0|a1/);
  });

  test('When a page watches without the owner condition the rule requires, then onError gets the permission error', async () => {
    await startWatch(alice, 'everything', 'rt_notes', null);
    const s = await waitUntil(() => seen(alice, 'everything'), (v) => v.errors.length > 0);
    expect(s.snapshots).toEqual([]);
    expect(s.errors.join('\n')).toMatch(/COLLECTION_PERMISSION_DENIED/);
  });

  // Basic permissions narrow, they do not refuse (WeChat's guide to security rules, "与基础权限配置的对比":
  // under 仅创建者可读写 the server adds `_openid == <caller>` to the client's conditions), watches included.
  test('When a page watches a PRIVATE collection without any condition, then it gets its own documents and only their events', async () => {
    await emu.database.insert('rt_diary', [
      { _id: 'd-a0', _openid: aliceUid, text: 'alice seed' },
      { _id: 'd-b0', _openid: bobUid, text: 'bob seed' },
      { _id: 'd-admin', text: 'no owner' },
    ]);
    await startWatch(alice, 'diary', 'rt_diary', null);
    await startWatch(bob, 'diary', 'rt_diary', null);
    await waitUntil(() => seen(bob, 'diary'), (s) => s.snapshots.length >= 1);
    await waitUntil(() => seen(alice, 'diary'), (s) => s.snapshots.length >= 1);

    await write({ action: 'add', collection: 'rt_diary', doc: { _id: 'd-b1', _openid: bobUid, text: 'bob writes' } });
    await write({ action: 'update', collection: 'rt_diary', id: 'd-admin', data: { text: 'admin edits' } });
    await write({ action: 'add', collection: 'rt_diary', doc: { _id: 'd-a1', _openid: aliceUid, text: 'alice writes' } });
    await write({ action: 'update', collection: 'rt_diary', id: 'd-b0', data: { text: 'bob edits' } });
    await write({ action: 'remove', collection: 'rt_diary', id: 'd-a0' });

    const a = await waitUntil(() => seen(alice, 'diary'), (s) => s.snapshots.length >= 3);
    const b = await waitUntil(() => seen(bob, 'diary'), (s) => s.snapshots.length >= 3);
    expect([a.errors, b.errors]).toEqual([[], []]);
    expectContinuous(a.snapshots);
    expect(a.snapshots.map((s) => [s.changes, s.docs])).toEqual([
      [[['init', 'init', 'd-a0']], ['d-a0']],
      [[['add', 'enqueue', 'd-a1']], ['d-a0', 'd-a1']],
      [[['remove', 'dequeue', 'd-a0']], ['d-a1']],
    ]);
    expect(b.snapshots.map((s) => [s.changes, s.docs])).toEqual([
      [[['init', 'init', 'd-b0']], ['d-b0']],
      [[['add', 'enqueue', 'd-b1']], ['d-b0', 'd-b1']],
      [[['update', 'update', 'd-b0']], ['d-b0', 'd-b1']],
    ]);
    // Nothing more arrives later (the owner-less document's update reached nobody).
    await new Promise((r) => setTimeout(r, 300));
    expect([(await seen(alice, 'diary')).snapshots.length, (await seen(bob, 'diary')).snapshots.length]).toEqual([3, 3]);
  });

  test('When a function writes 1,000 documents in a burst and the socket is cut midway, then the watch resumes with no missing, duplicated or out-of-order event', async () => {
    await startWatch(alice, 'burst', 'rt_notes', { _openid: '{openid}' });
    await waitUntil(() => snapshotCount(alice, 'burst'), (n) => n >= 1);
    const initial = (await seen(alice, 'burst')).snapshots[0].docs!;

    const burst = write({ action: 'burst', collection: 'rt_notes', count: 1000, concurrency: 20, owner: aliceUid, prefix: 'burst-' });
    // Cut every socket once part of the burst has been seen: the SDK reconnects and sends REBUILD_WATCH.
    await waitUntil(() => snapshotCount(alice, 'burst'), (n) => n > 150, 30_000);
    expect(emu.realtime.dropConnections('terminate')).toBeGreaterThan(0);
    await burst;
    // Bob keeps writing his own documents meanwhile: none of them may reach alice.
    await write({ action: 'burst', collection: 'rt_notes', count: 50, concurrency: 5, owner: bobUid, prefix: 'bob-' });

    const expected = Array.from({ length: 1000 }, (_, i) => `burst-${String(i).padStart(5, '0')}`);
    await waitUntil(() => snapshotCount(alice, 'burst'), (n) => n >= 1001, 60_000);
    const after = await seen(alice, 'burst');
    expect(after.errors).toEqual([]);
    expectContinuous(after.snapshots);
    const added = after.snapshots.slice(1).flatMap((s) => s.changes);
    expect(added.every(([dataType, queueType]) => dataType === 'add' && queueType === 'enqueue')).toBe(true);
    expect(added.map(([, , id]) => id).sort()).toEqual(expected);
    expect(after.snapshots.length).toBe(1001);
    const finalDocs = after.snapshots[after.snapshots.length - 1].docs!;
    expect([...finalDocs].sort()).toEqual([...initial, ...expected].sort());
    expect(JSON.stringify(after.snapshots)).not.toMatch(/bob-/);
    expect(alice.logs.some((l) => l.includes('rebuildWatch success'))).toBe(true);
  });
});
