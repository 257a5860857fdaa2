import type { LoginGuardDoc } from '@partner-desk/database';

/** 5 failed sign-ins within 15 minutes lock the account (and, separately, the caller) for 15 minutes. */
export const MAX_LOGIN_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type GuardState = Omit<LoginGuardDoc, '_id'>;

/** Guard ids: one counter per account and one per platform identity, so neither a password spray nor a username spray gets far. */
export const accountGuardId = (userId: string) => `user:${userId}`;
export const callerGuardId = (identityKey: string) => `caller:${identityKey}`;

/** The moment the guard stops refusing, or null when it does not refuse now. */
export function lockedUntil(guard: GuardState | null, now: Date): Date | null {
  if (!guard?.lockedUntil) return null;
  const until = new Date(guard.lockedUntil);
  return until > now ? until : null;
}

/**
 * The guard after one more failure: failures older than the window (or an expired lock) start a new
 * window; the MAX-th failure inside one window sets the lock. A lock is never extended by attempts
 * made while it holds (those are refused before a password is checked).
 */
export function recordFailure(guard: GuardState | null, now: Date): GuardState {
  const windowStart = guard ? new Date(guard.windowStartedAt) : null;
  const expiredLock = guard?.lockedUntil ? new Date(guard.lockedUntil) <= now : false;
  const fresh = !guard || !windowStart || now.getTime() - windowStart.getTime() > FAILURE_WINDOW_MS || expiredLock;
  const failures = fresh ? 1 : guard.failures + 1;
  return {
    failures,
    windowStartedAt: fresh ? now : windowStart,
    lockedUntil: failures >= MAX_LOGIN_FAILURES ? new Date(now.getTime() + LOCKOUT_MS) : null,
    updatedAt: now,
  };
}
