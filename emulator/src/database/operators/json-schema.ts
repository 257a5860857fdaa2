/**
 * `$jsonSchema` as MongoDB defines it (MongoDB manual, $jsonSchema → "JSON Schema" and "Omissions"):
 * JSON Schema draft 4 plus `bsonType`; `type` knows no "integer"; `$ref`, `$schema`, `default`,
 * `definitions`, `format` and `id` are refused; an unknown keyword is an error. A schema is compiled once
 * per query into a predicate; a document that does not validate simply does not match.
 *
 * Numbers lose their BSON width on the way in (JSON numbers), so `int` means an integer within 32 bits,
 * `long` a larger integer (what `$numberLong` decodes to), `double` any other number, `number` all of them.
 */
import type { Doc } from '../../types';
import { invalidRequest } from '../errors';
import { deepEqual, isPlainObject } from '../values';

type Check = (value: unknown) => boolean;

const INT32 = 2 ** 31;

const BSON_TYPES: Record<string, Check> = {
  double: (v) => typeof v === 'number' && !isInt32(v) && !isLongInteger(v),
  string: (v) => typeof v === 'string',
  object: (v) => isPlainObject(v),
  array: (v) => Array.isArray(v),
  binData: (v) => Buffer.isBuffer(v),
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: (v) => typeof v === 'number' && isInt32(v),
  long: (v) => (typeof v === 'number' && isLongInteger(v)) || typeof v === 'bigint',
  decimal: () => false,
  number: (v) => typeof v === 'number' || typeof v === 'bigint',
  objectId: () => false,
  timestamp: () => false,
  undefined: (v) => v === undefined,
  minKey: () => false,
  maxKey: () => false,
  javascript: () => false,
  symbol: () => false,
  dbPointer: () => false,
  javascriptWithScope: () => false,
};

const JSON_TYPES: Record<string, Check> = {
  object: BSON_TYPES.object,
  array: BSON_TYPES.array,
  number: BSON_TYPES.number,
  boolean: BSON_TYPES.bool,
  string: BSON_TYPES.string,
  null: BSON_TYPES.null,
};

const UNSUPPORTED = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id']);
const ANNOTATIONS = new Set(['title', 'description']);

/** Compiles a `$jsonSchema` document into a predicate; a malformed schema throws DATABASE_REQUEST_FAILED. */
export function compileJsonSchema(schema: unknown): (doc: Doc) => boolean {
  if (!isPlainObject(schema)) throw invalidRequest('$jsonSchema must be an object');
  const check = compile(schema, '$jsonSchema');
  return (doc) => check(doc);
}

function compile(schema: Record<string, unknown>, at: string): Check {
  const checks: Check[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (UNSUPPORTED.has(keyword)) throw invalidRequest(`$jsonSchema keyword '${keyword}' is not currently supported`);
    if (ANNOTATIONS.has(keyword)) continue;
    const make = KEYWORDS[keyword];
    if (!make) throw invalidRequest(`Unknown $jsonSchema keyword: ${keyword}`);
    checks.push(make(arg, schema, `${at}.${keyword}`));
  }
  return (value) => checks.every((check) => check(value));
}

function subschema(arg: unknown, at: string): Check {
  if (!isPlainObject(arg)) throw invalidRequest(`${at} must be an object`);
  return compile(arg, at);
}

function subschemas(arg: unknown, at: string): Check[] {
  if (!Array.isArray(arg) || arg.length === 0) throw invalidRequest(`${at} must be a non-empty array of schemas`);
  return arg.map((item, i) => subschema(item, `${at}.${i}`));
}

function typeCheck(arg: unknown, table: Record<string, Check>, at: string): Check {
  const names = Array.isArray(arg) ? arg : [arg];
  const checks = names.map((name) => {
    if (typeof name !== 'string' || !table[name]) throw invalidRequest(`${at}: unknown type name ${JSON.stringify(name)}`);
    return table[name];
  });
  return (value) => checks.some((check) => check(value));
}

function numberArg(arg: unknown, at: string): number {
  if (typeof arg !== 'number' || !Number.isFinite(arg)) throw invalidRequest(`${at} must be a number`);
  return arg;
}

function countArg(arg: unknown, at: string): number {
  if (typeof arg !== 'number' || !Number.isInteger(arg) || arg < 0) throw invalidRequest(`${at} must be a non-negative integer`);
  return arg;
}

/** Keywords apply only to values of their kind (draft 4): `minimum` says nothing about a string. */
const onNumbers = (test: (n: number) => boolean): Check => (v) => typeof v !== 'number' || test(v);
const onStrings = (test: (s: string) => boolean): Check => (v) => typeof v !== 'string' || test(v);
const onArrays = (test: (a: unknown[]) => boolean): Check => (v) => !Array.isArray(v) || test(v);
const onObjects = (test: (o: Record<string, unknown>) => boolean): Check => (v) => !isPlainObject(v) || test(v);

const KEYWORDS: Record<string, (arg: unknown, schema: Record<string, unknown>, at: string) => Check> = {
  bsonType: (arg, _s, at) => typeCheck(arg, BSON_TYPES, at),
  type: (arg, _s, at) => typeCheck(arg, JSON_TYPES, at),
  enum: (arg, _s, at) => {
    if (!Array.isArray(arg) || arg.length === 0) throw invalidRequest(`${at} must be a non-empty array`);
    return (v) => arg.some((allowed) => deepEqual(allowed, v));
  },
  minimum: (arg, schema, at) => {
    const min = numberArg(arg, at);
    return onNumbers((n) => (schema.exclusiveMinimum === true ? n > min : n >= min));
  },
  maximum: (arg, schema, at) => {
    const max = numberArg(arg, at);
    return onNumbers((n) => (schema.exclusiveMaximum === true ? n < max : n <= max));
  },
  exclusiveMinimum: (arg, schema, at) => {
    if (typeof arg !== 'boolean' || !('minimum' in schema)) throw invalidRequest(`${at} must be a boolean next to minimum`);
    return () => true;
  },
  exclusiveMaximum: (arg, schema, at) => {
    if (typeof arg !== 'boolean' || !('maximum' in schema)) throw invalidRequest(`${at} must be a boolean next to maximum`);
    return () => true;
  },
  multipleOf: (arg, _s, at) => {
    const divisor = numberArg(arg, at);
    if (divisor <= 0) throw invalidRequest(`${at} must be a positive number`);
    return onNumbers((n) => Number.isInteger(n / divisor));
  },
  minLength: (arg, _s, at) => {
    const min = countArg(arg, at);
    return onStrings((s) => [...s].length >= min);
  },
  maxLength: (arg, _s, at) => {
    const max = countArg(arg, at);
    return onStrings((s) => [...s].length <= max);
  },
  pattern: (arg, _s, at) => {
    if (typeof arg !== 'string') throw invalidRequest(`${at} must be a string`);
    let re: RegExp;
    try {
      re = new RegExp(arg, 'u');
    } catch (error) {
      throw invalidRequest(`${at}: ${(error as Error).message}`);
    }
    return onStrings((s) => re.test(s));
  },
  required: (arg, _s, at) => {
    if (!Array.isArray(arg) || arg.length === 0 || !arg.every((name) => typeof name === 'string')) throw invalidRequest(`${at} must be a non-empty array of strings`);
    return onObjects((o) => arg.every((name) => Object.prototype.hasOwnProperty.call(o, name) && o[name] !== undefined));
  },
  properties: (arg, _s, at) => {
    if (!isPlainObject(arg)) throw invalidRequest(`${at} must be an object`);
    const checks = Object.entries(arg).map(([name, sub]) => [name, subschema(sub, `${at}.${name}`)] as const);
    return onObjects((o) => checks.every(([name, check]) => !(name in o) || o[name] === undefined || check(o[name])));
  },
  patternProperties: (arg, _s, at) => {
    if (!isPlainObject(arg)) throw invalidRequest(`${at} must be an object`);
    const checks = Object.entries(arg).map(([pattern, sub]) => [new RegExp(pattern, 'u'), subschema(sub, `${at}.${pattern}`)] as const);
    return onObjects((o) => Object.entries(o).every(([name, value]) => checks.every(([re, check]) => !re.test(name) || check(value))));
  },
  additionalProperties: (arg, schema, at) => {
    const declared = isPlainObject(schema.properties) ? Object.keys(schema.properties) : [];
    const patterns = isPlainObject(schema.patternProperties) ? Object.keys(schema.patternProperties).map((p) => new RegExp(p, 'u')) : [];
    const isAdditional = (name: string) => !declared.includes(name) && !patterns.some((re) => re.test(name));
    if (typeof arg === 'boolean') return onObjects((o) => arg || Object.keys(o).every((name) => !isAdditional(name)));
    const check = subschema(arg, at);
    return onObjects((o) => Object.entries(o).every(([name, value]) => !isAdditional(name) || check(value)));
  },
  minProperties: (arg, _s, at) => {
    const min = countArg(arg, at);
    return onObjects((o) => Object.keys(o).length >= min);
  },
  maxProperties: (arg, _s, at) => {
    const max = countArg(arg, at);
    return onObjects((o) => Object.keys(o).length <= max);
  },
  dependencies: (arg, _s, at) => {
    if (!isPlainObject(arg)) throw invalidRequest(`${at} must be an object`);
    const checks = Object.entries(arg).map(([name, dep]): [string, Check] => {
      if (Array.isArray(dep)) return [name, (o) => dep.every((other) => Object.prototype.hasOwnProperty.call(o, other as string))];
      const check = subschema(dep, `${at}.${name}`);
      return [name, check];
    });
    return onObjects((o) => checks.every(([name, check]) => !(name in o) || check(o)));
  },
  items: (arg, _s, at) => {
    if (Array.isArray(arg)) {
      const checks = arg.map((item, i) => subschema(item, `${at}.${i}`));
      return onArrays((a) => checks.every((check, i) => i >= a.length || check(a[i])));
    }
    const check = subschema(arg, at);
    return onArrays((a) => a.every(check));
  },
  additionalItems: (arg, schema, at) => {
    if (!Array.isArray(schema.items)) return () => true;
    const fixed = schema.items.length;
    if (typeof arg === 'boolean') return onArrays((a) => arg || a.length <= fixed);
    const check = subschema(arg, at);
    return onArrays((a) => a.slice(fixed).every(check));
  },
  minItems: (arg, _s, at) => {
    const min = countArg(arg, at);
    return onArrays((a) => a.length >= min);
  },
  maxItems: (arg, _s, at) => {
    const max = countArg(arg, at);
    return onArrays((a) => a.length <= max);
  },
  uniqueItems: (arg, _s, at) => {
    if (typeof arg !== 'boolean') throw invalidRequest(`${at} must be a boolean`);
    return onArrays((a) => !arg || a.every((item, i) => a.findIndex((other) => deepEqual(other, item)) === i));
  },
  allOf: (arg, _s, at) => {
    const checks = subschemas(arg, at);
    return (v) => checks.every((check) => check(v));
  },
  anyOf: (arg, _s, at) => {
    const checks = subschemas(arg, at);
    return (v) => checks.some((check) => check(v));
  },
  oneOf: (arg, _s, at) => {
    const checks = subschemas(arg, at);
    return (v) => checks.filter((check) => check(v)).length === 1;
  },
  not: (arg, _s, at) => {
    const check = subschema(arg, at);
    return (v) => !check(v);
  },
};

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -INT32 && n < INT32;
}

function isLongInteger(n: number): boolean {
  return Number.isInteger(n) && !isInt32(n);
}
