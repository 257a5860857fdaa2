/**
 * The values a dotted path reaches in a document, as MongoDB's matcher walks it: a name looks into an
 * object, and into every object element of an array (one level only: arrays nested in arrays are not
 * entered by a name); a numeric part also picks that element of an array. "a.b" on {a: [{b: 1}, {c: 2}]}
 * reaches [1]; on {a: [[{b: 1}]]} it reaches nothing.
 */
import { isPlainObject } from '../values';

export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(node: unknown, parts: string[], i: number, out: unknown[]): void {
  if (node === undefined) return;
  if (i === parts.length) {
    out.push(node);
    return;
  }
  const part = parts[i];
  if (Array.isArray(node)) {
    if (/^\d+$/.test(part)) collect(node[Number(part)], parts, i + 1, out);
    for (const element of node) if (isPlainObject(element)) collect(element[part], parts, i + 1, out);
  } else if (isPlainObject(node)) {
    collect(node[part], parts, i + 1, out);
  }
}

/** The values a condition is tested against: each reached value and, for arrays, each of their elements. */
export function candidateValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  for (const value of valuesAtPath(doc, path)) {
    if (Array.isArray(value)) out.push(...value);
    out.push(value);
  }
  return out;
}
