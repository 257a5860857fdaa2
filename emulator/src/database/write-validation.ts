/**
 * What a write may store, checked before anything is computed or committed (so a refused write changes
 * nothing), for every caller of the engine (server SDK and web endpoint alike):
 * - no field name starting with `$`, at any depth: CloudBase answers DATABASE_REQUEST_FAILED (MongoDB:
 *   "The dollar ($) prefixed field … is not valid for storage", DollarPrefixedFieldName);
 * - an update path must be able to exist: MongoDB refuses `$set: { 'tags.name': 1 }` when `tags` is an
 *   array, and `'a.b'` / `'a.0'` when `a` is a string, number or null ("Cannot create field 'name' in
 *   element {tags: [...]}", PathNotViable, MongoDB manual: $set → "Behavior"), where mingo silently
 *   ignores the first and overwrites null in the last.
 */
import type { Doc } from '../types';
import { invalidRequest } from './errors';
import { isPlainObject } from './values';

/** Positional update path parts (`$`, `$[]`, `$[name]`) are operators, not field names. */
const POSITIONAL = /^\$(\[[A-Za-z0-9_]*\])?$/;

/** Refuses a document (insert or replacement) holding a `$`-prefixed field name anywhere. */
export function assertStorableDocument(doc: Doc): void {
  assertStorableValue(doc, '');
}

/** Operators whose values are stored as they are (and whose paths are created when missing). */
const STORING_OPERATORS = new Set(['$set', '$setOnInsert', '$inc', '$mul', '$min', '$max']);
/** Operators that create their path when it is missing (values checked separately). */
const PATH_CREATING_OPERATORS = new Set([...STORING_OPERATORS, '$push', '$addToSet', '$currentDate']);

/**
 * Checks an update (operators, with plain fields already folded into `$set`) against the document it
 * applies to: stored values hold no `$`-prefixed names, no path part is `$`-prefixed (positional parts
 * aside), and every created path can exist in `current`.
 */
export function assertStorableUpdate(current: Doc, modifier: Record<string, Record<string, unknown>>): void {
  for (const [operator, fields] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(fields)) {
      for (const part of path.split('.')) {
        if (part.startsWith('$') && !POSITIONAL.test(part)) throw dollarPrefixed(part, path);
      }
      if (STORING_OPERATORS.has(operator)) assertStorableValue(value, path);
      else if (operator === '$push' || operator === '$addToSet') assertStorableArrayItems(value, path);
      const target = operator === '$rename' && typeof value === 'string' ? value : path;
      if (PATH_CREATING_OPERATORS.has(operator) || operator === '$rename') assertPathCanExist(current, target);
    }
  }
}

/** `$push: { f: { $each: [...], $slice … } }` stores the `$each` items; anything else is stored as is. */
function assertStorableArrayItems(value: unknown, path: string): void {
  if (isPlainObject(value) && '$each' in value) {
    if (Array.isArray(value.$each)) value.$each.forEach((item, i) => assertStorableValue(item, `${path}.${i}`));
    return;
  }
  assertStorableValue(value, path);
}

function assertStorableValue(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertStorableValue(item, path ? `${path}.${i}` : String(i)));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const innerPath = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) throw dollarPrefixed(key, innerPath);
    assertStorableValue(inner, innerPath);
  }
}

/**
 * Walks `path` through `doc` as MongoDB would create it: through objects by name, through arrays by index
 * only; a missing part ends the walk (the rest is created). Positional paths are resolved per element by
 * the update itself and are not walked here.
 */
function assertPathCanExist(doc: Doc, path: string): void {
  const parts = path.split('.');
  if (parts.some((part) => POSITIONAL.test(part))) return;
  let node: unknown = doc;
  let nodeName = '';
  for (const part of parts) {
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(part)) throw pathNotViable(part, nodeName, node);
      node = node[Number(part)];
    } else if (isPlainObject(node)) {
      node = node[part];
    } else {
      throw pathNotViable(part, nodeName, node);
    }
    nodeName = part;
    if (node === undefined) return;
  }
}

function dollarPrefixed(field: string, path: string): Error {
  return invalidRequest(`The dollar ($) prefixed field '${field}' in '${path}' is not valid for storage.`);
}

function pathNotViable(field: string, elementName: string, element: unknown): Error {
  return invalidRequest(`Cannot create field '${field}' in element {${elementName}: ${describeValue(element)}}`);
}

function describeValue(value: unknown): string {
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
