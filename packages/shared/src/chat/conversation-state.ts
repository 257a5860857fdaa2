import type { ChatConversationDoc, ChatMessageDoc, CustomerDoc } from '@partner-desk/database';
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { inBusinessTz } from '../time';

/**
 * How a conversation changes, pure: what an inbound customer message and an outbound reply do to it,
 * and when a chat may be escalated. The repository runs these on the conversation read in a transaction.
 */
export type ConversationFields = Omit<ChatConversationDoc, '_id' | 'serviceProviderId'>;

/** The stored conversation without its identity fields, as the transitions below take it. */
export function conversationFieldsOf(doc: ChatConversationDoc | null): ConversationFields | null {
  if (!doc) return null;
  const { _id, serviceProviderId, ...fields } = doc;
  return fields;
}

/** One conversation per customer. */
export const conversationIdOf = (customerId: string) => `conv_${customerId}`;

/** The list shows a preview of the last message, not all of it. */
export const LAST_MESSAGE_PREVIEW = 100;
export const preview = (content: string) => {
  const chars = Array.from(content.replace(/\s+/g, ' ').trim());
  return chars.length <= LAST_MESSAGE_PREVIEW ? chars.join('') : `${chars.slice(0, LAST_MESSAGE_PREVIEW - 1).join('')}…`;
};

/** What the list shows for a message that is only images. */
export const IMAGES_PREVIEW = '[图片]';

/** The text a reply shows in the list: its words, or [图片] when it has none. */
export const replyPreviewText = (content: string, imageCount: number) => (content.trim() === '' && imageCount > 0 ? IMAGES_PREVIEW : content);

const hashId = (prefix: string, ...parts: string[]) => `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;

/** A reply's id: derived from the client's id when it gave one, so a retried send lands on the same document. */
export const replyMessageId = (serviceProviderId: string, customerId: string, clientMessageId: string) => hashId('cm', 'reply', serviceProviderId, customerId, clientMessageId);

/** An inbound message's id: derived from the PC system's id, so a redelivery lands on the same document. */
export const inboundMessageId = (externalMessageId: string) => hashId('cm', 'inbound', externalMessageId);

function freshConversation(customer: Pick<CustomerDoc, '_id' | 'name'>, at: Date): ConversationFields {
  return {
    customerId: customer._id,
    customerName: customer.name,
    lastMessage: '',
    lastSenderType: 'customer',
    lastMessageAt: at,
    unreadCount: 0,
    waitingSince: null,
    status: 'open',
    escalatedTicketId: null,
    updatedAt: at,
  };
}

/**
 * A customer wrote: one more unread, waiting since the oldest unanswered message. A message delivered
 * late (older than the last one) counts as unread but doesn't replace the preview.
 */
export function afterCustomerMessage(current: ConversationFields | null, customer: Pick<CustomerDoc, '_id' | 'name'>, message: { content: string; sentAt: Date }, now: Date): ConversationFields {
  const base = current ?? freshConversation(customer, message.sentAt);
  const isLatest = !current || message.sentAt.getTime() >= new Date(base.lastMessageAt).getTime();
  return {
    ...base,
    customerName: customer.name,
    ...(isLatest ? { lastMessage: preview(message.content), lastSenderType: 'customer' as const, lastMessageAt: message.sentAt } : {}),
    unreadCount: (base.unreadCount ?? 0) + 1,
    waitingSince: base.waitingSince ?? message.sentAt,
    updatedAt: now,
  };
}

/** The provider answered: nobody is waiting any more. */
export function afterProviderReply(current: ConversationFields | null, customer: Pick<CustomerDoc, '_id' | 'name'>, content: string, now: Date): ConversationFields {
  const base = current ?? freshConversation(customer, now);
  return { ...base, customerName: customer.name, lastMessage: preview(content), lastSenderType: 'service_provider', lastMessageAt: now, waitingSince: null, updatedAt: now };
}

export const CHAT_ERRORS = {
  noConversation: '该客户暂无咨询会话，无法升级',
  alreadyEscalated: '该会话已升级为工单，请在工单中跟进',
} as const;

/**
 * A chat escalates once at a time: while its ticket is open a second escalation is refused
 * (FAILED_PRECONDITION, details.ticketId = the existing ticket) rather than answered with the old
 * ticket, so a client can't mistake it for a new escalation. Resolving that ticket reopens the chat.
 */
export function assertCanEscalate(conversation: Pick<ChatConversationDoc, 'status' | 'escalatedTicketId'> | null): void {
  if (!conversation) throw new AppError('FAILED_PRECONDITION', CHAT_ERRORS.noConversation);
  if (conversation.status === 'escalated') throw new AppError('FAILED_PRECONDITION', CHAT_ERRORS.alreadyEscalated, { ticketId: conversation.escalatedTicketId });
}

/** The quoted messages are capped so the ticket stays readable (and its content bounded). */
export const QUOTED_MESSAGES = 3;
export const QUOTE_MAX_CHARS = 300;

/** The escalated ticket's content: the provider's summary, then the customer's latest messages, oldest first. */
export function escalationContent(content: string, recent: Pick<ChatMessageDoc, 'content' | 'timestamp'>[]): string {
  if (recent.length === 0) return content;
  const quoted = [...recent]
    .sort((a, b) => new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime())
    .slice(-QUOTED_MESSAGES)
    .map((m) => {
      const chars = Array.from(m.content);
      const text = chars.length > QUOTE_MAX_CHARS ? `${chars.slice(0, QUOTE_MAX_CHARS - 1).join('')}…` : m.content;
      return `> [${inBusinessTz(m.timestamp).format('MM-DD HH:mm')}] ${text}`;
    });
  return `${content}\n\n客户最近消息：\n${quoted.join('\n')}`;
}

