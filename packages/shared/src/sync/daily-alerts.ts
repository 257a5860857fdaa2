/**
 * What time alone changes, provider by provider, with no data changing: statuses (every sync run: a
 * licence expires at a moment, not on a day), and the 客户提醒 of licences crossing 90/60/30/7 days (and
 * running out) and of customers with many open issues (once a China day). Alerts come from alerts.ts, so a
 * customer's alert has one dedupe key whichever run, import or event raises it: raising it again is a no-op.
 *
 * The licence alerts look only where a threshold was crossed since the last pass: a licence crosses d
 * days on the day (expiry day − d), so for each threshold d the pass reads customers whose expiry day falls
 * in (last pass day + d, today + d]; the first pass reads every licence within the largest threshold (and
 * those expired within EXPIRED_ALERT_WITHIN_DAYS). Each such customer gets the alert of the tightest
 * threshold it has crossed (a pass that missed days raises 30, not 60 and then 30).
 */
import { customersRepository } from '../customers/repository';
import { EXPIRED_ALERT_WITHIN_DAYS, licenceAlertDue, UNRESOLVED_ALERT_AT, unresolvedAlert, type AlertCustomer } from '../customers/alerts';
import type { CustomerOwner } from '../customers/upsert';
import { mapWithConcurrency } from '../concurrency';
import { bumpSignals } from '../data/signals';
import { messagesRepository } from '../messages/repository';
import { addDays, businessDaysBetween, startOfBusinessDay } from '../time';

/** Customers one read takes (the SDK's server page). */
const READ_PAGE = 1000;

export interface AlertsPassResult {
  statusChanges: number;
  alerts: number;
}

/** Whether the daily part is due: never ran, or last ran on an earlier China day. */
export const alertsDue = (lastCheckedAt: Date | null, now: Date): boolean => !lastCheckedAt || businessDaysBetween(new Date(lastCheckedAt), now) > 0;

async function readAll(read: (skip: number, limit: number) => Promise<AlertCustomer[]>): Promise<AlertCustomer[]> {
  const all: AlertCustomer[] = [];
  for (let skip = 0; ; skip += READ_PAGE) {
    const page = await read(skip, READ_PAGE);
    all.push(...page);
    if (page.length < READ_PAGE) return all;
  }
}

/** The [from, to) windows of expiry dates whose thresholds were crossed after `last` and up to `now`. */
export function crossingWindows(thresholds: readonly number[], last: Date | null, now: Date): [Date, Date][] {
  const today = startOfBusinessDay(now);
  const dayStart = (days: number) => startOfBusinessDay(addDays(today, days));
  if (!last) return [[addDays(now, -EXPIRED_ALERT_WITHIN_DAYS), dayStart(Math.max(0, ...thresholds) + 1)]];
  const lastDay = businessDaysBetween(last, now);
  // Expired since the last pass (the moment, not the day), and each threshold's crossing days.
  return [[new Date(last), new Date(now.getTime() + 1)] as [Date, Date], ...thresholds.map((d) => [dayStart(d - lastDay + 1), dayStart(d + 1)] as [Date, Date])];
}

/** Statuses of one provider's customers, now (each run). */
export async function refreshStatuses(owners: readonly CustomerOwner[], now: Date): Promise<number> {
  const changed = await mapWithConcurrency(owners, 5, async (owner) => {
    const tenant = { serviceProviderId: owner.id };
    const count = await customersRepository(tenant).refreshStatuses(now, owner.expiringDays);
    if (count) await bumpSignals(tenant, ['customers']);
    return count;
  });
  return changed.reduce((a, b) => a + b, 0);
}

/** The daily alerts of every provider (see the file's comment); answers how many were raised. */
export async function raiseDailyAlerts(owners: readonly CustomerOwner[], lastCheckedAt: Date | null, now: Date): Promise<number> {
  const raised = await mapWithConcurrency(owners, 3, async (owner) => {
    const tenant = { serviceProviderId: owner.id };
    const customers = customersRepository(tenant);
    const windows = crossingWindows(owner.expiryAlertDays, lastCheckedAt, now).filter(([from, to]) => from < to);
    const [licences, open] = await Promise.all([
      Promise.all(windows.map(([from, to]) => readAll((skip, limit) => customers.expiringBetween(from, to, skip, limit)))),
      readAll((skip, limit) => customers.withOpenIssues(UNRESOLVED_ALERT_AT, skip, limit)),
    ]);
    const byCustomer = new Map(licences.flat().map((c) => [c._id, c]));
    const alerts = [
      ...[...byCustomer.values()].flatMap((c) => licenceAlertDue(c, now, owner.expiryAlertDays) ?? []),
      ...open.map(unresolvedAlert),
    ];
    return alerts.length ? messagesRepository(tenant).raiseMany(alerts, now) : 0;
  });
  return raised.reduce((a, b) => a + b, 0);
}
