import { randomUUID } from 'node:crypto';
import type { OutboxDoc } from '@partner-desk/database';

export type OutboxType = 'chat.reply' | 'chat.escalated' | 'ticket.escalated' | 'ticket.resolved';

/**
 * A pending delivery to the PC system. It is written in the same transaction as the change it reports,
 * so a change can't happen without its notification (the delivery timer sends it later, retrying).
 */
export function newOutboxEntry(type: OutboxType, relatedId: string, payload: Record<string, unknown>, now: Date): Omit<OutboxDoc, 'serviceProviderId'> {
  return {
    _id: `ob_${randomUUID().replace(/-/g, '')}`,
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
  };
}
