import type { OutboxDoc, OutboxStreamDoc } from '@partner-desk/database';
import { sendSignedRequest, type SendResult } from '@partner-desk/pc-protocol/send';
import { newId } from '../data/ids';
import { temporaryLinks } from '../storage/cloud-files';
import type { OutboxConfig } from './config';
import { claimStream, outboxRepository, recordOutcome, releaseStream, skipSettledItem } from './repository';
import { outcomeOf } from './retry-policy';

/*
 * One run of the `outbox` timer (every minute; `POST /timers/outbox:fire` runs it now): delivers due
 * items to the PC system's webhook, signed, each under its own fixed delivery id (X-PD-Delivery).
 *
 *  - Order per customer: a customer's items form a stream (seq); the run sends them one after the other
 *    and stops at the first that fails (the stream then waits for its next try), so an item never
 *    overtakes an earlier one of the same customer that is not yet delivered or dead.
 *  - Bounded work: at most `maxStreams` due streams per run (earliest due first, whatever their
 *    providers: a stream is a customer's), `concurrency` of them
 *    at once, at most `maxItemsPerStream` items each, and no new send once `budgetMs` has passed (a send
 *    takes at most 10 s), well inside the function's 60 s timeout. What is left is due at once and the
 *    next run (or the next fire) goes on.
 *  - Never the same item twice at the same time: a stream is worked under a lease (claimStream), and
 *    every outcome is recorded only while the lease is held. A run that dies after sending but before
 *    recording leaves the item pending; once the lease expires it is sent again under the same delivery
 *    id, and the receiver acknowledges it without applying it twice (the protocol's contract).
 */

export interface DeliveryRunOptions {
  config: OutboxConfig;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Stop starting sends after this long (default 40 s). */
  budgetMs?: number;
  /** Streams worked at once (default 8). */
  concurrency?: number;
  maxStreams?: number;
  maxItemsPerStream?: number;
  /** How long a claimed stream stays this run's (default 120 s: beyond the function's timeout). */
  leaseMs?: number;
  /** Jitter's random source (tests fix it). */
  random?: () => number;
  send?: typeof sendSignedRequest;
}

export interface DeliveryRunReport {
  runId: string;
  dueStreams: number;
  claimedStreams: number;
  /** Streams another run held, or won while this one tried. */
  leasedStreams: number;
  delivered: number;
  retried: number;
  deadLettered: number;
  /** Streams that still had due items when the run stopped (the budget, or the per-stream limit). */
  unfinishedStreams: number;
  durationMs: number;
}

export const DEFAULT_RUN_LIMITS = { budgetMs: 40_000, concurrency: 8, maxStreams: 500, maxItemsPerStream: 200, leaseMs: 120_000 } as const;
/** Items read from a stream at a time. */
const ITEMS_PER_READ = 20;
/** Images in a reply are handed over as temporary URLs valid this long (CloudBase's most: a day). */
export const DELIVERY_IMAGE_URL_MAX_AGE_SECONDS = 86_400;

/**
 * The exact body of one try: the stored event, plus, for a reply with images, their temporary URLs made
 * now (the PC side can't open our fileIDs; a file deleted since is left out). Everything else is the same
 * bytes on every try.
 */
export async function deliveryBody(item: Pick<OutboxDoc, 'event' | 'attachments'>, now: Date): Promise<string> {
  const files = item.attachments ?? [];
  if (files.length === 0) return JSON.stringify(item.event);
  const links = await temporaryLinks(files, DELIVERY_IMAGE_URL_MAX_AGE_SECONDS);
  const expiresAt = new Date(now.getTime() + DELIVERY_IMAGE_URL_MAX_AGE_SECONDS * 1000).toISOString();
  const images = files.flatMap((fileID) => {
    const url = links.get(fileID)?.url;
    return url ? [{ url, expiresAt }] : [];
  });
  return JSON.stringify({ ...item.event, data: { ...item.event.data, images } });
}

/** Runs `work` over `items`, `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function runOutboxDelivery(options: DeliveryRunOptions): Promise<DeliveryRunReport> {
  const clock = options.now ?? (() => new Date());
  const limits = { ...DEFAULT_RUN_LIMITS, ...definedOnly(options) };
  const send = options.send ?? sendSignedRequest;
  const started = clock();
  const deadline = started.getTime() + limits.budgetMs;
  const report: DeliveryRunReport = { runId: newId('run'), dueStreams: 0, claimedStreams: 0, leasedStreams: 0, delivered: 0, retried: 0, deadLettered: 0, unfinishedStreams: 0, durationMs: 0 };

  const due = await outboxRepository.dueStreams(started, limits.maxStreams);
  report.dueStreams = due.length;

  /** One try of one item: sent, then recorded under the lease. False: the stream stops here for this run. */
  async function tryItem(stream: OutboxStreamDoc, item: OutboxDoc): Promise<boolean> {
    let result: SendResult;
    try {
      const body = await deliveryBody(item, clock());
      result = await send({ url: options.config.webhookUrl, secret: options.config.secret, deliveryId: item.deliveryId, body });
    } catch (err) {
      // Our side failed before anything was sent (temporary URLs): a failed try like any other.
      result = { delivered: false, status: null, error: `投递准备失败 / preparing the delivery failed: ${(err as Error).message}`, retryable: true };
    }
    const now = clock();
    const outcome = outcomeOf(item, result, now, options.config.policy, options.random);
    if (!(await recordOutcome(stream._id, stream.leaseId!, item, outcome, now))) return false;
    if (outcome.kind === 'delivered') report.delivered++;
    else if (outcome.kind === 'retry') report.retried++;
    else report.deadLettered++;
    return outcome.kind !== 'retry';
  }

  async function workStream(candidate: OutboxStreamDoc): Promise<void> {
    const leaseId = `${report.runId}:${candidate._id}`;
    const claim = await claimStream(candidate._id, leaseId, limits.leaseMs, clock());
    if (!claim.claimed) {
      if (claim.reason !== 'not-due') report.leasedStreams++;
      return;
    }
    report.claimedStreams++;
    const stream = claim.stream;
    let fromSeq = stream.doneSeq;
    let sent = 0;
    // Where the stream stands when this run lets it go: due now unless an item waits for its next try.
    let dueAt: Date | null = null;
    try {
      for (;;) {
        const items = await outboxRepository.itemsFrom(stream.customerId, fromSeq, ITEMS_PER_READ);
        if (items.length === 0) break;
        for (const item of items) {
          if (clock().getTime() >= deadline || sent >= limits.maxItemsPerStream) {
            report.unfinishedStreams++;
            dueAt = clock();
            return;
          }
          fromSeq = item.seq + 1;
          if (item.status !== 'pending') {
            if (!(await skipSettledItem(stream._id, leaseId, item, clock()))) return;
            continue;
          }
          if (new Date(item.nextAttemptAt).getTime() > clock().getTime()) {
            dueAt = new Date(item.nextAttemptAt);
            return;
          }
          sent++;
          // A failed try already let the stream go (due at the item's next try); a lost lease is the new holder's.
          if (!(await tryItem(stream, item))) return;
        }
      }
      dueAt = clock();
    } finally {
      if (dueAt) await releaseStream(stream._id, leaseId, dueAt, clock());
    }
  }

  await inPool(due, limits.concurrency, async (stream) => {
    try {
      await workStream(stream);
    } catch (err) {
      // One stream's trouble (a database hiccup) must not stop the others; its lease expires and it is retried.
      console.error(`[outbox] stream ${stream._id} failed`, err);
    }
  });
  report.durationMs = clock().getTime() - started.getTime();
  return report;
}

function definedOnly(options: DeliveryRunOptions): Partial<typeof DEFAULT_RUN_LIMITS> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_RUN_LIMITS) as (keyof typeof DEFAULT_RUN_LIMITS)[]) if (options[key] !== undefined) out[key] = options[key]!;
  return out;
}
