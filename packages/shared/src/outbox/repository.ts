import { COLLECTIONS, type DeadLetterDoc, type OutboxDoc, type OutboxStreamDoc } from '@partner-desk/database';
import { chatInTransaction } from '../chat/repository';
import { notifyAfterCommit } from '../data/after-commit';
import { db, type UpdateData } from '../data/database';
import { outboxStreamItems } from '../data/outbox-entry';
import { bumpSignals } from '../data/signals';
import { unscoped } from '../data/tenant-scope';
import { runScopedTransaction, runUnscopedTransaction, type ScopedTransaction, type UnscopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { replySyncStatusOf, type DeliveryOutcome } from './retry-policy';

/*
 * The outbox's reads and writes for the delivery run. A stream is a customer's (outbox_streams, no tenant:
 * a customer that moves to another provider keeps one order); each item is written in its own provider's
 * scope and transaction, together with the stream, so the lease check and the item's outcome commit as one.
 */

const time = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : null);

export const outboxRepository = {
  /** Streams whose next try is due, earliest first (by_due). */
  async dueStreams(now: Date, limit: number): Promise<OutboxStreamDoc[]> {
    const { data } = await unscoped(COLLECTIONS.outboxStreams).query({ dueAt: db().command.lte(now) }).orderBy('dueAt', 'asc').limit(limit).get();
    return data;
  },

  /** A stream's items from `fromSeq` on, in order. */
  itemsFrom: (customerId: string, fromSeq: number, limit: number) => outboxStreamItems(customerId, fromSeq, limit),
};

export type ClaimResult = { claimed: true; stream: OutboxStreamDoc } | { claimed: false; reason: 'not-due' | 'leased' | 'contended' };

/**
 * Takes the stream for this run (a lease until `leaseUntil`) if it is due and nobody holds it. The
 * decision rests on the stream document, which the transaction writes: of two runs claiming at once, one
 * commits and the other conflicts, retries, and sees the lease. A lease outlives the function's timeout,
 * so a live run never loses it; one left by a crashed run expires and the stream is taken again (its
 * in-flight item is then sent again under the same delivery id, which the receiver dedupes).
 */
export async function claimStream(streamId: string, leaseId: string, leaseMs: number, now: Date): Promise<ClaimResult> {
  try {
    return await runUnscopedTransaction(
      async (transaction): Promise<ClaimResult> => {
        const streams = transaction.unscoped(COLLECTIONS.outboxStreams);
        const stream = await streams.findById(streamId);
        if (!stream || stream.dueAt === null || time(stream.dueAt)! > now.getTime()) return { claimed: false, reason: 'not-due' };
        if (stream.leaseId !== null && time(stream.leaseUntil)! > now.getTime()) return { claimed: false, reason: 'leased' };
        const leaseUntil = new Date(now.getTime() + leaseMs);
        await streams.update(streamId, { leaseId, leaseUntil, updatedAt: now });
        return { claimed: true, stream: { ...stream, leaseId, leaseUntil } };
      },
      { attempts: 3 },
    );
  } catch (err) {
    // Runs racing for one stream: the one that lost leaves it to the winner.
    if (err instanceof AppError && err.code === 'CONFLICT') return { claimed: false, reason: 'contended' };
    throw err;
  }
}

/** The stream in this transaction, if this run still holds its lease. */
async function heldStream(transaction: UnscopedTransaction, streamId: string, leaseId: string): Promise<OutboxStreamDoc | null> {
  const stream = await transaction.unscoped(COLLECTIONS.outboxStreams).findById(streamId);
  return stream && stream.leaseId === leaseId ? stream : null;
}

/** The reply's delivery state on its chat message (待同步 / 已同步 / 同步失败), as the item now stands; answers whether it changed. */
async function updateReplyStatus(transaction: ScopedTransaction, item: OutboxDoc, after: Pick<OutboxDoc, 'status' | 'attempts'>): Promise<boolean> {
  return item.type === 'chat.reply' && (await chatInTransaction(transaction).setReplySyncStatus(item.relatedId, replySyncStatusOf(after)));
}

/** A dead letter for HQ (the item's id): new, or the one a replay left behind, dead again. */
async function fileDeadLetter(transaction: ScopedTransaction, item: OutboxDoc, outcome: Extract<DeliveryOutcome, { kind: 'dead' }>, now: Date): Promise<void> {
  const letters = transaction.unscoped(COLLECTIONS.deadLetters);
  const fields: Omit<DeadLetterDoc, '_id'> = {
    serviceProviderId: item.serviceProviderId,
    customerId: item.customerId,
    type: item.type,
    deliveryId: item.deliveryId,
    relatedId: item.relatedId,
    status: 'dead',
    attempts: outcome.attempts,
    lastStatus: outcome.status,
    lastError: outcome.error,
    createdAt: item.createdAt,
    deadAt: now,
    replayedAt: null,
  };
  if (await letters.findById(item._id)) await letters.update(item._id, fields);
  else await letters.insert({ _id: item._id, ...fields });
}

/**
 * Writes what one try of `item` came to, if this run still holds the stream, in one transaction of the
 * item's provider: the item, the reply's delivery state, a dead letter, and the stream (delivered or dead:
 * the next item is due now; failed: the stream waits for the item's next try and the lease is let go).
 * Answers false when the lease was lost (a run that outlived it): nothing is written, and the new holder
 * sends the item again under the same delivery id.
 */
export async function recordOutcome(streamId: string, leaseId: string, item: OutboxDoc, outcome: DeliveryOutcome, now: Date): Promise<boolean> {
  const tenant = { serviceProviderId: item.serviceProviderId };
  let replyStateChanged = false;
  const recorded = await runScopedTransaction(tenant, async (transaction) => {
    replyStateChanged = false;
    const stream = await heldStream(transaction, streamId, leaseId);
    if (!stream) return false;
    const streams = transaction.unscoped(COLLECTIONS.outboxStreams);
    const tried = { attempts: outcome.attempts, lastAttemptAt: now };
    let change: UpdateData<OutboxDoc>;
    if (outcome.kind === 'delivered') change = { ...tried, status: 'delivered', deliveredAt: now };
    else if (outcome.kind === 'retry') change = { ...tried, nextAttemptAt: outcome.nextAttemptAt, lastStatus: outcome.status, lastError: outcome.error };
    else change = { ...tried, status: 'dead', deadAt: now, lastStatus: outcome.status, lastError: outcome.error };
    await transaction.scoped(COLLECTIONS.outbox).update(item._id, change);
    replyStateChanged = await updateReplyStatus(transaction, item, { status: outcome.kind === 'retry' ? 'pending' : outcome.kind, attempts: outcome.attempts });
    if (outcome.kind === 'dead') await fileDeadLetter(transaction, item, outcome, now);
    if (outcome.kind === 'retry') {
      await streams.update(streamId, { dueAt: outcome.nextAttemptAt, leaseId: null, leaseUntil: null, updatedAt: now });
    } else {
      await streams.update(streamId, { doneSeq: Math.max(stream.doneSeq, item.seq + 1), dueAt: now, updatedAt: now });
    }
    return true;
  });
  // The provider's open chat shows the reply's state (待同步 → 已同步 / 同步失败): tell its users to look again.
  if (recorded && replyStateChanged) await notifyAfterCommit('reply sync status', () => bumpSignals(tenant, ['chat']));
  return recorded;
}

/**
 * Lets the stream go: idle when every item is done (a producer that queued meanwhile wrote this document,
 * so this transaction sees its nextSeq or conflicts with it), else due at `dueAt` (an item in backoff) or
 * now (the run stopped for its time budget).
 */
export async function releaseStream(streamId: string, leaseId: string, dueAt: Date, now: Date): Promise<void> {
  await runUnscopedTransaction(async (transaction) => {
    const stream = await heldStream(transaction, streamId, leaseId);
    if (!stream) return;
    const idle = stream.doneSeq >= stream.nextSeq;
    await transaction.unscoped(COLLECTIONS.outboxStreams).update(streamId, { dueAt: idle ? null : dueAt, leaseId: null, leaseUntil: null, updatedAt: now });
  });
}

/** An item at or after doneSeq that is no longer pending (settled by hand in the console): the stream moves past it. */
export async function skipSettledItem(streamId: string, leaseId: string, item: OutboxDoc, now: Date): Promise<boolean> {
  return runUnscopedTransaction(async (transaction) => {
    const stream = await heldStream(transaction, streamId, leaseId);
    if (!stream) return false;
    await transaction.unscoped(COLLECTIONS.outboxStreams).update(streamId, { doneSeq: Math.max(stream.doneSeq, item.seq + 1), updatedAt: now });
    return true;
  });
}
