/** Computes a document's next state from an update (operators via mingo) or a replacement. */
import { update as mingoUpdate } from 'mingo';
import type { Doc } from '../types';
import { asDatabaseError, invalidRequest } from './errors';
import { cloneValue, deepEqual, isPlainObject } from './values';
import { assertStorableDocument, assertStorableUpdate } from './write-validation';

/**
 * @param merge true: `update` holds operators and/or plain fields (plain fields are `$set`, as the
 *   CloudBase SDK's `update()` does); false: `update` replaces the document except `_id`.
 * @param inserting true while building an upserted document, so `$setOnInsert` applies.
 */
export function applyUpdate(current: Doc, update: Doc, merge: boolean, inserting = false): Doc {
  if (!isPlainObject(update)) throw invalidRequest('update data must be an object');
  if (!merge) return replaceDocument(current, update);

  const modifier: Record<string, Record<string, unknown>> = {};
  const plainFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    if (!key.startsWith('$')) {
      plainFields[key] = value;
      continue;
    }
    if (!isPlainObject(value)) throw invalidRequest(`Modifiers operate on fields but we found type ${typeof value} instead for ${key}`);
    if (key === '$setOnInsert') {
      if (inserting) modifier.$set = { ...modifier.$set, ...value };
      continue;
    }
    modifier[key] = key === '$set' ? { ...modifier.$set, ...value } : value;
  }
  if (Object.keys(plainFields).length > 0) modifier.$set = { ...modifier.$set, ...plainFields };
  if ('_id' in (modifier.$set ?? {}) && deepEqual(modifier.$set._id, current._id)) delete modifier.$set._id;
  if (Object.keys(modifier).length === 0) return cloneValue(current);
  assertStorableUpdate(current, modifier);

  const next = cloneValue(current);
  try {
    mingoUpdate(next, cloneValue(modifier) as never);
  } catch (error) {
    throw asDatabaseError(error);
  }
  if (!inserting && !deepEqual(next._id, current._id)) throw immutableId();
  if (Object.values(modifier).some((fields) => Object.keys(fields).some((path) => /(^|\.)\d+(\.|$)/.test(path)))) fillArrayHoles(next);
  return next;
}

/** `$set: { 'tags.5': x }` past the end: MongoDB pads with nulls, mingo leaves holes. */
function fillArrayHoles(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) value[i] = null;
      else fillArrayHoles(value[i]);
    }
  } else if (isPlainObject(value)) {
    for (const inner of Object.values(value)) fillArrayHoles(inner);
  }
}

function replaceDocument(current: Doc, replacement: Doc): Doc {
  if (Object.keys(replacement).some((k) => k.startsWith('$'))) throw invalidRequest('replacement document must not contain update operators');
  if ('_id' in replacement && replacement._id !== undefined && !deepEqual(replacement._id, current._id)) throw immutableId();
  const { _id: _ignored, ...fields } = replacement;
  assertStorableDocument(fields);
  return { _id: current._id, ...cloneValue(fields) };
}

function immutableId(): Error {
  return invalidRequest("Performing an update on the path '_id' would modify the immutable field '_id'");
}

/** The document an upsert starts from: the filter's equality conditions (MongoDB's rule). */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: unknown): void => {
    if (!isPlainObject(f)) return;
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) value.forEach(visit);
      if (key.startsWith('$')) continue;
      if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        if ('$eq' in value) setPath(seed, key, cloneValue(value.$eq));
        continue;
      }
      if (value instanceof RegExp) continue;
      setPath(seed, key, cloneValue(value));
    }
  };
  visit(filter);
  return seed;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}
