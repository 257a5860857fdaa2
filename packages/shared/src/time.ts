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
  const t = fixedOffsetInstant(date);
  if (t !== undefined) return new Date(chinaDayNumber(t) * DAY_MS - CHINA_OFFSET_MS);
  return inBusinessTz(date).startOf('day').toDate();
}

/** Whole calendar days from `from` to `to` in China time (negative when `to` is earlier). */
export function businessDaysBetween(from: Date, to: Date): number {
  const a = fixedOffsetInstant(from);
  const b = fixedOffsetInstant(to);
  if (a !== undefined && b !== undefined) return chinaDayNumber(b) - chinaDayNumber(a);
  return inBusinessTz(to).startOf('day').diff(inBusinessTz(from).startOf('day'), 'day');
}

/*
 * Asia/Shanghai has been a fixed +08:00 without daylight saving since 1991, so for instants after that the
 * China calendar day is plain arithmetic. dayjs' time-zone plugin formats through Intl on every call,
 * which made these two functions a large share of seeding 100k customers; older instants (and strings,
 * which dayjs parses its own way) still take the dayjs path.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86400_000;
const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1);

function fixedOffsetInstant(date: Date | string | number): number | undefined {
  if (typeof date === 'string') return undefined;
  const t = +date;
  return t >= FIXED_OFFSET_SINCE ? t : undefined;
}

/** Days since 1970-01-01 of the China-time calendar day containing `t`. */
function chinaDayNumber(t: number): number {
  return Math.floor((t + CHINA_OFFSET_MS) / DAY_MS);
}

export function addDays(date: Date, days: number): Date {
  return dayjs(date).add(days, 'day').toDate();
}

/** Times on the wire are ISO-8601 strings. */
export function toIso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

export { dayjs };
