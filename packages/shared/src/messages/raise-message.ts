import { COLLECTIONS } from '@partner-desk/database';
import { type MessageType } from '@partner-desk/contract';
import { db } from '../data/database';
import { bumpSignals } from '../data/signals';

export interface NewMessage {
  serviceProviderId: string;
  type: MessageType;
  title: string;
  content: string;
  relatedCustomerId?: string | null;
  relatedCustomerName?: string | null;
  relatedTicketId?: string | null;
  /** The same key twice is one message: alerts raised by retries or repeated sync runs don't duplicate. */
  dedupeKey: string;
}

/**
 * Puts a message in the provider's message centre and signals its users. Idempotent by dedupeKey (a
 * unique index): raising it again is a no-op that answers false.
 */
export async function raiseMessage(message: NewMessage, now = new Date()): Promise<boolean> {
  try {
    await db()
      .collection(COLLECTIONS.messages)
      .add({
        data: {
          relatedCustomerId: null,
          relatedCustomerName: null,
          relatedTicketId: null,
          ...message,
          readStatus: 'unread',
          readAt: null,
          createdAt: now,
        },
      });
  } catch (err) {
    if (/DUPLICATE|duplicate key|E11000/i.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`)) return false;
    throw err;
  }
  await bumpSignals(message.serviceProviderId, ['messages']);
  return true;
}
