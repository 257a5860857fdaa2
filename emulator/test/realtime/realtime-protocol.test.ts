/**
 * The realtime endpoint at the protocol level: a bare `ws` client sends the same frames js-sdk 3.7.0 sends
 * and every answer is checked as the SDK reads it (event ID continuity, DataType/QueueType pairs, JSON
 * strings in Doc/UpdatedFields/removedFields, errors by requestId).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/database';
import { RealtimeEmulator, type WireEvent } from '../../src/realtime';
import type { DatabaseEngine } from '../../src/types';
import { fakeAuthenticator, fakeRules, ProtocolClient } from './protocol-client';

const MERGE = { multi: false, upsert: false, merge: true };
const MULTI = { multi: true, upsert: false, merge: true };

let dataDir: string;
let db: DatabaseEngine;
let realtime: RealtimeEmulator;
const clients: ProtocolClient[] = [];

async function start(options: { historySize?: number; maxDocsPerWatch?: number } = {}) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'realtime-test-'));
  db = await openDatabase({
    dataDir,
    collections: ['notes', 'feed', 'secret', 'scores', 'big'].map((name) => ({ name, indexes: [] })),
  });
  realtime = new RealtimeEmulator({ host: '127.0.0.1', port: 0, database: db, rules: fakeRules, authenticator: fakeAuthenticator, envId: 'test-env', ...options });
  await realtime.start();
}

async function client(uid = 'alice'): Promise<ProtocolClient> {
  const c = await ProtocolClient.connect(realtime.url);
  clients.push(c);
  const res = await c.login(`token-${uid}`);
  expect(res).toMatchObject({ msgType: 'LOGIN_RES', msgData: { envId: 'test-env' } });
  expect((res.msgData as { code?: string }).code).toBeUndefined();
  return c;
}

/** Applies events to a doc list exactly as the SDK's snapshot code does; checks ID continuity. */
function replay(initDocs: Record<string, unknown>[], initId: number, events: WireEvent[]) {
  let docs = [...initDocs];
  let current = initId;
  for (const e of events) {
    if (e.ID !== current && e.ID !== current + 1) throw new Error(`event ${e.ID} after ${current}: gap or reorder`);
    current = e.ID;
    const full = e.Doc && e.Doc !== '{}' ? JSON.parse(e.Doc) : undefined;
    const i = docs.findIndex((d) => d._id === e.DocID);
    if (e.QueueType === 'enqueue') docs.push(full);
    else if (e.QueueType === 'dequeue') docs.splice(i, 1);
    else if (e.QueueType === 'update') {
      const doc = full ?? { ...docs[i], ...JSON.parse(e.UpdatedFields ?? '{}') };
      for (const f of e.removedFields ? JSON.parse(e.removedFields) : []) delete doc[f];
      docs[i] = doc;
    }
  }
  return { docs, current };
}

beforeEach(() => start());
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await realtime.stop();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('realtime protocol', () => {
  it('answers PING with PONG, refuses a bad token at LOGIN and a watch before LOGIN', async () => {
    const c = await ProtocolClient.connect(realtime.url);
    clients.push(c);
    const pong = await c.request('PING', null);
    expect(pong).toMatchObject({ msgType: 'PONG', msgData: null });

    const early = await c.initWatch('w0', 'feed', {});
    expect(early).toMatchObject({ msgType: 'ERROR', watchId: 'w0', msgData: { code: 'CHECK_LOGIN_FAILED' } });

    const bad = await c.login('not-a-token');
    expect(bad).toMatchObject({ msgType: 'LOGIN_RES', msgData: { code: 'CHECK_LOGIN_FAILED' } });
    const wrongEnv = await c.login('token-alice', 'other-env');
    expect(wrongEnv).toMatchObject({ msgType: 'LOGIN_RES', msgData: { code: 'INVALIID_ENV' } });
  });

  it('drops a frame nested thousands of levels deep and answers a too-deep watch query with an error, then keeps serving', async () => {
    const c = await client('alice');
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    // The whole frame: not even parsed, so nothing answers it and nothing crashes.
    c.socket.send(`{"watchId":"wd","requestId":"deep-frame","msgType":"PING","msgData":${deep(5000)}}`);
    // A query string (JSON inside the frame) nested too deep: a clear error for that watch.
    const tooDeep = await c.request('INIT_WATCH', { envId: 'test-env', collName: 'notes', query: `{"a":${deep(5000)}}` }, { watchId: 'wq' });
    expect(tooDeep).toMatchObject({ msgType: 'ERROR', watchId: 'wq' });
    expect(JSON.stringify(tooDeep.msgData)).toMatch(/deeper than 128 levels/);
    expect(c.frames.some((f) => f.requestId === 'deep-frame')).toBe(false);
    expect(await c.request('PING', null)).toMatchObject({ msgType: 'PONG' });
  });

  it('inits with the caller\'s documents, then pushes add/update/enqueue/dequeue/remove with IDs rising by 1', async () => {
    await db.insert('notes', [
      { _id: 'a1', _openid: 'alice', text: 'one', done: false, at: new Date(1000) },
      { _id: 'b1', _openid: 'bob', text: 'bob’s', done: false },
    ]);
    const c = await client('alice');
    const init = await c.initWatch('w1', 'notes', { _openid: '{openid}', done: false });
    expect(init.msgType).toBe('INIT_EVENT');
    const initData = init.msgData as { queryID: string; currEvent: number; events: WireEvent[] };
    expect(initData.events).toEqual([{ ID: 0, DataType: 'init', QueueType: 'init', DocID: 'a1', Doc: expect.any(String) }]);
    expect(JSON.parse(initData.events[0].Doc)).toEqual({ _id: 'a1', _openid: 'alice', text: 'one', done: false, at: { $date: 1000 } });

    await db.insert('notes', [{ _id: 'a2', _openid: 'alice', text: 'two', done: false }]); // 1 add/enqueue
    await db.insert('notes', [{ _id: 'b2', _openid: 'bob', text: 'not for alice', done: false }]); // nothing
    await db.update('notes', { _id: 'a1' }, { $set: { text: 'one!' }, $unset: { at: '' } }, MERGE); // 2 update/update
    await db.update('notes', { _id: 'a2' }, { $set: { done: true } }, MERGE); // 3 update/dequeue
    await db.update('notes', { _id: 'b1' }, { $set: { text: 'bob again' } }, MERGE); // nothing
    await db.update('notes', { _id: 'a2' }, { $set: { done: false } }, MERGE); // 4 update/enqueue
    await db.update('notes', { _id: 'a2' }, { text: 'replaced', _openid: 'alice', done: false }, { multi: false, upsert: false, merge: false }); // 5 replace/update
    await db.remove('notes', { _id: 'a1' }, { multi: false }); // 6 remove/dequeue
    const events = await c.waitForEventId('w1', 6);

    expect(events.map((e) => [e.ID, e.DataType, e.QueueType, e.DocID])).toEqual([
      [1, 'add', 'enqueue', 'a2'],
      [2, 'update', 'update', 'a1'],
      [3, 'update', 'dequeue', 'a2'],
      [4, 'update', 'enqueue', 'a2'],
      [5, 'replace', 'update', 'a2'],
      [6, 'remove', 'dequeue', 'a1'],
    ]);
    expect(events[1]).toMatchObject({ Doc: '', UpdatedFields: JSON.stringify({ text: 'one!' }), removedFields: JSON.stringify(['at']) });
    expect(JSON.parse(events[3].Doc)).toMatchObject({ _id: 'a2', done: false });
    expect(events[2].Doc).toBe('');
    expect(JSON.parse(events[4].Doc)).toEqual({ _id: 'a2', text: 'replaced', _openid: 'alice', done: false });
    const frames = c.frames.filter((f) => f.msgType === 'NEXT_EVENT');
    for (const f of frames) expect(f).toMatchObject({ watchId: 'w1', msgData: { queryID: initData.queryID } });

    const { docs } = replay(initData.events.map((e) => JSON.parse(e.Doc)), initData.currEvent, events);
    expect(docs).toEqual([{ _id: 'a2', text: 'replaced', _openid: 'alice', done: false }]);
    expect(events.some((e) => e.Doc.includes('bob'))).toBe(false);
  });

  it('keeps an orderBy+limit window: limit/dequeue and limit/enqueue at the edge, under the same event ID', async () => {
    await db.insert('scores', [1, 2, 3, 4, 5].map((n) => ({ _id: `s${n}`, n })));
    const c = await client();
    const init = await c.initWatch('w', 'scores', {}, { orderBy: { n: 'desc' }, limit: 3 });
    const initData = init.msgData as { currEvent: number; events: WireEvent[] };
    expect(initData.events.map((e) => e.DocID)).toEqual(['s5', 's4', 's3']);

    await db.insert('scores', [{ _id: 's9', n: 9 }]); // 1: add/enqueue s9 + limit/dequeue s3
    await db.insert('scores', [{ _id: 's0', n: 0 }]); // beyond the window: nothing
    await db.remove('scores', { _id: 's5' }, { multi: false }); // 2: remove/dequeue s5 + limit/enqueue s3
    await db.update('scores', { _id: 's1' }, { $set: { n: 8 } }, MERGE); // 3: update/enqueue s1 + limit/dequeue s3
    await db.update('scores', { _id: 's9' }, { $set: { n: -1 } }, MERGE); // 4: update/dequeue s9 + limit/enqueue s3
    await db.update('scores', { _id: 's2' }, { $set: { n: 2.5 } }, MERGE); // outside: nothing
    await db.update('scores', { _id: 's4' }, { $set: { n: 4.5 } }, MERGE); // 5: update/update (stays in)
    const events = await c.waitForEventId('w', 5);
    expect(events.map((e) => [e.ID, e.DataType, e.QueueType, e.DocID])).toEqual([
      [1, 'add', 'enqueue', 's9'],
      [1, 'limit', 'dequeue', 's3'],
      [2, 'remove', 'dequeue', 's5'],
      [2, 'limit', 'enqueue', 's3'],
      [3, 'update', 'enqueue', 's1'],
      [3, 'limit', 'dequeue', 's3'],
      [4, 'update', 'dequeue', 's9'],
      [4, 'limit', 'enqueue', 's3'],
      [5, 'update', 'update', 's4'],
    ]);
    expect(JSON.parse(events[3].Doc)).toEqual({ _id: 's3', n: 3 });
    const { docs } = replay(initData.events.map((e) => JSON.parse(e.Doc)), initData.currEvent, events);
    expect(docs.map((d) => d._id).sort()).toEqual(['s1', 's3', 's4']);
    expect((await db.find('scores', {}, { sort: { n: -1 }, limit: 3 })).map((d) => d._id)).toEqual(['s1', 's4', 's3']);
  });

  it('refuses watches the rules refuse, invalid queries and unknown collections with ERROR by requestId', async () => {
    const c = await client();
    expect(await c.initWatch('x1', 'notes', {})).toMatchObject({ msgType: 'ERROR', watchId: 'x1', msgData: { code: 'COLLECTION_PERMISSION_DENIED' } });
    expect(await c.initWatch('x2', 'secret', {})).toMatchObject({ msgType: 'ERROR', msgData: { code: 'COLLECTION_PERMISSION_DENIED' } });
    expect(await c.initWatch('x3', 'feed', { n: { $bogus: 1 } })).toMatchObject({ msgType: 'ERROR', msgData: { code: 'INVALID_PARAM' } });
    expect(await c.request('INIT_WATCH', { collName: 'feed', query: '{not json' }, { watchId: 'x4' })).toMatchObject({ msgType: 'ERROR', msgData: { code: 'INVALID_PARAM' } });
    expect(await c.initWatch('x5', 'nope', {})).toMatchObject({ msgType: 'ERROR', msgData: { code: 'DATABASE_COLLECTION_NOT_EXIST' } });
    expect(realtime.stats().watches).toBe(0);
  });

  it('delivers a document only to watchers the rules let read it', async () => {
    const alice = await client('alice');
    const bob = await client('bob');
    await alice.initWatch('wa', 'feed', {});
    await bob.initWatch('wb', 'feed', {});
    await db.insert('feed', [
      { _id: 'f1', to: 'alice', text: 'for alice' },
      { _id: 'f2', to: 'bob', text: 'for bob' },
      { _id: 'f3', public: true, text: 'for all' },
    ]);
    await db.update('feed', { _id: 'f1' }, { $set: { to: 'bob' } }, MERGE); // leaves alice, reaches bob
    const a = await alice.waitForEventId('wa', 3);
    const b = await bob.waitForEventId('wb', 3);
    expect(a.map((e) => [e.ID, e.DataType, e.QueueType, e.DocID])).toEqual([
      [1, 'add', 'enqueue', 'f1'],
      [2, 'add', 'enqueue', 'f3'],
      [3, 'update', 'dequeue', 'f1'],
    ]);
    expect(b.map((e) => [e.ID, e.DataType, e.QueueType, e.DocID])).toEqual([
      [1, 'add', 'enqueue', 'f2'],
      [2, 'add', 'enqueue', 'f3'],
      [3, 'update', 'enqueue', 'f1'],
    ]);
    expect(a.some((e) => e.Doc.includes('for bob'))).toBe(false);
  });

  it('answers CHECK_LAST with CHECK_EVENT carrying the newest event ID, and forgets a closed watch', async () => {
    const c = await client();
    const init = await c.initWatch('w', 'feed', {});
    const { queryID } = init.msgData as { queryID: string };
    await db.insert('feed', [{ _id: 'p1', public: true }]);
    await db.insert('feed', [{ _id: 'p2', public: true }]);
    await c.waitForEventId('w', 2);
    const check = await c.request('CHECK_LAST', { queryID, eventID: 1 }, { watchId: 'w' });
    expect(check).toMatchObject({ msgType: 'CHECK_EVENT', watchId: 'w', msgData: { queryID, currEvent: 2 } });

    c.send({ watchId: 'w', requestId: 'close-1', msgType: 'CLOSE_WATCH', msgData: null });
    await new Promise((r) => setTimeout(r, 50));
    expect(realtime.stats().watches).toBe(0);
    const after = await c.request('CHECK_LAST', { queryID, eventID: 2 }, { watchId: 'w' });
    expect(after).toMatchObject({ msgType: 'ERROR', msgData: { code: 'QUERYID_INVALID_ERROR' } });
  });

  it('resumes after a dropped socket with REBUILD_WATCH: exactly the missed events, then live ones', async () => {
    await db.insert('feed', [{ _id: 'p0', public: true, n: 0 }]);
    const first = await client();
    const init = await first.initWatch('w', 'feed', {});
    const { queryID } = init.msgData as { queryID: string };
    for (let i = 1; i <= 5; i++) await db.insert('feed', [{ _id: `p${i}`, public: true, n: i }]);
    const seen = await first.waitForEventId('w', 5);
    const lastSeen = 3; // pretend events 4 and 5 were lost in flight

    expect(realtime.dropConnections('terminate')).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(realtime.stats()).toMatchObject({ connections: 0, watches: 1, detached: 1 });
    for (let i = 6; i <= 8; i++) await db.insert('feed', [{ _id: `p${i}`, public: true, n: i }]); // while away
    await db.update('feed', { _id: 'p1' }, { $set: { n: 100 } }, MERGE);

    const second = await client();
    const rebuilt = await second.request('REBUILD_WATCH', { envId: 'test-env', collName: 'feed', queryID, eventID: lastSeen }, { watchId: 'w' });
    expect(rebuilt.msgType).toBe('NEXT_EVENT');
    const missed = (rebuilt.msgData as { events: WireEvent[]; currEvent: number }).events;
    expect(missed.map((e) => [e.ID, e.DocID])).toEqual([
      [4, 'p4'],
      [5, 'p5'],
      [6, 'p6'],
      [7, 'p7'],
      [8, 'p8'],
      [9, 'p1'],
    ]);
    expect((rebuilt.msgData as { currEvent: number }).currEvent).toBe(9);
    await db.insert('feed', [{ _id: 'p9', public: true, n: 9 }]);
    const live = await second.waitForEventId('w', 10);
    expect(live.map((e) => [e.ID, e.DocID])).toEqual([[10, 'p9']]);
    expect(seen.length).toBe(5);

    // Another user cannot take the watch over.
    const mallory = await client('mallory');
    const stolen = await mallory.request('REBUILD_WATCH', { collName: 'feed', queryID, eventID: 0 }, { watchId: 'w' });
    expect(stolen).toMatchObject({ msgType: 'ERROR', msgData: { code: 'QUERYID_INVALID_ERROR' } });
  });

  it('re-initialises a client too far behind for the kept history, under the next event ID', async () => {
    await realtime.stop();
    await db.close();
    await start({ historySize: 3 });
    const c = await client();
    const init = await c.initWatch('w', 'feed', {}, { orderBy: { n: 'asc' } });
    const { queryID } = init.msgData as { queryID: string };
    for (let i = 1; i <= 10; i++) await db.insert('feed', [{ _id: `p${i}`, public: true, n: i }]);
    await c.waitForEventId('w', 10);
    const rebuilt = await c.request('REBUILD_WATCH', { collName: 'feed', queryID, eventID: 2 }, { watchId: 'w' });
    const events = (rebuilt.msgData as { events: WireEvent[] }).events;
    expect(events.every((e) => e.ID === 3 && e.DataType === 'init' && e.QueueType === 'init')).toBe(true);
    expect(events.map((e) => e.DocID)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10']);
    await db.insert('feed', [{ _id: 'p11', public: true, n: 11 }]);
    await c.waitFor((f) => f.msgType === 'NEXT_EVENT' && (f.msgData as { events: WireEvent[] }).events.some((e) => e.DocID === 'p11'));
    const last = c.events('w').pop()!;
    expect(last).toMatchObject({ ID: 4, DocID: 'p11', DataType: 'add' });
  });

  it('refuses a watch over more than 5,000 documents', async () => {
    await db.insert('big', Array.from({ length: 5001 }, (_, i) => ({ _id: `d${i}`, n: i })));
    const c = await client();
    const refused = await c.initWatch('w', 'big', {});
    expect(refused).toMatchObject({ msgType: 'ERROR', msgData: { code: 'WATCH_DOCS_LIMIT_EXCEEDED' } });
    expect((refused.msgData as { message: string }).message).toMatch(/5001 documents.*at most 5000/);
    const narrowed = await c.initWatch('w2', 'big', { n: { $lt: 5000 } });
    expect(narrowed.msgType).toBe('INIT_EVENT');
    expect((narrowed.msgData as { events: unknown[] }).events).toHaveLength(5000);
  });

  it('pushes a burst of 1,000 writes with no gap, duplicate or reordering, batched into few frames', async () => {
    const c = await client();
    await c.initWatch('w', 'feed', {});
    const writes: Promise<unknown>[] = [];
    for (let i = 1; i <= 1000; i++) writes.push(db.insert('feed', [{ _id: `b${i}`, public: true, i }]));
    await Promise.all(writes);
    await db.update('feed', { public: true }, { $inc: { i: 1 } }, MULTI); // 1,000 more, one statement
    const events = await c.waitForEventId('w', 2000, 10_000);
    expect(events.map((e) => e.ID)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(events.slice(0, 1000).map((e) => e.DocID)).toEqual(Array.from({ length: 1000 }, (_, i) => `b${i + 1}`));
    const frames = c.frames.filter((f) => f.msgType === 'NEXT_EVENT').length;
    expect(frames).toBeLessThan(100);
  });
});
