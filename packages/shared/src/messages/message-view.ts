import type { MessageDoc } from '@partner-desk/database';
import { toIso } from '../time';
import { MESSAGE_SUMMARY_LENGTH, type MessageDetail, type MessageListItem } from '@partner-desk/contract';

/** The list shows a summary: at most MESSAGE_SUMMARY_LENGTH (60) characters (code points, so emoji and CJK are never split), "…" when cut. */
export function summarize(content: string, max = MESSAGE_SUMMARY_LENGTH): string {
  const chars = Array.from(content.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
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
    readStatus: doc.readStatus,
    createdAt: toIso(doc.createdAt)!,
  };
}

export function toMessageDetail(doc: MessageDoc): MessageDetail {
  return { ...toMessageListItem(doc), content: doc.content, serviceProviderId: doc.serviceProviderId, readAt: toIso(doc.readAt) };
}
