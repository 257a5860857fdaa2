import { randomUUID } from 'node:crypto';
import { COLLECTIONS, type OutboxType } from '@partner-desk/database';
import { newId } from './ids';
import type { ScopedTransaction } from './transaction';

/**
 * Queues a delivery to the PC system in the same transaction as the change it reports, so a change can't
 * happen without its notification (the delivery timer sends it later, retrying). A new document with a
 * fresh id: nothing is decided on it, so it can't make the transaction unsafe.
 */
export async function queueOutboxEvent(transaction: ScopedTransaction, type: OutboxType, relatedId: string, payload: Record<string, unknown>, now: Date): Promise<void> {
  await transaction.scoped(COLLECTIONS.outbox).insert({
    _id: newId('ob'),
    type,
    deliveryId: randomUUID(),
    payload,
    relatedId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    createdAt: now,
    deliveredAt: null,
  });
}
