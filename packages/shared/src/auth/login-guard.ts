import { createHash } from 'node:crypto';
import type { LoginGuardDoc } from '@partner-desk/database';

/** 5 failed sign-ins within 15 minutes lock the account (and, separately, the caller) for 15 minutes. */
export const MAX_LOGIN_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type GuardState = Omit<LoginGuardDoc, '_id'>;

/** Guard ids: one counter per account and one per platform identity, so neither a password spray nor a username spray gets far. */
export const accountGuardId = (userId: string) => `user:${userId}`;
export const callerGuardId = (identityKey: string) => `caller:${identityKey}`;
/**
 * An unknown username gets a counter too, so it locks after 5 failures exactly like a real account:
 * otherwise "RATE_LIMITED after 5 tries" would tell an attacker which usernames exist.
 */
export const unknownAccountGuardId = (username: string) => `name:${usernameKey(username)}`;

/** A username as a counter key: hashed, so counters name no account (and unknown names count alike). */
export const usernameKey = (username: string) => createHash('sha256').update(username).digest('hex').slice(0, 32);

/** The moment the guard stops refusing, or null when it does not refuse now. */
export function lockedUntil(guard: GuardState | null, now: Date): Date | null {
  if (!guard?.lockedUntil) return null;
  const until = new Date(guard.lockedUntil);
  return until > now ? until : null;
}

/**
 * A guard whose window has passed (and that holds no lock) counts from zero again. A lock always
 * outlasts its window (it starts at the last failure inside it), so an expired lock is stale too.
 */
export function isStale(guard: GuardState, now: Date, windowMs: number = FAILURE_WINDOW_MS): boolean {
  return !lockedUntil(guard, now) && now.getTime() - new Date(guard.windowStartedAt).getTime() > windowMs;
}

export const freshGuard = (now: Date): GuardState => ({ failures: 1, windowStartedAt: now, lockedUntil: null, updatedAt: now });

/**
 * What an attempt may do once it has been counted (`attempts` includes it): attempts beyond the limit are
 * refused without looking at the password — a burst of parallel guesses gets exactly MAX tries — and the
 * attempt that reaches the limit locks the guard if it fails.
 */
export function attemptVerdict(attempts: number): 'refuse' | 'check-and-lock-on-failure' | 'check' {
  if (attempts > MAX_LOGIN_FAILURES) return 'refuse';
  return attempts === MAX_LOGIN_FAILURES ? 'check-and-lock-on-failure' : 'check';
}
