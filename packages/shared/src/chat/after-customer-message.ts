import { notifyAfterCommit } from '../data/after-commit';
import { bumpSignals } from '../data/signals';

/** A customer's message, stored and committed (chat/receive-customer-message.ts). */
export interface ReceivedCustomerMessage {
  serviceProviderId: string;
  customerId: string;
  customerName: string;
  /** Our chat message id. */
  messageId: string;
  content: string;
  sentAt: Date;
  /** The message started a consultation (nobody was waiting): the provider's message centre got an entry. */
  newConsultation: boolean;
}

/**
 * The one place that tells a provider "a customer's message arrived for you", after it is committed,
 * whichever way it came (the PC gateway, a parked consultation applied later): the users' signals (the
 * chat list, and the message centre when a consultation started). Best effort: the message is stored, and
 * clients refetch on their next view. Everything else a provider should be told of a customer's message
 * (a subscribe message for a new consultation) belongs here too.
 */
export async function tellProviderOfCustomerMessage(received: ReceivedCustomerMessage): Promise<void> {
  const tenant = { serviceProviderId: received.serviceProviderId };
  await notifyAfterCommit('customer message', () => bumpSignals(tenant, received.newConsultation ? ['chat', 'messages'] : ['chat']));
}
