import { atom } from 'jotai';
import { LABELS } from '../services/labels';
import { markAllMessagesRead, markMessageRead, type MessageLink, type MessageListItem, type MessageType } from '../services/messages';
import { openChat, openCustomer, openPasswordResets, openTicket } from '../services/routes';
import { applyTabBadges, badgesOf, overview } from './overview';
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

export interface UnreadCounts {
  total: number;
  byType: Partial<Record<MessageType, number>>;
}

/** Unread messages in total and per category, as the last messages.list answered them (the tabs' marks). */
export const unreadCountsAtom = atom<UnreadCounts | null>(null);

export function unreadIn(counts: UnreadCounts | null, category: MessageCategory): number {
  if (!counts) return 0;
  return category === 'all' ? counts.total : (counts.byType[category] ?? 0);
}

export const typeOf = (category: MessageCategory): MessageType | undefined => (category === 'all' ? undefined : category);

/** What a message's button opens (the function says, in `link`), and what the button reads. */
export interface MessageTarget {
  label: string;
  open(): Promise<unknown>;
}

export function targetOf(message: Pick<MessageListItem, 'link' | 'relatedCustomerName'>): MessageTarget | null {
  const { kind, id } = message.link as MessageLink;
  if (kind === 'none') return null;
  if (kind === 'password_resets') return { label: '处理重置申请', open: () => openPasswordResets() };
  if (!id) return null;
  if (kind === 'ticket') return { label: '查看工单', open: () => openTicket(id) };
  if (kind === 'customer') return { label: '查看客户', open: () => openCustomer(id) };
  return { label: '进入咨询', open: () => openChat(id, message.relatedCustomerName ?? undefined) };
}

/**
 * One message of `type` fewer unread, in the tabs' counts and the tab badge, at once; the live update that
 * follows the read (the function bumps the signals) refetches both.
 */
function countOneRead(store: Store, type: MessageType): void {
  const counts = store.get(unreadCountsAtom);
  if (counts) store.set(unreadCountsAtom, { total: Math.max(0, counts.total - 1), byType: { ...counts.byType, [type]: Math.max(0, (counts.byType[type] ?? 0) - 1) } });
  const current = store.get(overview.atom).data;
  if (current) {
    const next = { ...current, unreadMessages: Math.max(0, current.unreadMessages - 1) };
    overview.set(store, next);
    applyTabBadges(badgesOf(next));
  }
}

/** messages.read (nothing for a message already read). */
export async function readMessage(store: Store, message: Pick<MessageListItem, 'id' | 'type' | 'readStatus'>): Promise<void> {
  if (message.readStatus === 'read') return;
  await markMessageRead(message.id);
  countOneRead(store, message.type);
}

/** messages.readAll for one category (or all); answers how many changed. The caller refetches its list. */
export async function readAllMessages(category: MessageCategory): Promise<number> {
  const { updated } = await markAllMessagesRead(typeOf(category));
  return updated;
}
