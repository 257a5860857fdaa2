import { MAX_REPLAY, type DeadLetterStatus, type DeadLetterView } from '@partner-desk/contract';
import { COLLECTIONS, type DeadLetterDoc } from '@partner-desk/database';
import type { Filter } from '../data/database';
import { outboxStreamIdOf } from '../data/outbox-entry';
import type { Paging } from '../data/paging';
import { unscoped, type TenantRef } from '../data/tenant-scope';
import { runScopedTransaction } from '../data/transaction';
import { chatInTransaction } from '../chat/repository';
import { notifyAfterCommit } from '../data/after-commit';
import { bumpSignals } from '../data/signals';
import { toIso } from '../time';

/*
 * Dead letters: outbox items the PC system did not take within the retry window, or refused as malformed.
 * HQ lists them and replays them from the console (admin.deadLetters / admin.replayDeadLetters). A
 * replayed item goes to the END of its customer's stream under its old delivery id, with a fresh retry
 * window: items queued after it were delivered meanwhile, so it reaches the PC side after them (its
 * occurredAt says when it happened); the receiver dedupes the id if a try had in fact arrived.
 */

export function toDeadLetterView(doc: DeadLetterDoc): DeadLetterView {
  return {
    id: doc._id,
    providerId: doc.serviceProviderId,
    customerId: doc.customerId,
    type: doc.type,
    deliveryId: doc.deliveryId,
    relatedId: doc.relatedId,
    status: doc.status,
    attempts: doc.attempts,
    lastStatus: doc.lastStatus,
    lastError: doc.lastError,
    createdAt: toIso(doc.createdAt)!,
    deadAt: toIso(doc.deadAt)!,
    replayedAt: toIso(doc.replayedAt),
  };
}

/** The dead letters of every provider (or one), newest first: by_status_dead / by_provider_status_dead. */
export function deadLettersRepository() {
  const letters = unscoped(COLLECTIONS.deadLetters);
  const filterOf = (status: DeadLetterStatus, providerId?: string): Filter<DeadLetterDoc> => (providerId ? { serviceProviderId: providerId, status } : { status });
  return {
    list: (status: DeadLetterStatus, providerId: string | undefined, paging: Paging) => letters.list({ filter: filterOf(status, providerId), orderBy: [['deadAt', 'desc']], paging }),
    count: (providerId?: string) => letters.count(filterOf('dead', providerId)),
    findById: (id: string) => letters.findById(id),
    /** The oldest waiting ones first, so replaying "all" in batches keeps their order. */
    async oldestDead(providerId: string | undefined, limit: number): Promise<DeadLetterDoc[]> {
      const { data } = await letters.query(filterOf('dead', providerId)).orderBy('deadAt', 'asc').limit(limit).get();
      return data;
    },
  };
}

export type ReplayAnswer = { replayed: true } | { replayed: false; reason: string };

/**
 * Puts one dead item back in its stream, in one transaction of its provider: the item (pending, at the
 * stream's end, retry window from now), the stream (one longer, due now if it was idle), the reply's
 * delivery state (待同步 again) and the letter (replayed). The decision rests on the letter, which the
 * transaction writes: two replays of one letter conflict and the second finds it replayed.
 */
export async function replayDeadLetter(id: string, now: Date): Promise<ReplayAnswer> {
  const letter = await deadLettersRepository().findById(id);
  if (!letter) return { replayed: false, reason: '死信不存在' };
  const tenant: TenantRef = { serviceProviderId: letter.serviceProviderId };
  let replyStateChanged = false;
  const answer = await runScopedTransaction(tenant, async (transaction): Promise<ReplayAnswer> => {
    replyStateChanged = false;
    const letters = transaction.unscoped(COLLECTIONS.deadLetters);
    const current = await letters.findById(id);
    if (!current || current.status !== 'dead') return { replayed: false, reason: '已重放' };
    const items = transaction.scoped(COLLECTIONS.outbox);
    const item = await items.findById(id);
    if (!item || item.status !== 'dead') return { replayed: false, reason: '事件不是死信状态' };
    const streams = transaction.unscoped(COLLECTIONS.outboxStreams);
    const streamId = outboxStreamIdOf(item.customerId);
    const stream = await streams.findById(streamId);
    if (!stream) return { replayed: false, reason: '事件所属队列不存在' };
    await items.update(id, { seq: stream.nextSeq, status: 'pending', attempts: 0, nextAttemptAt: now, windowStartedAt: now, deadAt: null, replays: item.replays + 1 });
    await streams.update(streamId, { nextSeq: stream.nextSeq + 1, ...(stream.dueAt === null ? { dueAt: now } : {}), updatedAt: now });
    if (item.type === 'chat.reply') replyStateChanged = await chatInTransaction(transaction).setReplySyncStatus(item.relatedId, 'pending');
    await letters.update(id, { status: 'replayed', replayedAt: now });
    return { replayed: true };
  });
  // An open chat shows the reply as 待同步 again.
  if (answer.replayed && replyStateChanged) await notifyAfterCommit('reply sync status', () => bumpSignals(tenant, ['chat']));
  return answer;
}

/** Replays the given letters, or the oldest waiting ones (all, at most MAX_REPLAY a call), one after another. */
export async function replayDeadLetters(request: { ids?: string[]; all?: true; providerId?: string }, now = new Date()) {
  const repository = deadLettersRepository();
  const ids = request.ids ?? (await repository.oldestDead(request.providerId, MAX_REPLAY)).map((letter) => letter._id);
  const replayed: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  // One at a time: letters of one customer would only conflict on its stream, and order within it is kept.
  for (const id of [...new Set(ids)]) {
    const answer = await replayDeadLetter(id, now);
    if (answer.replayed) replayed.push(id);
    else skipped.push({ id, reason: answer.reason });
  }
  const remaining = request.all ? await repository.count(request.providerId) : 0;
  return { replayed, skipped, remaining };
}
