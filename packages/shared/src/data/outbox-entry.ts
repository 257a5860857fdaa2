import { COLLECTIONS, type OutboxDoc, type OutboxType } from '@partner-desk/database';
import { db, type Database } from './database';
import { newId } from './ids';
import type { ScopedTransaction } from './transaction';

/** The body of one outbound event, `{ type, data, occurredAt }`, as outbox/events.ts builds and validates it. */
export interface OutboxEventBody {
  type: OutboxType;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface OutboxEntry {
  /** Our customer: the stream the event is ordered in. */
  customerId: string;
  /** What the event is about (the reply's message id, the ticket id, the conversation id). */
  relatedId: string;
  event: OutboxEventBody;
  /** fileIDs whose temporary URLs the delivery adds to the event (a reply's images). */
  attachments?: string[];
}

/** One stream per customer: `os_<customerId>`. */
export const outboxStreamIdOf = (customerId: string) => `os_${customerId}`;

/**
 * Queues an event for the PC system in the same transaction as the change it reports, so a change can't
 * happen without its notification, nor a notification without its change (the `outbox` timer delivers it,
 * retrying). The event takes the next place in its customer's stream: the stream document is read and
 * written here, so two transactions queueing for one customer conflict and one retries, and the order of
 * `seq` is the order in which the changes committed (uniq_customer_seq backs it). A stream that was idle
 * becomes due now; one that waits on a failed item keeps its time (its items go out in order).
 *
 * The stream is the customer's, whichever provider queues (a customer that moves keeps one order); the
 * item is the queueing provider's, like the change it reports.
 */
export async function queueOutboxEvent(transaction: ScopedTransaction, entry: OutboxEntry, now: Date): Promise<Pick<OutboxDoc, '_id' | 'seq' | 'deliveryId'>> {
  const streams = transaction.unscoped(COLLECTIONS.outboxStreams);
  const streamId = outboxStreamIdOf(entry.customerId);
  const stream = await streams.findById(streamId);
  const seq = stream?.nextSeq ?? 0;
  const id = newId('ob');
  await transaction.scoped(COLLECTIONS.outbox).insert({
    _id: id,
    customerId: entry.customerId,
    seq,
    type: entry.event.type,
    // The delivery id is the item's own id: fixed for every try and for a replay.
    deliveryId: id,
    event: entry.event,
    ...(entry.attachments?.length ? { attachments: entry.attachments } : {}),
    relatedId: entry.relatedId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    windowStartedAt: now,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    createdAt: now,
    deliveredAt: null,
    deadAt: null,
    replays: 0,
  });
  if (!stream) {
    await streams.insert({ _id: streamId, customerId: entry.customerId, nextSeq: 1, doneSeq: 0, dueAt: now, leaseId: null, leaseUntil: null, updatedAt: now });
  } else {
    await streams.update(streamId, { nextSeq: seq + 1, ...(stream.dueAt === null ? { dueAt: now } : {}), updatedAt: now });
  }
  return { _id: id, seq, deliveryId: id };
}

/**
 * A stream's items from `fromSeq` on, in order (uniq_customer_seq), whichever provider each belongs to:
 * the one read that crosses tenants, for the delivery run only, which then writes every item in its own
 * provider's scope (outbox/repository.ts). Nothing of it reaches a provider's user.
 */
export async function outboxStreamItems(customerId: string, fromSeq: number, limit: number, database: Database = db()): Promise<OutboxDoc[]> {
  const { data } = await database.collection(COLLECTIONS.outbox).where({ customerId, seq: database.command.gte(fromSeq) }).orderBy('seq', 'asc').limit(limit).get();
  return data;
}
