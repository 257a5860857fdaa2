/**
 * Live updates: the watch on the signed-in user's signal document (user_signals, owner rule), what a
 * counter change bumps, how a failed watch comes back, and the app going to the background and back.
 * The watch is FakeCloud's, driven as the realtime service would drive it.
 */
import { act } from '@testing-library/react';
import { createStore } from 'jotai';
import { liveStatusAtom, startLiveUpdates, topicVersionsAtom } from '../../src/state/live';
import { installFakeCloud } from '../support/fake-cloud';

const signal = (counters: Partial<Record<'messages' | 'tickets' | 'chat' | 'customers', number>>) => ({
  _id: 'web:uid-1',
  _openid: 'uid-1',
  messages: 0,
  tickets: 0,
  chat: 0,
  customers: 0,
  ...counters,
});

const wait = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  window.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => setVisibility('visible'));

test('When signed in, then the app watches its own signal document, and only a moved counter bumps its topic', async () => {
  const cloud = installFakeCloud();
  const store = createStore();
  const live = startLiveUpdates(store, { followAppVisibility: false });

  expect(cloud.watches.map((w) => [w.options.collection, w.options.where])).toEqual([['user_signals', { _openid: '{openid}' }]]);
  expect(store.get(liveStatusAtom)).toBe('connecting');

  cloud.watches[0].emit([signal({ messages: 4, tickets: 9 })], 'init');
  expect(store.get(liveStatusAtom)).toBe('live');
  // The first snapshot: the pages have just loaded what it describes.
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 0, tickets: 0, chat: 0, customers: 0 });

  cloud.watches[0].emit([signal({ messages: 5, tickets: 9 })]);
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 0, chat: 0, customers: 0 });
  cloud.watches[0].emit([signal({ messages: 5, tickets: 10, customers: 1 })]);
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 1, chat: 0, customers: 1 });
  // A snapshot that changes nothing (updatedAt only) bumps nothing.
  cloud.watches[0].emit([signal({ messages: 5, tickets: 10, customers: 1 })]);
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 1, chat: 0, customers: 1 });

  await live.stop();
  expect(cloud.watches[0].closed).toBe(true);
  expect(store.get(liveStatusAtom)).toBe('idle');
});

afterEach(() => jest.useRealTimers());

test('When the watch fails, then it is closed, reopened after the delay, and its first snapshot refetches every topic', async () => {
  // Jest's clock: the delays are measured, not raced against a loaded machine.
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  const wait = (ms: number) => jest.advanceTimersByTimeAsync(ms);
  const cloud = installFakeCloud();
  const store = createStore();
  const live = startLiveUpdates(store, { followAppVisibility: false, retryDelaysMs: [30, 60] });
  cloud.watches[0].emit([signal({ chat: 2 })], 'init');

  cloud.watches[0].fail(new Error('websocket closed 1006'));
  await wait(5);
  expect(cloud.watches[0].closed).toBe(true);
  expect(store.get(liveStatusAtom)).toBe('reconnecting');
  expect(cloud.watches).toHaveLength(1);

  await wait(40);
  expect(cloud.watches).toHaveLength(2);
  expect(store.get(liveStatusAtom)).toBe('reconnecting');
  // Failing again waits longer (the second delay).
  cloud.watches[1].fail();
  await wait(40);
  expect(cloud.watches).toHaveLength(2);
  await wait(40);
  expect(cloud.watches).toHaveLength(3);

  // Changes may have been missed while nobody watched: everything is fetched again, once.
  cloud.watches[2].emit([signal({ chat: 3 })], 'init');
  expect(store.get(liveStatusAtom)).toBe('live');
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 1, chat: 1, customers: 1 });
  cloud.watches[2].emit([signal({ chat: 4 })]);
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 1, chat: 2, customers: 1 });
  await live.stop();
});

test('When the app goes to the background, then the watch closes; back on screen it reopens and refetches everything', async () => {
  const cloud = installFakeCloud();
  const store = createStore();
  const live = startLiveUpdates(store);
  cloud.watches[0].emit([signal({})], 'init');

  setVisibility('hidden');
  await wait(0);
  expect(cloud.watches[0].closed).toBe(true);
  expect(store.get(liveStatusAtom)).toBe('idle');

  setVisibility('visible');
  expect(cloud.openWatches).toHaveLength(1);
  cloud.openWatches[0].emit([signal({})], 'init');
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 1, chat: 1, customers: 1 });

  await live.stop();
  // Stopped for good: the app coming back opens nothing.
  setVisibility('hidden');
  setVisibility('visible');
  expect(cloud.openWatches).toHaveLength(0);
});

test('When the signal document disappears (signed out elsewhere), then every topic is refetched so the calls find out', async () => {
  const cloud = installFakeCloud();
  const store = createStore();
  const live = startLiveUpdates(store, { followAppVisibility: false });
  cloud.watches[0].emit([signal({ tickets: 3 })], 'init');

  cloud.watches[0].emit([]);
  expect(store.get(topicVersionsAtom)).toEqual({ messages: 1, tickets: 1, chat: 1, customers: 1 });
  await live.stop();
});
