import type { MessageDoc } from '@partner-desk/database';
import { toIso } from '../time';
import { MESSAGE_SUMMARY_LENGTH, type MessageDetail, type MessageLink, type MessageListItem } from '@partner-desk/contract';

/** The list shows a summary: at most MESSAGE_SUMMARY_LENGTH (60) characters (code points, so emoji and CJK are never split), "…" when cut. */
export function summarize(content: string, max = MESSAGE_SUMMARY_LENGTH): string {
  const chars = Array.from(content.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** What tapping a message opens: its own link when it has one, else the related ticket, else the customer. */
export function messageLinkOf(doc: Pick<MessageDoc, 'link' | 'relatedTicketId' | 'relatedCustomerId'>): MessageLink {
  if (doc.link) return { kind: doc.link.kind, id: doc.link.id ?? null };
  if (doc.relatedTicketId) return { kind: 'ticket', id: doc.relatedTicketId };
  if (doc.relatedCustomerId) return { kind: 'customer', id: doc.relatedCustomerId };
  return { kind: 'none', id: null };
}

export function toMessageListItem(doc: MessageDoc): MessageListItem {
  return {
    id: doc._id,
    type: doc.type,
    title: doc.title,
    content: summarize(doc.content),
    relatedCustomerId: doc.relatedCustomerId ?? null,
    relatedCustomerName: doc.relatedCustomerName ?? null,
    relatedTicketId: doc.relatedTicketId ?? null,
    link: messageLinkOf(doc),
    readStatus: doc.readStatus,
    createdAt: toIso(doc.createdAt)!,
  };
}

export function toMessageDetail(doc: MessageDoc): MessageDetail {
  return { ...toMessageListItem(doc), content: doc.content, serviceProviderId: doc.serviceProviderId, readAt: toIso(doc.readAt) };
}
