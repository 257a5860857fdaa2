import { COLLECTIONS, type LoginGuardDoc, type ProviderDoc, type UserDoc } from '@partner-desk/database';
import { db, getDocOrNull } from '../data/database';
import { freshGuard, isStale } from './login-guard';

/**
 * Account reads and writes for sign-in. Accounts are looked up before any tenant is known (by username,
 * globally unique), so these queries are not tenant-scoped; they never leave this module as raw documents.
 */
export const accountRepository = {
  /** Served by users.uniq_username. */
  async findUserByUsername(username: string): Promise<UserDoc | null> {
    const { data } = await db().collection(COLLECTIONS.users).where({ username }).limit(1).get();
    return (data[0] as UserDoc) ?? null;
  },

  findUserById: (userId: string) => getDocOrNull<UserDoc>(db().collection(COLLECTIONS.users).doc(userId)),

  findProviderById: (providerId: string) => getDocOrNull<ProviderDoc>(db().collection(COLLECTIONS.providers).doc(providerId)),

  async updatePasswordHash(userId: string, passwordHash: string, now: Date): Promise<void> {
    await db().collection(COLLECTIONS.users).doc(userId).update({ data: { passwordHash, passwordChangedAt: now, updatedAt: now } });
  },
};

const isDuplicate = (err: unknown) => /DUPLICATE|duplicate key|E11000/i.test(`${(err as { code?: string })?.code ?? ''} ${(err as Error)?.message ?? err}`);

export const loginGuardRepository = {
  findGuard: (guardId: string) => getDocOrNull<LoginGuardDoc>(db().collection(COLLECTIONS.loginGuards).doc(guardId)),

  /**
   * Counts one attempt against a guard and answers the count including it. Every step is atomic on the
   * document (insert-if-absent, compare-and-set on reset, $inc), so parallel attempts are never lost.
   */
  async countAttempt(guardId: string, known: LoginGuardDoc | null, now: Date): Promise<number> {
    const guards = db().collection(COLLECTIONS.loginGuards);
    const _ = db().command;
    if (!known) {
      try {
        await guards.add({ data: { _id: guardId, ...freshGuard(now) } });
        return 1;
      } catch (err) {
        if (!isDuplicate(err)) throw err; // someone else's attempt created it first: count on it below
      }
    } else if (isStale(known, now)) {
      const { stats } = await guards.where({ _id: guardId, updatedAt: known.updatedAt }).update({ data: freshGuard(now) });
      if (stats.updated === 1) return 1;
    }
    await guards.doc(guardId).update({ data: { failures: _.inc(1), updatedAt: now } });
    const counted = await getDocOrNull<LoginGuardDoc>(guards.doc(guardId));
    return counted?.failures ?? 1;
  },

  /** Locks once: attempts refused during a lock don't extend it. */
  async lockGuard(guardId: string, until: Date): Promise<void> {
    await db().collection(COLLECTIONS.loginGuards).where({ _id: guardId, lockedUntil: null }).update({ data: { lockedUntil: until } });
  },

  async clearGuards(guardIds: string[]): Promise<void> {
    const _ = db().command;
    await db()
      .collection(COLLECTIONS.loginGuards)
      .where({ _id: _.in(guardIds) })
      .remove();
  },
};

export const sessionRepository = {
  /** Moves a session's expiry now (auth.refresh), unlike the throttled slide of ordinary actions. */
  async extendSession(sessionId: string, expiresAt: Date, now: Date): Promise<void> {
    await db().collection(COLLECTIONS.sessions).doc(sessionId).update({ data: { expiresAt, lastSeenAt: now } });
  },

  /**
   * Ends every binding of a user except `keepSessionId` (sessions.by_user and user_signals.by_user serve
   * the filters). Answers how many sessions went.
   */
  async endSessionsOfUser(userId: string, keepSessionId?: string): Promise<number> {
    const database = db();
    const _ = database.command;
    const filter = keepSessionId ? { userId, _id: _.neq(keepSessionId) } : { userId };
    const [sessions] = await Promise.all([
      database.collection(COLLECTIONS.sessions).where(filter).remove(),
      database.collection(COLLECTIONS.userSignals).where(filter).remove(),
    ]);
    return (sessions as { stats: { removed: number } }).stats.removed;
  },

  /** Sessions carry the user's name so actions need no second read; keep them in step with renames. */
  async renameUserInSessions(userId: string, userName: string): Promise<void> {
    await db().collection(COLLECTIONS.sessions).where({ userId }).update({ data: { userName } });
  },
};
