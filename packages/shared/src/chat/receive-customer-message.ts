import { COLLECTIONS, type ChatConversationDoc, type ChatMessageDoc, type CustomerDoc } from '@partner-desk/database';
import * as z from 'zod';
import { db, getDocOrNull } from '../data/database';
import { bumpSignals } from '../data/signals';
import { AppError } from '../errors';
import { notifyAfterCommit } from '../data/after-commit';
import { insertNewInTransaction, runTransactionWithRetry } from '../data/transaction-retry';
import { writeConversation } from './repository';
import { afterCustomerMessage, conversationFieldsOf, conversationIdOf, inboundMessageId } from './conversation-state';

/** A customer's message as the PC system delivers it (consultation.message). */
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

export interface ReceivedMessage {
  messageId: string;
  serviceProviderId: string;
  /** True when this externalMessageId was received before: nothing was written again. */
  duplicate: boolean;
}

/**
 * Stores a customer's message for the provider that owns the customer, idempotent by externalMessageId
 * (the message id derives from it, and uniq_external_id backs it): a redelivery answers duplicate and
 * changes nothing. The conversation is created or updated in the same transaction (one more unread,
 * waiting since the oldest unanswered message), then the provider's users are signalled.
 *
 * The inbound HTTP function calls this after checking the delivery's signature; it is provider-wide by
 * design (the PC system routes by customer), so the customer is read by id and its owner becomes the tenant.
 */
export async function receiveCustomerMessage(input: InboundCustomerMessage, now = new Date()): Promise<ReceivedMessage> {
  const message = inboundCustomerMessageSchema.parse(input);
  const customer = await getDocOrNull<CustomerDoc>(db().collection(COLLECTIONS.customers).doc(message.customerId));
  if (!customer || (message.serviceProviderId && customer.serviceProviderId !== message.serviceProviderId)) throw new AppError('NOT_FOUND', '客户不存在');
  const tenant = { serviceProviderId: customer.serviceProviderId };
  const messageId = inboundMessageId(message.externalMessageId);

  const duplicate = await runTransactionWithRetry(async (transaction) => {
    if (await getDocOrNull<ChatMessageDoc>(transaction.collection(COLLECTIONS.chatMessages).doc(messageId))) return true;
    const found = await getDocOrNull<ChatConversationDoc>(transaction.collection(COLLECTIONS.chatConversations).doc(conversationIdOf(customer._id)));
    // A conversation id is the customer's: one stored under another provider means the customer moved
    // to this one, whose conversation starts afresh (replacing the old provider's document).
    const current = found && found.serviceProviderId === tenant.serviceProviderId ? found : null;
    const doc: Omit<ChatMessageDoc, '_id' | 'serviceProviderId'> = {
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
    // Inserts, not upserts: a concurrent redelivery fails here and, retried, finds the message.
    await insertNewInTransaction(transaction, COLLECTIONS.chatMessages, { _id: messageId, ...doc, serviceProviderId: tenant.serviceProviderId });
    await writeConversation(transaction, tenant, customer._id, found !== null, afterCustomerMessage(conversationFieldsOf(current), customer, message, now));
    return false;
  });
  if (!duplicate) await notifyAfterCommit('customer message', () => bumpSignals(tenant.serviceProviderId, ['chat']));
  return { messageId, serviceProviderId: tenant.serviceProviderId, duplicate };
}
