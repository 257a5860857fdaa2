/**
 * The sync's one state document (sync_state/customers): where the feed is read next, the run holding
 * the lease, and what the last run did. Position and totals are saved after every page.
 */
import { COLLECTIONS, type SyncStateDoc } from '@partner-desk/database';
import { db } from '../data/database';
import { unscoped } from '../data/tenant-scope';
import { runUnscopedTransaction } from '../data/transaction';
import { START, type FeedPosition } from './feed-position';

export const SYNC_STATE_ID = 'customers';

export type SyncTotals = SyncStateDoc['totals'];

export function initialSyncState(now: Date): Omit<SyncStateDoc, '_id'> {
  return {
    cursor: null,
    since: START.since,
    page: START.page,
    lastKey: START.lastKey,
    lease: null,
    alertsCheckedAt: null,
    lastRunAt: null,
    lastResult: null,
    lastError: null,
    totals: { runs: 0, pages: 0, applied: 0, skipped: 0, alerts: 0 },
    updatedAt: now,
  };
}

export const positionOf = (state: Pick<SyncStateDoc, 'since' | 'page' | 'lastKey'>): FeedPosition => ({ since: state.since, page: state.page, lastKey: state.lastKey });

export function syncStateRepository() {
  const database = db();
  const _ = database.command;
  const states = unscoped(COLLECTIONS.syncState, database);
  return {
    read: () => states.findById(SYNC_STATE_ID),

    /**
     * Takes the lease for `runId` until `until`, unless another run holds one that has not run out: two
     * runs never page at once. In a transaction on the state document, which it writes (two runs racing
     * conflict, or collide creating it, and the retry sees the other's lease). Answers the state, or null.
     */
    acquire: (runId: string, until: Date, now: Date): Promise<SyncStateDoc | null> =>
      runUnscopedTransaction(async (transaction) => {
        const ref = transaction.unscoped(COLLECTIONS.syncState);
        const state = await ref.findById(SYNC_STATE_ID);
        if (state?.lease && new Date(state.lease.until).getTime() > now.getTime()) return null;
        const lease = { runId, until };
        if (state) await ref.update(SYNC_STATE_ID, { lease: _.set(lease), updatedAt: now });
        else await ref.insert({ _id: SYNC_STATE_ID, ...initialSyncState(now), lease });
        return { _id: SYNC_STATE_ID, ...(state ?? initialSyncState(now)), lease };
      }),

    /** Saves where the next read starts, after the page before it is applied. */
    savePosition: (position: FeedPosition, totals: SyncTotals, now: Date) =>
      states.updateById(SYNC_STATE_ID, { since: position.since, page: position.page, lastKey: _.set(position.lastKey), cursor: position.lastKey?.updatedAt ?? null, totals: _.set(totals), updatedAt: now }),

    /** The run is over: the lease is given back, and what it did (or why it stopped) is kept for the console. */
    finish: (fields: Pick<SyncStateDoc, 'lastResult' | 'lastError' | 'lastRunAt'> & Partial<Pick<SyncStateDoc, 'alertsCheckedAt' | 'totals'>>, now: Date) =>
      states.updateById(SYNC_STATE_ID, { ...fields, ...(fields.totals ? { totals: _.set(fields.totals) } : {}), lease: null, updatedAt: now }),
  };
}
