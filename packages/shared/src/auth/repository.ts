import { COLLECTIONS, type LoginGuardDoc, type ProviderDoc, type SessionDoc, type UserDoc, type UserSignalDoc } from '@partner-desk/database';
import { db } from '../data/database';
import { isDuplicateKey } from '../data/database-errors';
import { unscoped } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { freshGuard, isStale } from './login-guard';

/**
 * Accounts as sign-in sees them. They are looked up before any tenant is known (by username, globally
 * unique), so these queries are not tenant-scoped; they never leave the auth and admin modules as raw documents.
 */
export function accountsRepository() {
  const users = unscoped(COLLECTIONS.users);
  const providers = unscoped(COLLECTIONS.providers);
  return {
    /** Served by users.uniq_username. */
    findUserByUsername: (username: string): Promise<UserDoc | null> => users.findOne({ username }),
    findUserById: (userId: string): Promise<UserDoc | null> => users.findById(userId),
    findProviderById: (providerId: string): Promise<ProviderDoc | null> => providers.findById(providerId),
    /** Served by users.uniq_username. */
    usernameTaken: async (username: string): Promise<boolean> => (await users.count({ username })) > 0,
    /** Served by providers.uniq_name. */
    providerNameTaken: async (name: string): Promise<boolean> => (await providers.count({ name })) > 0,

    async updatePasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
      await users.updateById(userId, { passwordHash, passwordChangedAt: now, updatedAt: now });
    },
  };
}

const ACCOUNT_NOT_FOUND = '账号不存在';

/** Accounts written together with something else (an invite used, a reset request completed), in the tenant's transaction. */
export function accountsInTransaction(transaction: ScopedTransaction) {
  const users = transaction.scoped(COLLECTIONS.users);
  const providers = transaction.unscoped(COLLECTIONS.providers);
  return {
    findProvider: (): Promise<ProviderDoc | null> => providers.findById(transaction.tenant.serviceProviderId),
    /** This provider's account (another provider's reads as missing). */
    getUser: (userId: string): Promise<UserDoc> => users.getById(userId, ACCOUNT_NOT_FOUND),
    /** A new account of this provider; uniq_username refuses a taken username (a duplicate key). */
    insertUser: (user: Omit<UserDoc, 'serviceProviderId'>) => users.insert(user),
    setPasswordHash: (userId: string, passwordHash: string, now: Date) => users.update(userId, { passwordHash, passwordChangedAt: now, updatedAt: now }, ACCOUNT_NOT_FOUND),
  };
}

/**
 * Failed-sign-in counters. Plain single-document operations, no transaction: each step is atomic on its
 * document (insert-if-absent, compare-and-set on reset, $inc), so parallel attempts are never lost.
 */
export function loginGuardsRepository() {
  const guards = unscoped(COLLECTIONS.loginGuards);
  const _ = db().command;
  return {
    findGuard: (guardId: string): Promise<LoginGuardDoc | null> => guards.findById(guardId),

    /** Counts one attempt against a guard and answers the count including it. */
    async countAttempt(guardId: string, known: LoginGuardDoc | null, now: Date): Promise<number> {
      if (!known) {
        try {
          await guards.insert({ _id: guardId, ...freshGuard(now) });
          return 1;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // someone else's attempt created it first: count on it below
        }
      } else if (isStale(known, now)) {
        // Compare-and-set: only the attempt that still sees the stale version resets it.
        if ((await guards.updateWhere({ _id: guardId, updatedAt: known.updatedAt }, freshGuard(now))) === 1) return 1;
      }
      await guards.updateById(guardId, { failures: _.inc(1), updatedAt: now });
      const counted = await guards.findById(guardId);
      return counted?.failures ?? 1;
    },

    /**
     * Takes one of `limit` uses of a quota counter whose window is `windowMs` long; false when none is
     * left. Exact under bursts: the first use creates the counter (an insert, so two firsts can't both
     * win), a counter past its window is restarted by compare-and-set, and every other use is one
     * conditional $inc (failures < limit), atomic on the document.
     */
    async takeSlot(guardId: string, known: LoginGuardDoc | null, now: Date, windowMs: number, limit: number): Promise<boolean> {
      if (!known) {
        try {
          await guards.insert({ _id: guardId, ...freshGuard(now) });
          return true;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // another use created it first: take a slot on it below
        }
      } else if (isStale(known, now, windowMs)) {
        if ((await guards.updateWhere({ _id: guardId, updatedAt: known.updatedAt }, freshGuard(now))) === 1) return true;
      }
      return (await guards.updateWhere({ _id: guardId, failures: _.lt(limit) }, { failures: _.inc(1), updatedAt: now })) === 1;
    },

    /** Locks once: attempts refused during a lock don't extend it. */
    async lockGuard(guardId: string, until: Date): Promise<void> {
      await guards.updateWhere({ _id: guardId, lockedUntil: null }, { lockedUntil: until });
    },

    async clearGuards(guardIds: string[]): Promise<void> {
      await guards.removeWhere({ _id: _.in(guardIds) });
    },
  };
}

/**
 * Bindings of a platform identity (`wx:<OPENID>` / `web:<uid>`) to an account, and the signal document
 * each binding's client watches. Keyed by the identity: resolved before any tenant is known.
 */
export function sessionsRepository() {
  const sessions = unscoped(COLLECTIONS.sessions);
  const signals = unscoped(COLLECTIONS.userSignals);
  const _ = db().command;
  return {
    findSession: (sessionId: string): Promise<SessionDoc | null> => sessions.findById(sessionId),

    /** Writes the binding and its signal document by _id, so logging in twice is idempotent. */
    async bind(session: SessionDoc, signal: Omit<UserSignalDoc, '_id'>): Promise<void> {
      const { _id, ...data } = session;
      await Promise.all([sessions.replace(_id, data), signals.replace(_id, signal)]);
    },

    /** The binding and its signal document go (logout); answers nothing, repeating it is harmless. */
    async unbind(sessionId: string): Promise<void> {
      await Promise.all([sessions.removeWhere({ _id: sessionId }), signals.removeWhere({ _id: sessionId })]);
    },

    /** Moves a session's expiry (the throttled slide of every action, and auth.refresh). */
    async extendSession(sessionId: string, expiresAt: Date, now: Date): Promise<void> {
      await sessions.updateById(sessionId, { expiresAt, lastSeenAt: now });
    },

    /**
     * Ends every binding of a user except `keepSessionId` (sessions.by_user and user_signals.by_user serve
     * the filters). Answers how many sessions went.
     */
    async endSessionsOfUser(userId: string, keepSessionId?: string): Promise<number> {
      const filter = keepSessionId ? { userId, _id: _.neq(keepSessionId) } : { userId };
      const [ended] = await Promise.all([sessions.removeWhere(filter), signals.removeWhere(filter)]);
      return ended;
    },

    /** Sessions carry the user's name so actions need no second read; keep them in step with renames. */
    async renameUserInSessions(userId: string, userName: string): Promise<void> {
      await sessions.updateWhere({ userId }, { userName });
    },
  };
}
