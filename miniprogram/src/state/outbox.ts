/**
 * The offline outbox: replies written while the network fails are kept on the device and sent once when it
 * returns. Nothing typed is lost on a page change or an app restart (the items live in Taro storage).
 *
 * The whole API, for a page that sends through it:
 *
 *   const item = enqueueOutbox(store, 'chat.reply', { customerId, content, images });   // sends at once if it can
 *   const items = useOutboxThread(`chat:${customerId}`);   // this thread's items, oldest first
 *   item.status: 'pending' (待发送) | 'sent' | 'failed' (item.error.message: the contract's Chinese reason)
 *   retryOutboxItem(store, clientId)   // 重试 a failed item (same client id)
 *   discardOutboxItem(store, clientId) // the user gives a failed item up
 *
 * and once per app, app.tsx: startOutbox(appStore) (restores the stored items, retries on network return,
 * on app show and on sign-in). Each item is sent with its client id on every try (chat.send's
 * clientMessageId: the cloud writes it once however often it arrives). A network failure (ClientError kind
 * 'network') leaves the item pending and the outbox retries: when the network returns, when the app shows,
 * and on a growing timer meanwhile. A refusal (a typed error code) makes it failed, with the reason, until
 * 重试. Items are sent oldest first, one at a time, so a thread's replies arrive in the order written.
 */
import { atom, useAtomValue } from 'jotai';
import { useMemo } from 'react';
import Taro from '@tarojs/taro';
import { sendChatMessage } from '../services/chat';
import { asClientError } from '../services/cloud';
import { readStored, writeStored } from '../services/storage';
import { replyToTicket } from '../services/tickets';
import {
  dueItems,
  markForRetry,
  markRefused,
  markSent,
  markUnanswered,
  mergeItems,
  newItem,
  parseStoredItems,
  pruneSent,
  type OutboxItem,
  type OutboxKind,
  type OutboxPayloads,
} from './outbox-logic';
import { sessionAtom } from './session';
import type { Store } from './store';

export type { OutboxItem, OutboxKind, OutboxPayloads, OutboxStatus } from './outbox-logic';
export { threadOf } from './outbox-logic';

export const OUTBOX_STORAGE_KEY = 'pd.outbox';

/** Every item on this device (all users, all threads), oldest first. */
export const outboxItemsAtom = atom<OutboxItem[]>([]);
/** The client id of the item being sent right now (a page may show 发送中), or null. */
export const outboxSendingAtom = atom<string | null>(null);

/** Sends one item with its client id; answers the id the cloud gave it, if any. Throws ClientError. */
export type OutboxSender<K extends OutboxKind> = (payload: OutboxPayloads[K], clientId: string) => Promise<{ resultId: string | null }>;
export type OutboxSenders = { [K in OutboxKind]: OutboxSender<K> };

export const DEFAULT_OUTBOX_SENDERS: OutboxSenders = {
  'chat.reply': async (payload, clientId) => ({ resultId: (await sendChatMessage({ ...payload, clientMessageId: clientId })).messageId }),
  // tickets.reply's clientReplyId: a try whose answer was lost is found by the retry and not written twice.
  'tickets.reply': async (payload, clientId) => {
    await replyToTicket(payload.id, payload.content, payload.images, clientId);
    return { resultId: null };
  },
};

/** Waits before each timed retry after a failed try (the last repeats); the network's return does not wait. */
export const DEFAULT_OUTBOX_RETRY_DELAYS_MS = [3000, 10_000, 30_000, 60_000] as const;

export interface OutboxOptions {
  senders?: Partial<OutboxSenders>;
  retryDelaysMs?: readonly number[];
  now?: () => Date;
}

interface Runtime {
  senders: OutboxSenders;
  retryDelaysMs: readonly number[];
  now: () => Date;
  flushing: Promise<void> | null;
  again: boolean;
  failures: number;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  stopListening: (() => void) | undefined;
}

const runtimes = new WeakMap<Store, Runtime>();

/** The store's outbox, its stored items restored on first use (whoever comes first: startOutbox or a page). */
function runtimeOf(store: Store, options: OutboxOptions = {}): Runtime {
  let runtime = runtimes.get(store);
  if (!runtime) {
    runtime = {
      senders: DEFAULT_OUTBOX_SENDERS,
      retryDelaysMs: DEFAULT_OUTBOX_RETRY_DELAYS_MS,
      now: () => new Date(),
      flushing: null,
      again: false,
      failures: 0,
      retryTimer: undefined,
      stopListening: undefined,
    };
    runtimes.set(store, runtime);
    const stored = parseStoredItems(readStored(OUTBOX_STORAGE_KEY, Array.isArray));
    store.set(outboxItemsAtom, pruneSent(mergeItems(stored, store.get(outboxItemsAtom)), runtime.now()));
  }
  if (options.senders) runtime.senders = { ...runtime.senders, ...options.senders };
  if (options.retryDelaysMs) runtime.retryDelaysMs = options.retryDelaysMs;
  if (options.now) runtime.now = options.now;
  return runtime;
}

function update(store: Store, change: (items: readonly OutboxItem[]) => OutboxItem[]): void {
  const next = change(store.get(outboxItemsAtom));
  store.set(outboxItemsAtom, next);
  writeStored(OUTBOX_STORAGE_KEY, next);
}

/** What one try came to: the flush goes on after sent / refused, and stops (to retry later) when offline. */
type TryOutcome = 'sent' | 'refused' | 'offline';

async function sendOne(store: Store, runtime: Runtime, item: OutboxItem): Promise<TryOutcome> {
  store.set(outboxSendingAtom, item.clientId);
  try {
    const sender = runtime.senders[item.kind] as OutboxSender<OutboxKind>;
    const { resultId } = await sender(item.payload, item.clientId);
    update(store, (items) => markSent(items, item.clientId, runtime.now(), resultId));
    return 'sent';
  } catch (err) {
    const error = asClientError(err);
    // No answer, or the session is gone (the user signs in again, and the item goes then): try again later.
    if (error.kind === 'network' || error.code === 'UNAUTHENTICATED') {
      update(store, (items) => markUnanswered(items, item.clientId));
      return 'offline';
    }
    update(store, (items) => markRefused(items, item.clientId, error));
    return 'refused';
  } finally {
    store.set(outboxSendingAtom, null);
  }
}

/** Timed retries belong to a started outbox (startOutbox): a store nobody started leaves no timer behind. */
function scheduleRetry(store: Store, runtime: Runtime): void {
  if (!runtime.stopListening) return;
  if (runtime.retryTimer) clearTimeout(runtime.retryTimer);
  const delay = runtime.retryDelaysMs[Math.min(runtime.failures, runtime.retryDelaysMs.length - 1)];
  runtime.failures += 1;
  runtime.retryTimer = setTimeout(() => {
    runtime.retryTimer = undefined;
    void flushOutbox(store);
  }, delay);
}

/**
 * Sends what is due for the signed-in user, oldest first, one at a time; a flush asked for while one runs
 * makes it look again when done (one flush per store at a time, so no item is sent twice at once).
 */
export function flushOutbox(store: Store): Promise<void> {
  const runtime = runtimeOf(store);
  if (runtime.flushing) {
    runtime.again = true;
    return runtime.flushing;
  }
  if (runtime.retryTimer) clearTimeout(runtime.retryTimer);
  runtime.retryTimer = undefined;
  // The loop clears `flushing` itself as it ends (not in a later .then): a flush asked for after the loop
  // has looked for the last time must start a new one, not set `again` on a run that is over.
  const run = async () => {
    try {
      do {
        runtime.again = false;
        const userId = store.get(sessionAtom)?.user.id;
        if (!userId) return;
        for (const due of dueItems(store.get(outboxItemsAtom), userId)) {
          // Discarded or already settled by an earlier pass meanwhile.
          const current = store.get(outboxItemsAtom).find((item) => item.clientId === due.clientId);
          if (current?.status !== 'pending') continue;
          if ((await sendOne(store, runtime, current)) === 'offline') {
            scheduleRetry(store, runtime);
            return;
          }
        }
      } while (runtime.again);
      runtime.failures = 0;
    } finally {
      runtime.flushing = null;
    }
  };
  runtime.flushing = Promise.resolve().then(run);
  return runtime.flushing;
}

/** Keeps a new item (written to storage at once) and starts sending it. Answers the item with its client id. */
export function enqueueOutbox<K extends OutboxKind>(store: Store, kind: K, payload: OutboxPayloads[K]): OutboxItem<K> {
  const runtime = runtimeOf(store);
  const item = newItem(kind, payload, store.get(sessionAtom)?.user.id ?? '', runtime.now());
  update(store, (items) => [...items, item]);
  void flushOutbox(store);
  return item;
}

/** 重试: a failed item goes back to pending (same client id) and is sent now. */
export function retryOutboxItem(store: Store, clientId: string): Promise<void> {
  runtimeOf(store);
  update(store, (items) => markForRetry(items, clientId));
  return flushOutbox(store);
}

/** Forgets an item (a failed one the user gives up, or a sent one a page no longer needs). */
export function discardOutboxItem(store: Store, clientId: string): void {
  runtimeOf(store);
  update(store, (items) => items.filter((item) => item.clientId !== clientId));
}

/**
 * Once per app (app.tsx): restores the stored items and sends them whenever there is a chance — now, when
 * the network returns (Taro.onNetworkStatusChange; in H5 also the browser's online event, since Taro's H5
 * version follows only navigator.connection), when the app shows, and when a user signs in. Answers stop().
 */
export function startOutbox(store: Store, options: OutboxOptions = {}): () => void {
  const runtime = runtimeOf(store, options);
  runtime.stopListening?.();
  const flush = () => void flushOutbox(store);
  const onNetwork = (result: { isConnected: boolean }) => {
    if (result.isConnected) {
      runtime.failures = 0;
      flush();
    }
  };
  const onOnline = () => onNetwork({ isConnected: true });
  Taro.onNetworkStatusChange(onNetwork);
  Taro.onAppShow(flush);
  const hasWindow = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
  if (hasWindow) window.addEventListener('online', onOnline);
  const unsubscribe = store.sub(sessionAtom, flush);
  runtime.stopListening = () => {
    Taro.offNetworkStatusChange(onNetwork);
    Taro.offAppShow(flush);
    if (hasWindow) window.removeEventListener('online', onOnline);
    unsubscribe();
    if (runtime.retryTimer) clearTimeout(runtime.retryTimer);
    runtime.retryTimer = undefined;
    runtime.stopListening = undefined;
  };
  flush();
  return () => runtime.stopListening?.();
}

/** One thread's items (`chat:<customerId>`, `ticket:<ticketId>`), oldest first, for the page that shows them. */
export function useOutboxThread(thread: string): OutboxItem[] {
  const items = useAtomValue(outboxItemsAtom);
  return useMemo(() => items.filter((item) => item.thread === thread), [items, thread]);
}
