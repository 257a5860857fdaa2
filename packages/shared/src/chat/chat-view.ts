import type { ChatConversationDoc, ChatMessageDoc } from '@partner-desk/database';
import { toIso } from '../time';
import type { ChatMessageView, ConversationView } from '@partner-desk/contract';
import type { ImageOf } from '../storage/attachments';

export function toConversationView(doc: ChatConversationDoc): ConversationView {
  return {
    customerId: doc.customerId,
    customerName: doc.customerName,
    lastMessage: doc.lastMessage,
    lastSenderType: doc.lastSenderType,
    lastMessageAt: toIso(doc.lastMessageAt)!,
    unreadCount: doc.unreadCount ?? 0,
    waitingSince: toIso(doc.waitingSince),
    status: doc.status,
    escalatedTicketId: doc.escalatedTicketId ?? null,
  };
}

/**
 * `readNow`: the call that lists the messages also marks the customer's ones read, so it shows them as read.
 * `imageOf` gives each attached image its temporary URL (storage/attachments.ts imageViews).
 */
export function toChatMessageView(doc: ChatMessageDoc, imageOf: ImageOf, readNow = false): ChatMessageView {
  return {
    id: doc._id,
    customerId: doc.customerId,
    customerName: doc.customerName,
    serviceProviderId: doc.serviceProviderId,
    serviceProviderName: doc.serviceProviderName,
    senderType: doc.senderType,
    senderName: doc.senderName,
    content: doc.content,
    images: (doc.images ?? []).map(imageOf),
    timestamp: toIso(doc.timestamp)!,
    status: readNow && doc.senderType === 'customer' ? 'read' : doc.status,
  };
}
