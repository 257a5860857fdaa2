import { AppError } from '../errors';
import { inBusinessTz } from '../time';
import { loginGuardsRepository } from './repository';

/**
 * Quotas of public actions that have no password to guess but must not be run in bulk (忘记密码, 注册):
 * at most `limit` uses per `windowMs` per counter. The counters are login_guards documents (the same
 * atomic insert-if-absent / $inc counting as sign-in lockout), under their own id prefixes.
 */
export interface Quota {
  guardId: string;
  limit: number;
  windowMs: number;
}

const HOUR_MS = 3600_000;

/** 忘记密码: 5 a caller, 3 an account name an hour (unknown names count the same, so the answer tells nothing). */
export const passwordResetQuotas = (identityKey: string, usernameKey: string): Quota[] => [
  { guardId: `reset-caller:${identityKey}`, limit: 5, windowMs: HOUR_MS },
  { guardId: `reset-name:${usernameKey}`, limit: 3, windowMs: HOUR_MS },
];

/** 注册: 10 tries a caller an hour, so invite codes can't be guessed by trying. */
export const registerQuotas = (identityKey: string): Quota[] => [{ guardId: `register-caller:${identityKey}`, limit: 10, windowMs: HOUR_MS }];

/**
 * Takes one use of every quota before the action runs, and refuses with RATE_LIMITED if any is used up.
 * A burst of parallel calls gets exactly `limit` through (loginGuards.takeSlot is atomic per counter).
 */
export async function takeQuotas(quotas: Quota[], now: Date, refusal: string): Promise<void> {
  const guards = loginGuardsRepository();
  const known = await Promise.all(quotas.map((quota) => guards.findGuard(quota.guardId)));
  const granted = await Promise.all(quotas.map((quota, i) => guards.takeSlot(quota.guardId, known[i], now, quota.windowMs, quota.limit)));
  const retryAfter = quotas
    .filter((_quota, i) => !granted[i])
    // A refused counter is live: its window started when it was read (or just now, by a concurrent first use).
    .map((quota) => new Date(new Date(known[quotas.indexOf(quota)]?.windowStartedAt ?? now).getTime() + quota.windowMs))
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (retryAfter) throw new AppError('RATE_LIMITED', `${refusal}，请于 ${inBusinessTz(retryAfter).format('HH:mm')} 后再试`, { retryAfter: retryAfter.toISOString() });
}
