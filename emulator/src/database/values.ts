/** Helpers over the native value model documents use (plain objects, arrays, Date, RegExp, primitives). */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep copy so callers can never mutate stored documents (faster than structuredClone for this model). */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cloneValue((value as Record<string, unknown>)[key]);
  return out as T;
}

/** Structural equality; object key order is ignored (an update that only reorders keys changes nothing). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp || b instanceof RegExp) return a instanceof RegExp && b instanceof RegExp && String(a) === String(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual((a as never)[key], (b as never)[key]));
}

/** Canonical string of a value, for hashing index keys (0 and -0, 1 and 1.0 collapse as in BSON compare). */
export function keyString(value: unknown): string {
  if (value === null || value === undefined) return 'z';
  switch (typeof value) {
    case 'number':
      return 'n' + (Object.is(value, -0) ? '0' : String(value));
    case 'bigint':
      return 'n' + String(value);
    case 'string':
      return 's' + JSON.stringify(value);
    case 'boolean':
      return value ? 'bt' : 'bf';
  }
  if (value instanceof Date) return 'd' + value.getTime();
  if (value instanceof RegExp) return 'r' + String(value);
  if (Array.isArray(value)) return '[' + value.map(keyString).join(',') + ']';
  if (Buffer.isBuffer(value)) return 'x' + value.toString('hex');
  if (isPlainObject(value)) return '{' + Object.keys(value).map((k) => JSON.stringify(k) + ':' + keyString(value[k])).join(',') + '}';
  return 'o' + String(value);
}

/** Document ids are usually strings; other id types get a prefixed canonical form so maps stay keyed by string. */
export function idKey(id: unknown): string {
  return typeof id === 'string' ? id : '\u0000' + keyString(id);
}
