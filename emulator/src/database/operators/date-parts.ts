/**
 * A date's calendar parts in a timezone, as MongoDB's date expression operators read them (MongoDB manual,
 * $dateToString → "Format Specifiers", $week, $isoWeek, …): an Olson name ("Asia/Shanghai") or a UTC offset
 * ("+08", "+0800", "+08:00", "-03:30"); no timezone means UTC.
 */
import { invalidRequest } from '../errors';

export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 (Sunday) – 7 (Saturday), as $dayOfWeek and %w. */
  dayOfWeek: number;
  /** 1–366 */
  dayOfYear: number;
  /** 0–53: weeks start on Sunday, days before the year's first Sunday are week 0 ($week, %U; strftime's %U). */
  week: number;
  /** 1 (Monday) – 7 (Sunday) */
  isoDayOfWeek: number;
  /** 1–53, ISO 8601 */
  isoWeek: number;
  isoWeekYear: number;
  /** Minutes east of UTC in that timezone at that instant. */
  offsetMinutes: number;
}

const OFFSET = /^([+-])(\d{2})(?::?(\d{2}))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC for `timezone` at `date`; throws DATABASE_REQUEST_FAILED for an unknown timezone. */
export function timezoneOffsetMinutes(timezone: string | undefined, date: Date): number {
  if (timezone === undefined || timezone === 'UTC' || timezone === 'GMT' || timezone === 'Z') return 0;
  const offset = OFFSET.exec(timezone);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    return offset[1] === '-' ? -minutes : minutes;
  }
  let formatter = formatters.get(timezone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      throw invalidRequest(`unrecognized time zone identifier: "${timezone}"`);
    }
    formatters.set(timezone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(date)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

export function dateParts(date: Date, timezone?: string): DateParts {
  const offsetMinutes = timezoneOffsetMinutes(timezone, date);
  const local = new Date(date.getTime() + offsetMinutes * 60000);
  const year = local.getUTCFullYear();
  const dayOfYear = Math.floor((Date.UTC(year, local.getUTCMonth(), local.getUTCDate()) - Date.UTC(year, 0, 1)) / 86400000) + 1;
  const weekday = local.getUTCDay(); // 0 = Sunday
  const isoDayOfWeek = weekday === 0 ? 7 : weekday;
  const { isoWeek, isoWeekYear } = isoWeekOf(year, dayOfYear, isoDayOfWeek);
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
    dayOfWeek: weekday + 1,
    dayOfYear,
    week: Math.floor((dayOfYear - 1 + 7 - weekday) / 7),
    isoDayOfWeek,
    isoWeek,
    isoWeekYear,
    offsetMinutes,
  };
}

/** ISO 8601: week 1 holds the year's first Thursday; weeks start on Monday. */
function isoWeekOf(year: number, dayOfYear: number, isoDayOfWeek: number): { isoWeek: number; isoWeekYear: number } {
  const week = Math.floor((dayOfYear - isoDayOfWeek + 10) / 7);
  if (week < 1) return { isoWeek: isoWeeksIn(year - 1), isoWeekYear: year - 1 };
  if (week > isoWeeksIn(year)) return { isoWeek: 1, isoWeekYear: year + 1 };
  return { isoWeek: week, isoWeekYear: year };
}

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday; else 52. */
function isoWeeksIn(year: number): number {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}
