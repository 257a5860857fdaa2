/** Extraction of index key tuples from documents, including multikey fan-out over arrays. */
import { DatabaseError, type IndexKey } from '../types';
import { isPlainObject, keyString } from './values';


export interface ExtractedKeys {
  tuples: unknown[][];
  /** True when an indexed field held an array, i.e. the index becomes multikey. */
  multikey: boolean;
}

export function extractKeys(doc: Record<string, unknown>, keys: IndexKey[]): ExtractedKeys {
  const single = singleTuple(doc, keys);
  if (single) return { tuples: [single], multikey: false };
  let tuples: unknown[][] = [[]];
  let multikey = false;
  let fannedOut: string | undefined;
  for (const key of keys) {
    const values = valuesAtPath(doc, key.name);
    if (values.array) multikey = true;
    if (values.list.length === 1) {
      for (const tuple of tuples) tuple.push(values.list[0]);
      continue;
    }
    // As MongoDB: one document may hold an array in at most one field of a compound index.
    if (fannedOut !== undefined) {
      throw new DatabaseError('DATABASE_REQUEST_FAILED', `cannot index parallel arrays [${fannedOut}] [${key.name}]`);
    }
    fannedOut = key.name;
    const next: unknown[][] = [];
    for (const tuple of tuples) for (const value of values.list) next.push([...tuple, value]);
    tuples = next;
  }
  return { tuples, multikey };
}

/**
 * The common case, every key a top-level field that holds no array: one tuple, allocated at its exact
 * size. Index entries keep their tuple for life, and tuples grown by push had room for 16 values, which
 * made them most of an index's memory.
 */
function singleTuple(doc: Record<string, unknown>, keys: IndexKey[]): unknown[] | undefined {
  if (!isPlainObject(doc)) return undefined;
  const tuple = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i].name;
    if (name.includes('.')) return undefined;
    const value = doc[name];
    if (Array.isArray(value)) return undefined;
    tuple[i] = value === undefined ? null : value;
  }
  return tuple;
}

/**
 * Every value a query on `path` could match: array elements are indexed individually (and the empty array
 * as itself), and a path that runs into a missing field or a scalar yields null, because `{f: null}` matches
 * missing fields.
 */
export function valuesAtPath(doc: unknown, path: string): { list: unknown[]; array: boolean } {
  if (!path.includes('.') && isPlainObject(doc)) {
    // Fast path for the common top-level scalar field.
    const value = doc[path];
    if (!Array.isArray(value)) return { list: [value === undefined ? null : value], array: false };
  }
  const out = new Map<string, unknown>();
  let array = false;
  const visit = (value: unknown, parts: string[], i: number): void => {
    if (i === parts.length) {
      if (Array.isArray(value)) {
        array = true;
        if (value.length === 0) out.set('[]', []);
        for (const item of value) out.set(keyString(item), item === undefined ? null : item);
      } else {
        out.set(keyString(value), value === undefined ? null : value);
      }
      return;
    }
    if (Array.isArray(value)) {
      array = true;
      const part = parts[i];
      if (/^\d+$/.test(part)) visit(value[Number(part)], parts, i + 1);
      let any = false;
      for (const item of value) {
        if (isPlainObject(item)) {
          any = true;
          visit(item, parts, i);
        }
      }
      if (!any) out.set('z', null);
      return;
    }
    if (isPlainObject(value)) {
      visit(value[parts[i]], parts, i + 1);
      return;
    }
    out.set('z', null);
  };
  visit(doc, path.split('.'), 0);
  return { list: [...out.values()], array };
}
