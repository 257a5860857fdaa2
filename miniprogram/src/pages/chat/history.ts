import type { ChatMessageView } from '../../services/chat';
import type { OutboxItem } from '../../state/outbox';

/**
 * A chat's history as the page holds it: the messages fetched so far (pages of chat.messages, newest page
 * first) in the order they were written, and the replies still in the outbox after them. Pure, so paging
 * and the hand-over from outbox to server can be tested on their own.
 */

const byTime = (a: ChatMessageView, b: ChatMessageView) => a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id);

/** Fetched messages joined with those held, one per id (the fresher copy wins: its delivery state), oldest first. */
export function mergeMessages(held: readonly ChatMessageView[], fetched: readonly ChatMessageView[]): ChatMessageView[] {
  const byId = new Map(held.map((m) => [m.id, m]));
  for (const message of fetched) byId.set(message.id, message);
  return [...byId.values()].sort(byTime);
}

export type ChatEntry = { kind: 'message'; key: string; message: ChatMessageView } | { kind: 'outbox'; key: string; item: OutboxItem };

/**
 * What the page draws: the messages, then this chat's outbox items the fetched history does not have yet
 * (pending, failed, or sent a moment ago and not fetched yet). Once the history has the message the cloud
 * answered for an item, the item is not drawn again.
 */
export function chatEntries(messages: readonly ChatMessageView[], outbox: readonly OutboxItem[]): ChatEntry[] {
  const ids = new Set(messages.map((m) => m.id));
  const entries: ChatEntry[] = messages.map((message) => ({ kind: 'message', key: message.id, message }));
  for (const item of outbox) if (!(item.resultId && ids.has(item.resultId))) entries.push({ kind: 'outbox', key: item.clientId, item });
  return entries;
}

/** Sent items whose message the history does not show yet: the newest page must be fetched again. */
export function sentButNotFetched(messages: readonly ChatMessageView[], outbox: readonly OutboxItem[]): string[] {
  const ids = new Set(messages.map((m) => m.id));
  return outbox.filter((item) => item.status === 'sent' && item.resultId && !ids.has(item.resultId)).map((item) => item.resultId!);
}
