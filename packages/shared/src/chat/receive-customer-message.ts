import * as z from 'zod';
import { COLLECTIONS, type ChatMessageDoc, type CustomerDoc } from '@partner-desk/database';
import { findWithOwner, scoped, type TenantRef } from '../data/tenant-scope';
import { runScopedTransaction, type TransactionGuard } from '../data/transaction';
import { AppError } from '../errors';
import { messagesInTransaction, type NewMessage } from '../messages/repository';
import { tellProviderOfCustomerMessage, type ReceivedCustomerMessage } from './after-customer-message';
import { afterCustomerMessage, conversationFieldsOf, inboundMessageId, preview } from './conversation-state';
import { chatInTransaction } from './repository';

/** A customer's message as the PC system delivers it (consultation.message), our customer id already known. */
export const inboundCustomerMessageSchema = z
  .object({
    /** When the caller already knows the owner; otherwise the customer's owner is used. */
    serviceProviderId: z.string().min(1).max(64).optional(),
    customerId: z.string().min(1).max(64),
    externalMessageId: z.string().min(1).max(128),
    content: z.string().trim().min(1).max(2000),
    sentAt: z.coerce.date(),
  })
  .strict();
export type InboundCustomerMessage = z.input<typeof inboundCustomerMessageSchema>;

/** The message itself, once its customer is found. */
export interface CustomerMessage {
  externalMessageId: string;
  content: string;
  sentAt: Date;
}

export interface ReceivedMessage {
  messageId: string;
  serviceProviderId: string;
  /** True when this externalMessageId was received before: nothing was written again. */
  duplicate: boolean;
}

const CUSTOMER_NOT_FOUND = '客户不存在';

/** The customer and the provider it belongs to: that provider's when the caller named one, else whoever owns it. */
async function customerOf(message: z.output<typeof inboundCustomerMessageSchema>) {
  if (message.serviceProviderId) {
    const tenant = { serviceProviderId: message.serviceProviderId };
    const customer = await scoped(tenant, COLLECTIONS.customers).findById(message.customerId);
    return customer && { tenant, customer };
  }
  const owned = await findWithOwner(COLLECTIONS.customers, message.customerId);
  return owned && { tenant: owned.tenant, customer: owned.document };
}

/**
 * The message-centre entry of a consultation: one per waiting spell (the key is the time the customer
 * started waiting), so a customer writing five lines makes one entry, and a new question after the
 * provider answered makes the next. Tapping it opens the chat.
 */
export function consultationNotice(customer: Pick<CustomerDoc, '_id' | 'name'>, content: string, waitingSince: Date): NewMessage {
  return {
    type: 'customer_alert',
    title: `客户「${customer.name}」发起咨询`,
    content: preview(content),
    relatedCustomerId: customer._id,
    relatedCustomerName: customer.name,
    link: { kind: 'chat', id: customer._id },
    dedupeKey: `chat:${customer._id}:${new Date(waitingSince).toISOString()}`,
  };
}

/**
 * Stores a customer's message for the provider that owns the customer, idempotent by externalMessageId
 * (the message id derives from it, and uniq_external_id backs it): a redelivery answers duplicate and
 * changes nothing. In the same transaction: the conversation opened or continued (one more unread,
 * waiting since the oldest unanswered message; a message delivered late sorts by its sentAt and doesn't
 * replace the preview), the provider's message-centre entry when this message starts a consultation, and
 * the caller's guard (the gateway records the delivery, or marks a parked event applied, there). After
 * the commit, tellProviderOfCustomerMessage signals the provider's users.
 *
 * Why the transaction's decisions are safe: "received before" rests on a message whose insert would
 * collide (five deliveries at once: one inserts, the others fail on the duplicate _id, retry and see it);
 * the conversation is read and then written here (a concurrent message or reply conflicts, one retries);
 * the entry is found by its key's id, which its insert would collide with. Answers null when the guard
 * stopped it (nothing written).
 */
export async function storeCustomerMessage(
  owner: { tenant: TenantRef; customer: Pick<CustomerDoc, '_id' | 'name' | 'serviceProviderName'> },
  message: CustomerMessage,
  options: { now?: Date; guard?: TransactionGuard } = {},
): Promise<ReceivedMessage | null> {
  const { tenant, customer } = owner;
  const now = options.now ?? new Date();
  const messageId = inboundMessageId(message.externalMessageId);

  const stored = await runScopedTransaction(tenant, async (transaction) => {
    if (options.guard?.before && !(await options.guard.before(transaction))) return null;
    const chat = chatInTransaction(transaction);
    if (await chat.findMessage(messageId)) {
      await options.guard?.after?.(transaction);
      return { duplicate: true, newConsultation: false };
    }
    const conversation = conversationFieldsOf(await chat.findConversation(customer._id));
    const doc: Omit<ChatMessageDoc, 'serviceProviderId'> = {
      _id: messageId,
      serviceProviderName: customer.serviceProviderName,
      customerId: customer._id,
      customerName: customer.name,
      senderType: 'customer',
      senderName: customer.name,
      content: message.content,
      status: 'delivered',
      externalMessageId: message.externalMessageId,
      timestamp: message.sentAt,
    };
    await chat.insertMessage(doc);
    const next = afterCustomerMessage(conversation, customer, message, now);
    await chat.saveConversation(customer._id, next);
    // A consultation starts when nobody was waiting before this message.
    const newConsultation = !conversation?.waitingSince && (await messagesInTransaction(transaction).raiseOnce(consultationNotice(customer, message.content, next.waitingSince!), now));
    await options.guard?.after?.(transaction);
    return { duplicate: false, newConsultation };
  });
  if (!stored) return null;
  if (!stored.duplicate) {
    const received: ReceivedCustomerMessage = {
      serviceProviderId: tenant.serviceProviderId,
      customerId: customer._id,
      customerName: customer.name,
      messageId,
      content: message.content,
      sentAt: message.sentAt,
      newConsultation: stored.newConsultation,
    };
    await tellProviderOfCustomerMessage(received);
  }
  return { messageId, serviceProviderId: tenant.serviceProviderId, duplicate: stored.duplicate };
}

/** storeCustomerMessage for a customer named by our id (its owner found, or the one named); NOT_FOUND otherwise. */
export async function receiveCustomerMessage(input: InboundCustomerMessage, now = new Date()): Promise<ReceivedMessage> {
  const message = inboundCustomerMessageSchema.parse(input);
  const found = await customerOf(message);
  if (!found) throw new AppError('NOT_FOUND', CUSTOMER_NOT_FOUND);
  return (await storeCustomerMessage(found, message, { now }))!;
}
