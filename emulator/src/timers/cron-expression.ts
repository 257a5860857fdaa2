/**
 * CloudBase/SCF timer-trigger cron: seven space-separated fields
 *   second minute hour day-of-month month day-of-week year
 * with `*`, lists `,`, ranges `-` and steps `/` (`*\/5`, `1/10`, `10-40/5`). Months take JAN–DEC, weekdays
 * 0–6 with 0 = Sunday (as the current SCF documentation says) or SUN–SAT. `?` is accepted as `*` in the
 * day fields, as SCF's console writes it. L, W and # are not supported.
 *
 * Schedules are evaluated in Asia/Shanghai (UTC+8, no daylight saving since 1991) whatever the machine's
 * time zone: that is the zone the CloudBase scheduler uses.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const MAX_YEAR = 2099;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** First name maps to this number (months are 1-based, weekdays 0-based). */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'weekday', min: 0, max: 6, names: WEEKDAY_NAMES, nameBase: 0 },
  { name: 'year', min: 1970, max: MAX_YEAR },
];

export class CronSyntaxError extends Error {
  constructor(expression: string, detail: string) {
    super(`Invalid timer trigger cron "${expression}": ${detail}`);
    this.name = 'CronSyntaxError';
  }
}

interface Field {
  allowed: boolean[];
  /** false for `*` / `?`: matters for the day-of-month / day-of-week combination rule. */
  restricted: boolean;
}

export class CronExpression {
  private constructor(
    readonly source: string,
    private readonly seconds: Field,
    private readonly minutes: Field,
    private readonly hours: Field,
    private readonly days: Field,
    private readonly months: Field,
    private readonly weekdays: Field,
    private readonly years: Field,
  ) {}

  static parse(expression: string): CronExpression {
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 7) {
      throw new CronSyntaxError(expression, `expected 7 fields (second minute hour day month weekday year), got ${parts.length}`);
    }
    const fields = parts.map((part, i) => parseField(expression, part, FIELDS[i]));
    const [s, m, h, d, mo, w, y] = fields;
    return new CronExpression(expression, s, m, h, d, mo, w, y);
  }

  /** The first fire time strictly after `after`, or null when the schedule has no more (year > 2099). */
  next(after: Date): Date | null {
    // Work on Shanghai wall-clock time held in a Date's UTC fields.
    const wall = new Date(Math.floor((after.getTime() + SHANGHAI_OFFSET_MS) / 1000) * 1000 + 1000);
    for (let guard = 0; guard < 1_000_000; guard++) {
      const year = wall.getUTCFullYear();
      if (year > MAX_YEAR) return null;
      if (!this.years.allowed[year - 1970]) {
        const nextYear = this.years.allowed.findIndex((ok, i) => ok && i + 1970 > year);
        if (nextYear < 0) return null;
        wall.setTime(Date.UTC(nextYear + 1970, 0, 1));
        continue;
      }
      const month = wall.getUTCMonth() + 1;
      if (!this.months.allowed[month - 1]) {
        wall.setTime(Date.UTC(year, month, 1)); // first day of the following month
        continue;
      }
      if (!this.dayMatches(wall.getUTCDate(), wall.getUTCDay())) {
        wall.setTime(Date.UTC(year, month - 1, wall.getUTCDate() + 1));
        continue;
      }
      if (!this.hours.allowed[wall.getUTCHours()]) {
        wall.setUTCHours(wall.getUTCHours() + 1, 0, 0, 0);
        continue;
      }
      if (!this.minutes.allowed[wall.getUTCMinutes()]) {
        wall.setUTCMinutes(wall.getUTCMinutes() + 1, 0, 0);
        continue;
      }
      if (!this.seconds.allowed[wall.getUTCSeconds()]) {
        wall.setUTCSeconds(wall.getUTCSeconds() + 1, 0);
        continue;
      }
      return new Date(wall.getTime() - SHANGHAI_OFFSET_MS);
    }
    return null;
  }

  /** Classic cron rule: when both day fields are restricted, either may match. */
  private dayMatches(dayOfMonth: number, dayOfWeek: number): boolean {
    const byDay = this.days.allowed[dayOfMonth - 1];
    const byWeekday = this.weekdays.allowed[dayOfWeek];
    if (this.days.restricted && this.weekdays.restricted) return byDay || byWeekday;
    return byDay && byWeekday;
  }
}

function parseField(expression: string, text: string, spec: FieldSpec): Field {
  const allowed = new Array<boolean>(spec.max - spec.min + 1).fill(false);
  const fail = (detail: string): never => {
    throw new CronSyntaxError(expression, `${spec.name} field "${text}": ${detail}`);
  };
  let restricted = false;
  for (const item of text.split(',')) {
    if (item === '') fail('empty list item');
    const [rangeText, stepText, ...extra] = item.split('/');
    if (extra.length) fail('more than one "/"');
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) fail(`step "${stepText}" must be a positive integer`);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (rangeText === '*' || (rangeText === '?' && (spec.name === 'day' || spec.name === 'weekday'))) {
      from = spec.min;
      to = spec.max;
      // Like Vixie cron, "*/n" still counts as unrestricted for the day-of-month/day-of-week rule.
    } else {
      restricted = true;
      const bounds = rangeText.split('-');
      if (bounds.length > 2) fail(`bad range "${rangeText}"`);
      from = parseValue(bounds[0], spec, fail);
      // "a/step" runs from a to the end of the field.
      to = bounds.length === 2 ? parseValue(bounds[1], spec, fail) : stepText !== undefined ? spec.max : from;
      if (from > to) fail(`range ${bounds[0]}-${bounds[1]} runs backwards`);
    }
    for (let v = from; v <= to; v += step) allowed[v - spec.min] = true;
  }
  return { allowed, restricted };
}

function parseValue(text: string, spec: FieldSpec, fail: (detail: string) => never): number {
  let value: number;
  if (/^\d+$/.test(text)) {
    value = Number(text);
  } else {
    const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (index < 0) return fail(`"${text}" is not a number${spec.names ? ' or name' : ''}`);
    value = index + (spec.nameBase ?? 0);
  }
  if (value < spec.min || value > spec.max) fail(`${value} is outside ${spec.min}–${spec.max}`);
  return value;
}

/** CloudBase's timer event time format: UTC, second precision, e.g. 2026-12-05T02:00:00Z. */
export function timerEventTime(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
