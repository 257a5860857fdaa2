/**
 * Query operators where mingo departs from MongoDB, redone as the MongoDB manual defines them:
 * - $elemMatch (manual: $elemMatch (query)): with field conditions (`{ name: 'a' }`) only documents in the
 *   array can match, never plain values (mingo matched ['a', 'b'] against `{ name: 'a' }`); with operator
 *   conditions only (`{ $gte: 80, $lt: 85 }`) each element is tested as a value. Arrays nested in the array
 *   are not documents.
 * - $exists (manual: $exists): true when the path reaches a value (null included) the way the matcher
 *   walks paths: one level of array at a time (mingo entered arrays nested in arrays).
 * - $mod (manual: $mod): divisor, remainder and dividend are truncated toward zero (MongoDB casts them to
 *   64-bit integers, DOCS-7792); [divisor, remainder] must be exactly two numbers, not NaN or Infinity;
 *   a zero divisor is an error; NaN and Infinity values never match.
 */
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import type { Doc } from '../../types';
import { invalidRequest } from '../errors';
import { isPlainObject } from '../values';
import { candidateValues, valuesAtPath } from './document-paths';

type Predicate = (doc: Doc) => boolean;

const LOGICAL = new Set(['$and', '$or', '$nor']);

export function $elemMatch(selector: string, criteria: unknown, options: Options): Predicate {
  if (!isPlainObject(criteria)) throw invalidRequest('$elemMatch needs an Object');
  const keys = Object.keys(criteria);
  const valueForm = keys.length > 0 && keys.every((k) => k.startsWith('$') && !LOGICAL.has(k));
  // Value form tests each element wrapped as { v: element }; nested arrays stay whole (no traversal).
  const query = new Query(valueForm ? { v: criteria } : criteria, options);
  const elementMatches = valueForm ? (element: unknown) => query.test({ v: element }) : (element: unknown) => isPlainObject(element) && query.test(element);
  return (doc) => valuesAtPath(doc, selector).some((value) => Array.isArray(value) && value.some(elementMatches));
}

export function $exists(selector: string, expected: unknown): Predicate {
  const wanted = !!expected;
  return (doc) => valuesAtPath(doc, selector).length > 0 === wanted;
}

export function $mod(selector: string, spec: unknown): Predicate {
  if (!Array.isArray(spec)) throw invalidRequest('malformed mod, needs to be an array');
  if (spec.length < 2) throw invalidRequest('malformed mod, not enough elements');
  if (spec.length > 2) throw invalidRequest('malformed mod, too many elements');
  const [divisor, remainder] = spec.map((n, i) => {
    const name = i === 0 ? 'divisor' : 'remainder';
    if (typeof n !== 'number') throw invalidRequest(`malformed mod, ${name} not a number`);
    if (!Number.isFinite(n)) throw invalidRequest(`malformed mod, ${name} value is invalid :: caused by :: ${String(n)}`);
    return Math.trunc(n);
  });
  if (divisor === 0) throw invalidRequest('divisor cannot be 0');
  return (doc) =>
    candidateValues(doc, selector).some((value) => typeof value === 'number' && Number.isFinite(value) && Math.trunc(value) % divisor === remainder);
}
