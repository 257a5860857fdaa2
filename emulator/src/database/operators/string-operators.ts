/**
 * String expression operators where mingo departs from MongoDB (MongoDB manual, "String Expression
 * Operators"), redone on UTF-8 bytes and code points as MongoDB counts them:
 * - $substr / $substrBytes: byte offsets; a negative length means "the rest of the string" (mingo refused
 *   it); a negative start is an error; cutting inside a UTF-8 character is an error.
 * - $substrCP: code points (an emoji is one), start and length non-negative integers.
 * - $indexOfBytes: a UTF-8 byte index (mingo answered the UTF-16 index); $indexOfCP: a code point index
 *   (missing in mingo); both take optional start/end, answer -1 when absent and null for a null string.
 * - $toLower / $toUpper: ASCII letters only ("well-defined behavior for strings of ASCII characters");
 *   null becomes "" (mingo kept null and changed non-ASCII letters).
 * - $strcasecmp: ASCII case-insensitive comparison of the strings' bytes.
 * Strings are coerced as MongoDB coerces them (numbers and dates to text, null to "") where the manual
 * says the operator accepts any expression.
 */
import { evalExpr } from 'mingo/core';
import type { Options } from 'mingo/types';
import { invalidRequest } from '../errors';

function args(obj: unknown, expr: unknown, options: Options, operator: string, min: number, max = min): unknown[] {
  if (!Array.isArray(expr)) throw invalidRequest(`Expression ${operator} takes ${min === max ? 'exactly' : 'at least'} ${min} arguments`);
  if (expr.length < min || expr.length > max) throw invalidRequest(`Expression ${operator} takes ${min === max ? `exactly ${min}` : `${min} to ${max}`} arguments. ${expr.length} were passed in.`);
  return expr.map((item) => evalExpr(obj, item, options));
}

/** MongoDB's coerceToString: strings as they are, numbers and dates as text, null and missing as "". */
function coerceToString(value: unknown, operator: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw invalidRequest(`${operator}: can't convert from BSON type ${Array.isArray(value) ? 'array' : typeof value} to String`);
}

function integral(value: unknown, operator: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`${operator}: ${what} must be a numeric type`);
  return Math.trunc(value);
}

const isContinuationByte = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

function substrBytes(operator: string) {
  return (obj: unknown, expr: unknown, options: Options): string => {
    const [input, start, count] = args(obj, expr, options, operator, 3);
    const bytes = Buffer.from(coerceToString(input, operator), 'utf8');
    const lower = integral(start, operator, 'starting index');
    const length = integral(count, operator, 'length');
    if (lower < 0) throw invalidRequest(`${operator}: starting index must be non-negative (got: ${lower})`);
    if (lower >= bytes.length) return '';
    if (isContinuationByte(bytes[lower])) throw invalidRequest(`${operator}:  Invalid range, starting index is a UTF-8 continuation byte.`);
    // Negative length: the rest of the string (MongoDB casts it to an unsigned size).
    const upper = length < 0 ? bytes.length : Math.min(bytes.length, lower + length);
    if (isContinuationByte(bytes[upper])) throw invalidRequest(`${operator}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
    return bytes.subarray(lower, upper).toString('utf8');
  };
}

export const $substr = substrBytes('$substr');
export const $substrBytes = substrBytes('$substrBytes');

export function $substrCP(obj: unknown, expr: unknown, options: Options): string {
  const [input, start, count] = args(obj, expr, options, '$substrCP', 3);
  const codePoints = [...coerceToString(input, '$substrCP')];
  if (typeof start !== 'number' || !Number.isInteger(start)) throw invalidRequest("$substrCP: starting index must be a numeric type");
  if (start < 0) throw invalidRequest("$substrCP: starting index must be a non-negative integer");
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw invalidRequest('$substrCP: length must be a nonnegative integer.');
  return codePoints.slice(start, start + count).join('');
}

/** Shared by $indexOfBytes and $indexOfCP: `units` splits a string into the units indexes count. */
function indexOf(operator: string, units: (s: string) => string[]) {
  return (obj: unknown, expr: unknown, options: Options): number | null => {
    const [input, search, start, end] = args(obj, expr, options, operator, 2, 4);
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') throw invalidRequest(`${operator} requires a string as the first argument, found: ${typeof input}`);
    if (typeof search !== 'string') throw invalidRequest(`${operator} requires a string as the second argument, found: ${search === null ? 'null' : typeof search}`);
    const haystack = units(input);
    const needle = units(search);
    const bound = (value: unknown, what: string, fallback: number): number => {
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidRequest(`${operator} requires an integral ${what}, found a value of type: ${typeof value}`);
      if (value < 0) throw invalidRequest(`${operator} requires a nonnegative ${what}, found: ${value}`);
      return value;
    };
    const from = bound(start, 'starting index', 0);
    const to = Math.min(bound(end, 'ending index', haystack.length), haystack.length);
    if (from > to) return -1;
    for (let i = from; i + needle.length <= to; i++) {
      let found = true;
      for (let j = 0; j < needle.length && found; j++) found = haystack[i + j] === needle[j];
      if (found) return i;
    }
    return -1;
  };
}

const utf8Bytes = (s: string) => [...Buffer.from(s, 'utf8')].map(String);
export const $indexOfBytes = indexOf('$indexOfBytes', utf8Bytes);
export const $indexOfCP = indexOf('$indexOfCP', (s) => [...s]);

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const asciiUpper = (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase());

function singleArgument(obj: unknown, expr: unknown, options: Options, operator: string): unknown {
  const value = Array.isArray(expr) ? args(obj, expr, options, operator, 1)[0] : evalExpr(obj, expr, options);
  return value;
}

export function $toLower(obj: unknown, expr: unknown, options: Options): string {
  return asciiLower(coerceToString(singleArgument(obj, expr, options, '$toLower'), '$toLower'));
}

export function $toUpper(obj: unknown, expr: unknown, options: Options): string {
  return asciiUpper(coerceToString(singleArgument(obj, expr, options, '$toUpper'), '$toUpper'));
}

export function $strcasecmp(obj: unknown, expr: unknown, options: Options): number {
  const [a, b] = args(obj, expr, options, '$strcasecmp', 2).map((v) => Buffer.from(asciiUpper(coerceToString(v, '$strcasecmp')), 'utf8'));
  const order = Buffer.compare(a, b);
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

/** MongoDB's default $trim set (manual, $trim → "chars"); mingo missed U+3000, the ideographic space of Chinese text. */
const DEFAULT_TRIM = new Set(['\u0000', '\u0020', '\u0009', '\u000a', '\u000b', '\u000c', '\u000d', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000']);

function trimOperator(operator: string, left: boolean, right: boolean) {
  return (obj: unknown, expr: unknown, options: Options): string | null => {
    if (!(expr !== null && typeof expr === 'object' && !Array.isArray(expr) && 'input' in expr)) throw invalidRequest(`${operator} requires an 'input' field`);
    const spec = expr as { input: unknown; chars?: unknown };
    const input = evalExpr(obj, spec.input, options);
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') throw invalidRequest(`${operator} requires its input to be a string, got ${JSON.stringify(input)} instead.`);
    let set = DEFAULT_TRIM;
    if (spec.chars !== undefined) {
      const chars = evalExpr(obj, spec.chars, options);
      if (chars === null || chars === undefined) return null;
      if (typeof chars !== 'string') throw invalidRequest(`${operator} requires 'chars' to be a string, got ${JSON.stringify(chars)} instead.`);
      set = new Set([...chars]);
    }
    const codePoints = [...input];
    let start = 0;
    let end = codePoints.length;
    if (left) while (start < end && set.has(codePoints[start])) start++;
    if (right) while (end > start && set.has(codePoints[end - 1])) end--;
    return codePoints.slice(start, end).join('');
  };
}

export const $trim = trimOperator('$trim', true, true);
export const $ltrim = trimOperator('$ltrim', true, false);
export const $rtrim = trimOperator('$rtrim', false, true);
