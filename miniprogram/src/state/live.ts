import { atom, useAtomValue } from 'jotai';
import { useEffect, useRef } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { watch as cloudWatch, type WatchHandle, type WatchOptions, type WatchSnapshot } from '../services/cloud';
import type { Store } from './store';

/**
 * Live updates. Each signed-in binding has one small `user_signals` document (owner rule: readable by its
 * own OPENID / uid only) with a counter per topic that the functions bump whenever something the user must
 * see changes (packages/shared/src/data/signals.ts). The app watches that one document and, when a counter
 * moves, bumps the topic's version here; whatever shows that topic (badges, the open list or detail)
 * refetches through the functions. The document carries no data, only "look again".
 */

export const TOPICS = ['messages', 'tickets', 'chat', 'customers'] as const;
export type Topic = (typeof TOPICS)[number];
export type TopicVersions = Record<Topic, number>;

/** How many times each topic changed since launch, as far as this client saw. */
export const topicVersionsAtom = atom<TopicVersions>({ messages: 0, tickets: 0, chat: 0, customers: 0 });

/** idle: not watching (signed out, or the app in the background); connecting; live; reconnecting: waiting to retry after a failure. */
export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';
export const liveStatusAtom = atom<LiveStatus>('idle');

export const SIGNALS_COLLECTION = 'user_signals';

export function bumpTopics(store: Store, topics: readonly Topic[]): void {
  if (topics.length === 0) return;
  const next = { ...store.get(topicVersionsAtom) };
  for (const topic of topics) next[topic] += 1;
  store.set(topicVersionsAtom, next);
}

function countersOf(doc: Record<string, unknown> | undefined): TopicVersions | null {
  if (!doc) return null;
  const read = (topic: Topic) => (typeof doc[topic] === 'number' ? (doc[topic] as number) : 0);
  return { messages: read('messages'), tickets: read('tickets'), chat: read('chat'), customers: read('customers') };
}

export interface LiveUpdatesOptions {
  /** cloud-client's watch by default. */
  watch?: (options: WatchOptions) => WatchHandle;
  /** Waits before each reopen after a failure; the last repeats. */
  retryDelaysMs?: readonly number[];
  /** Close on app hide and reopen on show (default true; Taro.onAppHide / onAppShow). */
  followAppVisibility?: boolean;
}

export interface LiveUpdates {
  /** Closes the watch for good (sign-out). */
  stop(): Promise<void>;
  /** Closes the watch until resume() (the app went to the background). */
  pause(): Promise<void>;
  /** Reopens it and refetches every topic (the app came back: changes may have been missed). */
  resume(): void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000] as const;

/**
 * Watches the signed-in user's signal document until stopped. A failed watch (network lost, the realtime
 * service restarted, the SDK gave up reconnecting) is closed and reopened after a growing delay; every
 * reopen refetches all topics, since changes may have happened while nobody was watching. The document
 * disappearing (signed out elsewhere, password changed) also refetches everything: the calls then answer
 * UNAUTHENTICATED and the session guard takes the app to 登录.
 */
export function startLiveUpdates(store: Store, options: LiveUpdatesOptions = {}): LiveUpdates {
  const watch = options.watch ?? cloudWatch;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let handle: WatchHandle | undefined;
  let counters: TopicVersions | null = null;
  let refetchOnNextSnapshot = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let running = true;
  let paused = false;

  const closeCurrent = async () => {
    generation += 1;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    const closing = handle;
    handle = undefined;
    await closing?.close().catch(() => undefined);
  };

  const onSnapshot = (snapshot: WatchSnapshot) => {
    failures = 0;
    store.set(liveStatusAtom, 'live');
    const next = countersOf(snapshot.docs[0]);
    const previous = counters;
    counters = next;
    if (refetchOnNextSnapshot || next === null) {
      refetchOnNextSnapshot = false;
      bumpTopics(store, TOPICS);
      return;
    }
    // The first snapshot of the first watch: the pages have just loaded, nothing to refetch.
    if (previous === null) return;
    bumpTopics(
      store,
      TOPICS.filter((topic) => next[topic] !== previous[topic]),
    );
  };

  const open = () => {
    if (!running || paused) return;
    const mine = ++generation;
    store.set(liveStatusAtom, failures > 0 ? 'reconnecting' : 'connecting');
    handle = watch({
      collection: SIGNALS_COLLECTION,
      // '{openid}' is CloudBase's placeholder for the caller's own OPENID / uid: the owner rule's subset.
      where: { _openid: '{openid}' },
      onChange: (snapshot) => {
        if (mine === generation) onSnapshot(snapshot);
      },
      onError: () => {
        if (mine !== generation) return;
        void closeCurrent().then(() => {
          if (!running || paused) return;
          const delay = delays[Math.min(failures, delays.length - 1)];
          failures += 1;
          refetchOnNextSnapshot = true;
          store.set(liveStatusAtom, 'reconnecting');
          retryTimer = setTimeout(open, delay);
        });
      },
    });
  };

  const controller: LiveUpdates = {
    async stop() {
      running = false;
      unfollow();
      await closeCurrent();
      store.set(liveStatusAtom, 'idle');
    },
    async pause() {
      if (!running || paused) return;
      paused = true;
      await closeCurrent();
      store.set(liveStatusAtom, 'idle');
    },
    resume() {
      if (!running || !paused) return;
      paused = false;
      failures = 0;
      refetchOnNextSnapshot = true;
      open();
    },
  };

  const onHide = () => void controller.pause();
  const onShow = () => controller.resume();
  const follow = options.followAppVisibility ?? true;
  if (follow) {
    Taro.onAppHide(onHide);
    Taro.onAppShow(onShow);
  }
  function unfollow() {
    if (!follow) return;
    Taro.offAppHide(onHide);
    Taro.offAppShow(onShow);
  }

  open();
  return controller;
}

/**
 * Calls `onChange` when any of `topics` changes while this page is on screen; a change that happens while
 * the page is hidden (another tab, a page on top, the app in the background) is handled once the page shows.
 */
export function useTopicChanges(topics: readonly Topic[], onChange: () => void): void {
  const versions = useAtomValue(topicVersionsAtom);
  const key = topics.map((topic) => versions[topic]).join(',');
  const seen = useRef(key);
  const visible = useRef(true);
  const pending = useRef(false);
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    if (key === seen.current) return;
    seen.current = key;
    if (visible.current) callback.current();
    else pending.current = true;
  }, [key]);

  useDidHide(() => {
    visible.current = false;
  });
  useDidShow(() => {
    visible.current = true;
    if (pending.current) {
      pending.current = false;
      callback.current();
    }
  });
}
