/**
 * 客户提醒: the alerts a customer's licence and open issues warrant, pure. One builder per kind, used by
 * everything that raises them (the sync's upserts and its daily pass, import, customer.upserted, the demo
 * seed), so one alert has one dedupe key wherever it is raised and raising it again is a no-op.
 *
 *  - expiry: at 90/60/30/7 days before expiry (the provider's `expiryAlertDays`), the tightest threshold
 *    the customer has crossed, once per threshold and expiry date (a renewed licence alerts again);
 *  - expired: once per expiry date, when the licence ran out within the last EXPIRED_ALERT_WITHIN_DAYS;
 *  - unresolved: from UNRESOLVED_ALERT_AT open issues on, once per count (3, then 4 …).
 * Days are China calendar days (time.ts), as statuses count them.
 */
import type { CustomerDoc } from '@partner-desk/database';
import type { NewMessage } from '../messages/repository';
import { businessDaysBetween, inBusinessTz } from '../time';

/** Expiry alerts are raised this many days before expiry unless the provider's settings say otherwise. */
export const DEFAULT_EXPIRY_ALERT_DAYS = [90, 60, 30, 7];
/** A customer with this many open issues or more is worth an alert. */
export const UNRESOLVED_ALERT_AT = 3;
/** An expiry older than this is history, not news: no "已到期" alert for it. */
export const EXPIRED_ALERT_WITHIN_DAYS = 60;

export type AlertCustomer = Pick<CustomerDoc, '_id' | 'name' | 'softwareVersion' | 'portCount' | 'expiryDate' | 'unresolvedIssues'>;

const chinaDate = (date: Date) => inBusinessTz(date).format('YYYY-MM-DD');

/** Whole China calendar days from `now` to the expiry day (0 on the day itself; negative once past). */
export const daysUntilExpiry = (expiryDate: Date, now: Date): number => businessDaysBetween(now, expiryDate);

/**
 * The tightest threshold crossed `daysLeft` days before expiry: the smallest of `thresholds` at or above
 * it; null when the expiry is further away than every threshold, or has passed.
 */
export function crossedExpiryThreshold(daysLeft: number, thresholds: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const crossed = thresholds.filter((d) => d >= daysLeft);
  return crossed.length ? Math.min(...crossed) : null;
}

const related = (customer: Pick<AlertCustomer, '_id' | 'name'>) => ({ type: 'customer_alert' as const, relatedCustomerId: customer._id, relatedCustomerName: customer.name });

export function expiryAlert(customer: AlertCustomer, days: number): NewMessage {
  const expiry = chinaDate(customer.expiryDate);
  return {
    ...related(customer),
    title: `客户${days}天后到期`,
    content: `客户「${customer.name}」的软件服务将于 ${expiry} 到期（${customer.softwareVersion}，${customer.portCount} 个端口），请及时联系客户办理续费。`,
    dedupeKey: `expiry:${customer._id}:${expiry}:${days}`,
  };
}

export function expiredAlert(customer: AlertCustomer): NewMessage {
  const expiry = chinaDate(customer.expiryDate);
  return {
    ...related(customer),
    title: '客户服务已到期',
    content: `客户「${customer.name}」的软件服务已于 ${expiry} 到期，客户将无法继续使用，请尽快跟进续费。`,
    dedupeKey: `expired:${customer._id}:${expiry}`,
  };
}

export function unresolvedAlert(customer: Pick<AlertCustomer, '_id' | 'name' | 'unresolvedIssues'>): NewMessage {
  return {
    ...related(customer),
    title: '客户存在多个未解决问题',
    content: `客户「${customer.name}」当前有 ${customer.unresolvedIssues} 个未解决的工单，请优先跟进，避免影响客户续费意愿。`,
    dedupeKey: `unresolved:${customer._id}:${customer.unresolvedIssues}`,
  };
}

/** The licence alert the customer warrants at `now`, if any (the tightest threshold crossed, or "expired"). */
export function licenceAlertDue(customer: AlertCustomer, now: Date, thresholds: readonly number[]): NewMessage | null {
  if (customer.expiryDate.getTime() <= now.getTime()) {
    return now.getTime() - customer.expiryDate.getTime() <= EXPIRED_ALERT_WITHIN_DAYS * 86_400_000 ? expiredAlert(customer) : null;
  }
  const days = crossedExpiryThreshold(daysUntilExpiry(customer.expiryDate, now), thresholds);
  return days === null ? null : expiryAlert(customer, days);
}

/** Every alert the customer warrants at `now`: its licence's, and its open issues' from UNRESOLVED_ALERT_AT on. */
export function alertsDue(customer: AlertCustomer, now: Date, thresholds: readonly number[]): NewMessage[] {
  const alerts: NewMessage[] = [];
  const licence = licenceAlertDue(customer, now, thresholds);
  if (licence) alerts.push(licence);
  if (customer.unresolvedIssues >= UNRESOLVED_ALERT_AT) alerts.push(unresolvedAlert(customer));
  return alerts;
}
