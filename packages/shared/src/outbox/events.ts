import { OUTBOUND_EVENT_DATA, type OutboundEventType } from '@partner-desk/pc-protocol';
import type { ChatConversationDoc, ChatMessageDoc, CustomerDoc, OutboxType, ProcessingStep, TicketDoc } from '@partner-desk/database';
import type { OutboxEntry } from '../data/outbox-entry';
import { toIso } from '../time';

/*
 * The bodies of the events we send to the PC system, built from our documents field by field as
 * pc-protocol's outbound schemas define them (api-contract.md "Outbound"; docs/pc-protocol.md): the PC
 * side names customers by the vendor's id (customerExternalId), times are ISO-8601, `occurredAt` is when
 * the change happened (fixed at write time; retries don't change it). Each body is validated by the
 * protocol's schema before it is queued, so what is stored is exactly what is sent.
 */

// The outbox's list of event types and the protocol's are one list.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const outboxTypesAreProtocolTypes: Same<OutboxType, OutboundEventType> = true;
void outboxTypesAreProtocolTypes;

/** An event body failing its own protocol schema is our bug: refused loudly before anything is written. */
export class OutboundEventError extends Error {
  override name = 'OutboundEventError';
}

function validated<T extends OutboundEventType>(type: T, data: Record<string, unknown>, occurredAt: Date): OutboxEntry['event'] {
  const parsed = OUTBOUND_EVENT_DATA[type].safeParse(data);
  if (!parsed.success) throw new OutboundEventError(`${type} does not match the protocol: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { type, data: parsed.data as Record<string, unknown>, occurredAt: toIso(occurredAt)! };
}

/** What an image-only reply says on the PC side (content is required there); the images follow as URLs. */
export const IMAGE_ONLY_CONTENT = '[图片]';

type CustomerRef = Pick<CustomerDoc, '_id' | 'externalId' | 'name' | 'serviceProviderName'>;

/** chat.reply: the provider answered the customer (images become temporary URLs at each delivery try). */
export function chatReplyEntry(customer: CustomerRef, message: Pick<ChatMessageDoc, '_id' | 'content' | 'senderName' | 'timestamp' | 'images' | 'serviceProviderId'>): OutboxEntry {
  const images = message.images ?? [];
  return {
    customerId: customer._id,
    relatedId: message._id,
    attachments: images,
    event: validated(
      'chat.reply',
      {
        customerExternalId: customer.externalId,
        messageId: message._id,
        content: message.content.trim() === '' ? IMAGE_ONLY_CONTENT : message.content,
        providerId: message.serviceProviderId,
        providerName: customer.serviceProviderName,
        senderName: message.senderName,
        sentAt: toIso(message.timestamp),
      },
      message.timestamp,
    ),
  };
}

/** One line of an escalated chat's transcript; an image-only message reads 「[图片]」. */
export type TranscriptSource = Pick<ChatMessageDoc, 'senderType' | 'content' | 'timestamp'> & { images?: string[] };

/** chat.escalated: the chat became a ticket for HQ, with the conversation's transcript (oldest first). */
export function chatEscalatedEntry(
  customer: CustomerRef,
  ticket: Pick<TicketDoc, '_id' | 'ticketNo' | 'content'>,
  reason: string,
  transcript: TranscriptSource[],
  now: Date,
): OutboxEntry {
  const lines = [...transcript]
    .sort((a, b) => new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime())
    .map((m) => ({ senderType: m.senderType, content: m.content.trim() === '' && m.images?.length ? IMAGE_ONLY_CONTENT : m.content, timestamp: toIso(m.timestamp) }));
  return {
    customerId: customer._id,
    relatedId: ticket._id,
    event: validated(
      'chat.escalated',
      {
        customerExternalId: customer.externalId,
        ticketId: ticket._id,
        ticketNo: ticket.ticketNo,
        customerName: customer.name,
        providerName: customer.serviceProviderName,
        reason,
        content: ticket.content,
        transcript: lines,
      },
      now,
    ),
  };
}

/** chat.bounced: nobody answered in time, the consultation goes back to HQ. */
export function chatBouncedEntry(customer: CustomerRef, conversation: Pick<ChatConversationDoc, '_id' | 'waitingSince'>, reason: string, now: Date): OutboxEntry {
  return {
    customerId: customer._id,
    relatedId: conversation._id,
    event: validated(
      'chat.bounced',
      {
        customerExternalId: customer.externalId,
        conversationId: conversation._id,
        waitingSince: toIso(conversation.waitingSince ?? now),
        reason,
        customerName: customer.name,
        providerName: customer.serviceProviderName,
      },
      now,
    ),
  };
}

const historyOf = (steps: readonly ProcessingStep[]) => steps.map((s) => ({ action: s.action, operatorName: s.operatorName, content: s.content, timestamp: toIso(s.timestamp) }));

/** ticket.escalated: the provider escalated a ticket to HQ, with its whole processing history (the escalation step last). */
export function ticketEscalatedEntry(
  customer: CustomerRef,
  ticket: Pick<TicketDoc, '_id' | 'ticketNo' | 'title' | 'content' | 'type' | 'processingHistory'>,
  reason: string,
  now: Date,
): OutboxEntry {
  return {
    customerId: customer._id,
    relatedId: ticket._id,
    event: validated(
      'ticket.escalated',
      {
        ticketId: ticket._id,
        ticketNo: ticket.ticketNo,
        customerExternalId: customer.externalId,
        customerName: customer.name,
        providerName: customer.serviceProviderName,
        title: ticket.title,
        content: ticket.content,
        type: ticket.type,
        reason,
        processingHistory: historyOf(ticket.processingHistory),
      },
      now,
    ),
  };
}

/** ticket.resolved: a ticket escalated to HQ was resolved by the provider. */
export function ticketResolvedEntry(customer: CustomerRef, ticket: Pick<TicketDoc, '_id' | 'ticketNo'>, note: string | null, operatorName: string, now: Date): OutboxEntry {
  return {
    customerId: customer._id,
    relatedId: ticket._id,
    event: validated(
      'ticket.resolved',
      {
        ticketId: ticket._id,
        ticketNo: ticket.ticketNo,
        customerExternalId: customer.externalId,
        customerName: customer.name,
        providerName: customer.serviceProviderName,
        resolvedAt: toIso(now),
        note,
        operatorName,
      },
      now,
    ),
  };
}
