/**
 * One run of the scheduled sync (the timer function `sync`, every 10 minutes; the hub's
 * `POST /timers/sync:fire` runs it now):
 *
 *  1. take the lease (sync_state), so two runs never page at once; a run killed mid-way holds it only
 *     until its function's time limit would have ended it anyway;
 *  2. read the existing system's changed customers from where the last page left off (feed-position.ts:
 *     a keyset over (updatedAt, externalId), so an edit while paging never hides a row), store each page
 *     through the one upsert (pc-gateway/arrivals.ts: status, usage record and score, alerts, parked
 *     consultations of customers that just arrived), and save the position after each page; a row naming a
 *     provider code we don't know is parked, like a customer.upserted for it would be;
 *  3. stop paging when the feed is read to the end, after `maxPages`, or when the function's time is
 *     running short (bounded work: the next run continues);
 *  4. refresh statuses, raise the day's alerts (once per China day), and apply any parked event that can
 *     be applied by now.
 * Rows that are not valid stop the run before them (the position stays there, the reason in lastError),
 * so nothing is skipped: the vendor's fix gives the row a new updatedAt and the next run gets past it.
 */
import { randomUUID } from 'node:crypto';
import { MAX_SYNC_PAGE_SIZE, type ExistingSystemCustomer, type InboundEvent } from '@partner-desk/pc-protocol';
import type { CustomerOwner } from '../customers/upsert';
import { fromSyncRow, vendorCustomerProblem } from '../customers/vendor-customer';
import { storeVendorCustomers, sweepParkedEvents } from '../pc-gateway/arrivals';
import { park } from '../pc-gateway/parked-events';
import { ownersRepository } from '../providers/owners';
import { alertsDue, raiseDailyAlerts, refreshStatuses } from './daily-alerts';
import { FeedError, type FeedClient } from './existing-system';
import { compareKeys, keyOf, positionAfter, reachesApplied, rowsAfter, type FeedKey, type FeedPosition } from './feed-position';
import { positionOf, syncStateRepository, type SyncTotals } from './state';

export const DEFAULT_SYNC_PAGE_SIZE = 100;
export { MAX_SYNC_PAGE_SIZE };
export const DEFAULT_MAX_PAGES = 20;
/** Time kept back from the function's limit when deciding to read another page: one slow page and its writes. */
export const PAGE_RESERVE_MS = 25_000;

export interface SyncOptions {
  feed: FeedClient;
  /** The function's time limit (the invocation context's time_limit_in_ms). */
  timeLimitMs: number;
  pageSize?: number;
  maxPages?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface SyncReport {
  runId: string;
  /** Another run holds the lease: this one did nothing. */
  busy: boolean;
  pages: number;
  /** Rows read that were new to this sync (after the position). */
  rows: number;
  inserted: number;
  updated: number;
  moved: number;
  /** Rows whose version we had (a re-read): nothing written. */
  unchanged: number;
  /** Rows parked because their provider code is unknown. */
  parked: number;
  alerts: number;
  parkedApplied: number;
  statusChanges: number;
  /** The feed was read to its end. */
  caughtUp: boolean;
  cursor: string | null;
  error: string | null;
}

/** A sync row whose provider code no provider has, parked as the customer.upserted it stands for. */
function parkRow(row: ExistingSystemCustomer, now: Date): Promise<boolean> {
  const { updatedAt, lastActiveTime: _lastActive, usage: _usage, ...customer } = row;
  const event: InboundEvent = { type: 'customer.upserted', data: customer, occurredAt: updatedAt };
  // One id per version of the row: a re-read finds it parked already.
  const id = `sync:${row.externalId}:${new Date(updatedAt).getTime()}`.slice(0, 128);
  return park({ id, type: 'customer.upserted', subject: row.externalId, receivedAt: now }, event, JSON.stringify(event), 'unknown_provider', { providerExternalId: row.providerExternalId });
}

/** Reads the page at `position`, and when it is past page 1 the pages before it again, until one holds a row applied before. */
async function readStep(feed: FeedClient, position: FeedPosition, pageSize: number) {
  const current = await feed.page({ updatedSince: position.since, page: position.page, pageSize });
  const rows = [...current.customers];
  let requests = 1;
  for (let page = position.page - 1; page >= 1; page--) {
    const earlier = await feed.page({ updatedSince: position.since, page, pageSize });
    requests++;
    rows.push(...earlier.customers);
    if (reachesApplied(earlier.customers, position.lastKey)) break;
  }
  return { current, fresh: rowsAfter(rows, position.lastKey), requests };
}

export async function runSync(options: SyncOptions): Promise<SyncReport> {
  const clock = options.now ?? (() => new Date());
  const log = options.log ?? ((line) => console.info(`[sync] ${line}`));
  const started = clock();
  const runId = `${started.toISOString()}-${randomUUID().slice(0, 8)}`;
  const pageSize = options.pageSize ?? DEFAULT_SYNC_PAGE_SIZE;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const reserve = Math.min(PAGE_RESERVE_MS, options.timeLimitMs / 2);
  const report: SyncReport = { runId, busy: false, pages: 0, rows: 0, inserted: 0, updated: 0, moved: 0, unchanged: 0, parked: 0, alerts: 0, parkedApplied: 0, statusChanges: 0, caughtUp: false, cursor: null, error: null };

  const states = syncStateRepository();
  // The lease ends a second before the function's limit: a run killed there has let go by the time anyone looks.
  const state = await states.acquire(runId, new Date(started.getTime() + options.timeLimitMs - 1000), started);
  if (!state) {
    log('another run holds the lease: nothing to do');
    return { ...report, busy: true };
  }

  const totals: SyncTotals = { ...state.totals, runs: state.totals.runs + 1 };
  let position = positionOf(state);
  report.cursor = state.cursor;
  const owners = new Map<string, CustomerOwner>();
  try {
    while (report.pages < maxPages && clock().getTime() - started.getTime() < options.timeLimitMs - reserve) {
      const { current, fresh, requests } = await readStep(options.feed, position, pageSize);
      report.pages += requests;
      totals.pages += requests;
      report.rows += fresh.length;

      // Rows up to the first invalid one are applied; the position stops before it.
      const invalidAt = fresh.findIndex((row) => vendorCustomerProblem(fromSyncRow(row)) !== null);
      const usable = invalidAt < 0 ? fresh : fresh.slice(0, invalidAt);

      const codes = [...new Set(usable.map((r) => r.providerExternalId).filter((code) => !owners.has(code)))];
      if (codes.length) for (const [code, owner] of await ownersRepository().ownersByCodes(codes)) owners.set(code, owner);
      const known = usable.filter((r) => owners.has(r.providerExternalId));
      const unknown = usable.filter((r) => !owners.has(r.providerExternalId));

      const now = clock();
      const [stored, parkedRows] = await Promise.all([
        storeVendorCustomers(known.map((row) => ({ owner: owners.get(row.providerExternalId)!, customer: fromSyncRow(row) })), { now, source: 'sync' }),
        Promise.all(unknown.map((row) => parkRow(row, now))),
      ]);
      for (const result of stored.results) if (result) report[result.outcome]++;
      report.alerts += stored.results.reduce((n, r) => n + (r?.alerts ?? 0), 0);
      report.parkedApplied += stored.parkedApplied;
      report.parked += parkedRows.filter(Boolean).length;
      totals.applied += stored.results.filter((r) => r && r.outcome !== 'unchanged').length;
      totals.skipped += stored.results.filter((r) => r?.outcome === 'unchanged').length;

      if (invalidAt >= 0) {
        const bad = fresh[invalidAt];
        const newest: FeedKey | null = usable.length ? keyOf(usable[usable.length - 1]) : null;
        position = { ...position, lastKey: newest && (!position.lastKey || compareKeys(newest, position.lastKey) > 0) ? newest : position.lastKey };
        await states.savePosition(position, totals, clock());
        throw new FeedError(`客户 ${bad.externalId} 的数据有误：${vendorCustomerProblem(fromSyncRow(bad))}（updatedAt ${bad.updatedAt}）；同步停在它之前，厂商修正后继续 / row ${bad.externalId} is not valid; the sync waits before it`);
      }

      const newest = fresh.length ? keyOf(fresh[fresh.length - 1]) : null;
      const next = positionAfter(position, current.customers, newest, current.hasMore);
      position = next.position;
      await states.savePosition(position, totals, clock());
      report.cursor = position.lastKey?.updatedAt ?? report.cursor;
      if (next.done) {
        report.caughtUp = true;
        break;
      }
    }
  } catch (err) {
    report.error = err instanceof FeedError ? err.message : '同步出错（详见函数日志）/ the sync failed: see the function log';
    if (!(err instanceof FeedError)) log(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  }

  // What time alone changes, and events that can be applied by now: whatever the paging did.
  let alertsCheckedAt = state.alertsCheckedAt ? new Date(state.alertsCheckedAt) : null;
  try {
    const now = clock();
    const everyone = await ownersRepository().allOwners();
    report.statusChanges = await refreshStatuses(everyone, now);
    if (alertsDue(alertsCheckedAt, now)) {
      report.alerts += await raiseDailyAlerts(everyone, alertsCheckedAt, now);
      alertsCheckedAt = now;
    }
    report.parkedApplied += await sweepParkedEvents('sync', now);
  } catch (err) {
    log(`unexpected error after paging: ${(err as Error)?.stack ?? String(err)}`);
    report.error ??= '同步的提醒或暂存事件处理出错（详见函数日志）/ alerts or parked events failed: see the function log';
  }
  totals.alerts += report.alerts;

  const summary = `pages ${report.pages}, rows ${report.rows} (inserted ${report.inserted}, updated ${report.updated}, moved ${report.moved}, unchanged ${report.unchanged}, parked ${report.parked}), alerts ${report.alerts}, parked applied ${report.parkedApplied}, statuses ${report.statusChanges}${report.caughtUp ? ', caught up' : ', more to read'}`;
  await states.finish({ lastRunAt: started, lastResult: summary, lastError: report.error, alertsCheckedAt, totals }, clock());
  log(`${runId}: ${summary}${report.error ? ` — ${report.error}` : ''}`);
  return report;
}
