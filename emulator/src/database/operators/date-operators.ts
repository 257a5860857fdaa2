/**
 * Date expression operators as MongoDB defines them (MongoDB manual, "Date Expression Operators" and
 * $dateToString → "Format Specifiers"), all reading calendar parts through date-parts.ts. mingo gets
 * $week wrong (it is not "ISO week, shifted"), $isoWeekYear on days before the ISO year starts, %w
 * (1 = Sunday in MongoDB), %U, %Z (signed) and %%, and fails on null dates, which MongoDB answers with null.
 */
import { evalExpr } from 'mingo/core';
import type { Options } from 'mingo/types';
import { invalidRequest } from '../errors';
import { isPlainObject } from '../values';
import { dateParts, type DateParts } from './date-parts';

type Operand = unknown;
type Evaluated = { date: Date | null; timezone?: string };

/** `<date>`, `[<date>]` or `{ date, timezone }`, evaluated; a null or missing date is null. */
function evaluateDateArgument(obj: unknown, expr: Operand, options: Options, operator: string): Evaluated {
  let dateExpr = expr;
  let timezone: string | undefined;
  if (Array.isArray(expr)) {
    if (expr.length !== 1) throw invalidRequest(`Expression ${operator} takes exactly 1 arguments. ${expr.length} were passed in.`);
    dateExpr = expr[0];
  } else if (isPlainObject(expr) && 'date' in expr) {
    dateExpr = expr.date;
    const tz = expr.timezone === undefined ? undefined : evalExpr(obj, expr.timezone, options);
    if (tz !== undefined && tz !== null && typeof tz !== 'string') throw invalidRequest(`${operator}: timezone must evaluate to a string`);
    if (tz === null) return { date: null };
    timezone = tz as string | undefined;
  }
  const value = evalExpr(obj, dateExpr, options);
  if (value === null || value === undefined) return { date: null };
  if (!(value instanceof Date)) throw invalidRequest(`${operator}: can't convert from BSON type ${typeName(value)} to Date`);
  return { date: value, timezone };
}

function partOperator(operator: string, pick: (parts: DateParts) => number) {
  return (obj: unknown, expr: Operand, options: Options): number | null => {
    const { date, timezone } = evaluateDateArgument(obj, expr, options, operator);
    return date ? pick(dateParts(date, timezone)) : null;
  };
}

export const $year = partOperator('$year', (p) => p.year);
export const $month = partOperator('$month', (p) => p.month);
export const $dayOfMonth = partOperator('$dayOfMonth', (p) => p.day);
export const $hour = partOperator('$hour', (p) => p.hour);
export const $minute = partOperator('$minute', (p) => p.minute);
export const $second = partOperator('$second', (p) => p.second);
export const $millisecond = partOperator('$millisecond', (p) => p.millisecond);
export const $dayOfYear = partOperator('$dayOfYear', (p) => p.dayOfYear);
export const $dayOfWeek = partOperator('$dayOfWeek', (p) => p.dayOfWeek);
export const $week = partOperator('$week', (p) => p.week);
export const $isoDayOfWeek = partOperator('$isoDayOfWeek', (p) => p.isoDayOfWeek);
export const $isoWeek = partOperator('$isoWeek', (p) => p.isoWeek);
export const $isoWeekYear = partOperator('$isoWeekYear', (p) => p.isoWeekYear);

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

/** MongoDB's specifiers (4.x–6.x): anything else after % is an error. */
const SPECIFIERS: Record<string, (p: DateParts) => string> = {
  d: (p) => pad(p.day, 2),
  G: (p) => pad(p.isoWeekYear, 4),
  H: (p) => pad(p.hour, 2),
  j: (p) => pad(p.dayOfYear, 3),
  L: (p) => pad(p.millisecond, 3),
  m: (p) => pad(p.month, 2),
  M: (p) => pad(p.minute, 2),
  S: (p) => pad(p.second, 2),
  w: (p) => String(p.dayOfWeek),
  u: (p) => String(p.isoDayOfWeek),
  U: (p) => pad(p.week, 2),
  V: (p) => pad(p.isoWeek, 2),
  Y: (p) => pad(p.year, 4),
  z: (p) => (p.offsetMinutes < 0 ? '-' : '+') + pad(Math.trunc(p.offsetMinutes / 60), 2) + pad(p.offsetMinutes % 60, 2),
  // The manual's own example: "-300" for New York, "270" for +04:30 (no plus sign).
  Z: (p) => String(p.offsetMinutes),
  '%': () => '%',
};

export function formatDate(date: Date, format: string, timezone?: string): string {
  const parts = dateParts(date, timezone);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spec = format[++i];
    if (spec === undefined) throw invalidRequest('Unmatched \'%\' at end of format string');
    const render = SPECIFIERS[spec];
    if (!render) throw invalidRequest(`Invalid format character '%${spec}' in format string`);
    out += render(parts);
  }
  return out;
}

/**
 * `{ date, format, timezone, onNull }`. Without a format: "%Y-%m-%dT%H:%M:%S.%LZ", timezone or not, as
 * MongoDB up to 7.0 does (the manuals 4.4–7.0; 7.1 dropped the Z for other timezones, CloudBase's
 * MongoDB is older).
 */
export function $dateToString(obj: unknown, expr: Operand, options: Options): string | unknown {
  if (!isPlainObject(expr) || !('date' in expr)) throw invalidRequest("$dateToString requires a 'date' argument");
  const format = expr.format === undefined ? undefined : evalExpr(obj, expr.format, options);
  if (format !== undefined && format !== null && typeof format !== 'string') throw invalidRequest('$dateToString requires that \'format\' be a string');
  const { date, timezone } = evaluateDateArgument(obj, { date: expr.date, timezone: expr.timezone }, options, '$dateToString');
  if (!date || format === null) return expr.onNull === undefined ? null : evalExpr(obj, expr.onNull, options);
  return formatDate(date, (format as string | undefined) ?? '%Y-%m-%dT%H:%M:%S.%LZ', timezone);
}

function typeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
