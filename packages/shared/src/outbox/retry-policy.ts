import type { ReplySyncStatus } from '@partner-desk/contract';
import type { OutboxDoc } from '@partner-desk/database';
import type { SendResult } from '@partner-desk/pc-protocol/send';

/*
 * When an outbox item is tried again, and when it is given up — pure, so the timing is tested exactly.
 *
 *   delay after the n-th failed try = min(cap, base · 2^(n−1)) · (1 + JITTER · r),  r ∈ [0, 1)
 *
 * With the default base of 30 s: ~30 s, 1 min, 2 min, 4 min … then every hour (the cap); the jitter only
 * ever lengthens a delay, so "base" stays the shortest wait, and items that failed together (an outage)
 * spread out instead of all coming back in the same second. An item is tried for at least the retry
 * window (24 h) from when it was queued (or replayed): the first failure after the window has passed makes
 * it a dead letter. The window counts from the event, not from its first try, so a backlog behind a
 * failing item does not wait a further 24 h per item once the window is spent.
 *
 * What counts as failed follows pc-protocol's sendSignedRequest: any 2xx is delivered; no answer within
 * 10 s, a refused connection and any other status are retried — 401/403 (a rotated secret), 404 (a deploy
 * in progress), 408, 413, 429 and 5xx are states of the receiver an operator puts right, and retrying keeps
 * the event rather than making HQ replay it. A 400 is the one permanent refusal: the receiver read the body
 * and said what is wrong with it, and the same bytes will be refused again, so the item becomes a dead letter
 * at once (with the receiver's issues in lastError) and the items after it go on.
 */

export interface RetryPolicy {
  baseDelayMs: number;
  /** The longest wait between two tries. */
  maxDelayMs: number;
  /** Tries go on at least this long from when the item was queued (or replayed). */
  retryWindowMs: number;
}

export const DEFAULT_BASE_DELAY_S = 30;
export const MAX_DELAY_MS = 60 * 60_000;
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** Up to 20 % added to each delay. */
export const JITTER = 0.2;
/** After this many failed tries a reply shows 同步失败 in the app (tries go on until the window ends). */
export const FAILING_AFTER_ATTEMPTS = 3;

export function retryPolicy(baseDelaySeconds: number = DEFAULT_BASE_DELAY_S): RetryPolicy {
  return { baseDelayMs: baseDelaySeconds * 1000, maxDelayMs: Math.max(MAX_DELAY_MS, baseDelaySeconds * 1000), retryWindowMs: RETRY_WINDOW_MS };
}

/** How long to wait after the `failedAttempts`-th failed try (1 for the first failure). */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 40);
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(capped * (1 + JITTER * random()));
}

export type DeliveryOutcome =
  | { kind: 'delivered'; attempts: number; status: number }
  | { kind: 'retry'; attempts: number; nextAttemptAt: Date; status: number | null; error: string }
  | { kind: 'dead'; attempts: number; status: number | null; error: string; cause: 'refused' | 'window' };

/** What one try's result means for the item: delivered, tried again later, or given up. */
export function outcomeOf(item: Pick<OutboxDoc, 'attempts' | 'windowStartedAt'>, result: SendResult, now: Date, policy: RetryPolicy, random: () => number = Math.random): DeliveryOutcome {
  const attempts = item.attempts + 1;
  if (result.delivered) return { kind: 'delivered', attempts, status: result.status };
  const error = result.issues?.length ? `${result.error} — ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : result.error;
  if (!result.retryable) return { kind: 'dead', attempts, status: result.status, error, cause: 'refused' };
  if (now.getTime() - new Date(item.windowStartedAt).getTime() >= policy.retryWindowMs) return { kind: 'dead', attempts, status: result.status, error, cause: 'window' };
  return { kind: 'retry', attempts, nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, policy, random)), status: result.status, error };
}

/** What the app shows under a reply (待同步 / 已同步 / 同步失败) for its outbox item. */
export function replySyncStatusOf(item: Pick<OutboxDoc, 'status' | 'attempts'>): ReplySyncStatus {
  if (item.status === 'delivered') return 'delivered';
  if (item.status === 'dead' || item.attempts >= FAILING_AFTER_ATTEMPTS) return 'failed';
  return 'pending';
}
