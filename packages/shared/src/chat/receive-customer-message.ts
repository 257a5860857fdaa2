import * as z from 'zod';
import { COLLECTIONS, type ChatMessageDoc } from '@partner-desk/database';
import { notifyAfterCommit } from '../data/after-commit';
import { bumpSignals } from '../data/signals';
import { findWithOwner, scoped } from '../data/tenant-scope';
import { runScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { providerSettingsRepository } from '../profile/provider-settings';
import { notifyNewConsultation } from '../profile/subscribe-messages';
import { afterCustomerMessage, conversationFieldsOf, inboundMessageId, startsWait } from './conversation-state';
import { chatInTransaction } from './repository';

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
 * Stores a customer's message for the provider that owns the customer, idempotent by externalMessageId
 * (the message id derives from it, and uniq_external_id backs it): a redelivery answers duplicate and
 * changes nothing. The conversation is created or updated in the same transaction (one more unread,
 * waiting since the oldest unanswered message), then the provider's users are signalled.
 *
 * The inbound HTTP function calls this after checking the delivery's signature; it is provider-wide by
 * design (the PC system routes by customer), so the customer's owner becomes the tenant.
 *
 * A message that starts the provider's wait starts the accept-or-bounce clock (the provider's
 * bounceMinutes) and sends the new-consultation subscribe message to the provider's users who asked for it.
 *
 * Why the transaction's decisions are safe: "received before" rests on a message whose insert would
 * collide (five deliveries at once: one inserts, the others fail on the duplicate _id, retry and see it);
 * the conversation is read and then written here (a concurrent message or reply conflicts, one retries).
 */
export async function receiveCustomerMessage(input: InboundCustomerMessage, now = new Date()): Promise<ReceivedMessage> {
  const message = inboundCustomerMessageSchema.parse(input);
  const found = await customerOf(message);
  if (!found) throw new AppError('NOT_FOUND', CUSTOMER_NOT_FOUND);
  const { tenant, customer } = found;
  const messageId = inboundMessageId(message.externalMessageId);
  const { bounceMinutes } = await providerSettingsRepository(tenant).read();

  const { duplicate, newWait } = await runScopedTransaction(tenant, async (transaction) => {
    const chat = chatInTransaction(transaction);
    if (await chat.findMessage(messageId)) return { duplicate: true, newWait: false };
    const conversation = await chat.findConversation(customer._id);
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
    const after = afterCustomerMessage(conversationFieldsOf(conversation), customer, message, now, bounceMinutes);
    await chat.saveConversation(customer._id, after);
    return { duplicate: false, newWait: startsWait(conversation, after) };
  });
  if (!duplicate) {
    await notifyAfterCommit(
      'customer message',
      () => bumpSignals(tenant, ['chat']),
      async () => {
        if (newWait) await notifyNewConsultation(tenant, { customerId: customer._id, customerName: customer.name, content: message.content, sentAt: message.sentAt }, now);
      },
    );
  }
  return { messageId, serviceProviderId: tenant.serviceProviderId, duplicate };
}
