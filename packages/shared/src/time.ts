import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Business days and "expiring in N days" are counted in China time, whatever the server's TZ (SCF runs in UTC). */
export const BUSINESS_TZ = 'Asia/Shanghai';

export function inBusinessTz(date: Date | string | number = new Date()) {
  return dayjs(date).tz(BUSINESS_TZ);
}

export function startOfBusinessDay(date: Date | string | number = new Date()): Date {
  return inBusinessTz(date).startOf('day').toDate();
}

/** Whole calendar days from `from` to `to` in China time (negative when `to` is earlier). */
export function businessDaysBetween(from: Date, to: Date): number {
  return inBusinessTz(to).startOf('day').diff(inBusinessTz(from).startOf('day'), 'day');
}

export function addDays(date: Date, days: number): Date {
  return dayjs(date).add(days, 'day').toDate();
}

/** Times on the wire are ISO-8601 strings. */
export function toIso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

export { dayjs };
