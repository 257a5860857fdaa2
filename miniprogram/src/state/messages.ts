import { atom } from 'jotai';
import { LABELS } from '../services/labels';
import { fetchUnreadCounts, markAllMessagesRead, markMessageRead, type MessageListItem, type MessageType } from '../services/messages';
import { refreshOverview } from './overview';
import { createResource } from './resource';
import type { Store } from './store';

/** 全部 or one of the seed's categories (§1.2.7). */
export type MessageCategory = 'all' | MessageType;

export const MESSAGE_CATEGORIES: readonly { key: MessageCategory; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'system_notification', label: LABELS.messageType.system_notification },
  { key: 'customer_alert', label: LABELS.messageType.customer_alert },
  { key: 'ticket_update', label: LABELS.messageType.ticket_update },
];

/** The category 消息中心 shows; kept while the user visits other tabs. */
export const messageCategoryAtom = atom<MessageCategory>('all');

/** Unread messages, in total and per category (messages.unreadCount). */
export const unreadCounts = createResource(fetchUnreadCounts);

export interface UnreadCounts {
  total: number;
  byType: Record<string, number>;
}

export function unreadIn(counts: UnreadCounts | null, category: MessageCategory): number {
  if (!counts) return 0;
  return category === 'all' ? counts.total : (counts.byType[category] ?? 0);
}

export const typeOf = (category: MessageCategory): MessageType | undefined => (category === 'all' ? undefined : category);

/** What tapping a message opens besides its detail: the ticket it is about, else the customer. */
export type MessageTarget = { kind: 'ticket'; id: string; label: string } | { kind: 'customer'; id: string; label: string } | null;

export function targetOf(message: Pick<MessageListItem, 'relatedTicketId' | 'relatedCustomerId'>): MessageTarget {
  if (message.relatedTicketId) return { kind: 'ticket', id: message.relatedTicketId, label: '查看工单' };
  if (message.relatedCustomerId) return { kind: 'customer', id: message.relatedCustomerId, label: '查看客户' };
  return null;
}

/** Lowers the counts the store shows by one read message of `type` (the answer of the refetch follows). */
function countOneRead(store: Store, type: MessageType): void {
  const current = store.get(unreadCounts.atom).data;
  if (!current) return;
  const byType = { ...current.byType, [type]: Math.max(0, (current.byType[type] ?? 0) - 1) };
  unreadCounts.set(store, { ...current, total: Math.max(0, current.total - 1), byType });
}

/** messages.read, and the counts and badges brought in step at once (the live update confirms them). */
export async function readMessage(store: Store, message: Pick<MessageListItem, 'id' | 'type' | 'readStatus'>): Promise<void> {
  if (message.readStatus === 'read') return;
  await markMessageRead(message.id);
  countOneRead(store, message.type);
  void unreadCounts.load(store).catch(() => undefined);
  void refreshOverview(store).catch(() => undefined);
}

/** messages.readAll for one category (or all); answers how many changed. */
export async function readAllMessages(store: Store, category: MessageCategory): Promise<number> {
  const { updated } = await markAllMessagesRead(typeOf(category));
  await unreadCounts.load(store).catch(() => undefined);
  void refreshOverview(store).catch(() => undefined);
  return updated;
}
