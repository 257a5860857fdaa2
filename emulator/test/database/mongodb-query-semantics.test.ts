/**
 * Query operators where mingo (the matcher underneath) departs from MongoDB, checked against MongoDB's
 * definitions; each table row is a case from, or derived from, the MongoDB manual page of its operator:
 * $elemMatch (query), $exists, $mod, "Query an Array" / "Query for Null or Missing Fields", $jsonSchema,
 * $geoWithin / $centerSphere / $box / $polygon, $geoIntersects, $nearSphere, $geoNear (aggregation).
 * The same through the real SDKs: test/admin/query-fidelity.test.ts.
 */
import type { LocalDatabaseEngine } from '../../src/database/index';
import { EARTH_RADIUS_METERS } from '../../src/database/operators/geo/spherical-geometry';
import type { Doc } from '../../src/types';
import { cleanup, errorCode, openTestDb } from './helpers';

let db: LocalDatabaseEngine;
afterEach(cleanup);

async function seed(docs: Doc[]): Promise<void> {
  db = await openTestDb([{ name: 'c', indexes: [] }]);
  await db.insert('c', docs);
}

async function ids(filter: Doc, options = {}): Promise<string[]> {
  return (await db.find('c', filter, options)).map((d) => d._id as string);
}

describe('$elemMatch, $exists, $mod and nested arrays', () => {
  beforeEach(() =>
    seed([
      { _id: 'strings', tags: ['a', 'b'] },
      { _id: 'docs', tags: [{ name: 'a', n: 1 }, { name: 'b', n: 5 }] },
      { _id: 'numbers', v: [1, 5, 10], n: 10.5 },
      { _id: 'negative', n: -7, v: [] },
      { _id: 'nested', tags: [[{ name: 'a' }]], m: [[1, 2], [3, 4]] },
      { _id: 'nulls', f: null, a: { b: null } },
      { _id: 'mixed', a: [{ b: 1 }, { c: 2 }], n: '10' },
    ]),
  );

  it.each<[string, Doc, string[]]>([
    // $elemMatch with field conditions: only documents in the array match, never plain values.
    ['$elemMatch field condition', { tags: { $elemMatch: { name: 'a' } } }, ['docs']],
    ['$elemMatch two field conditions on one element', { tags: { $elemMatch: { name: 'b', n: { $gte: 5 } } } }, ['docs']],
    ['$elemMatch conditions split across elements', { tags: { $elemMatch: { name: 'a', n: 5 } } }, []],
    ['$elemMatch operator conditions test values', { v: { $elemMatch: { $gt: 4, $lt: 6 } } }, ['numbers']],
    ['$elemMatch $eq on plain values', { tags: { $elemMatch: { $eq: 'a' } } }, ['strings']],
    ['$elemMatch {} matches arrays holding a document', { tags: { $elemMatch: {} } }, ['docs']],
    ['$elemMatch with $or is a field condition', { tags: { $elemMatch: { $or: [{ name: 'x' }, { n: 1 }] } } }, ['docs']],
    ['$elemMatch nested arrays are not documents', { tags: { $elemMatch: { name: { $exists: true } } } }, ['docs']],
    ['$elemMatch of $elemMatch walks nested arrays', { m: { $elemMatch: { $elemMatch: { $gt: 3 } } } }, ['nested']],
    // $exists: a value reached (null included); arrays entered one level at a time.
    ['$exists on a null field', { f: { $exists: true } }, ['nulls']],
    ['$exists on a null subfield', { 'a.b': { $exists: true } }, ['nulls', 'mixed']],
    ['$exists through an array of documents', { 'tags.name': { $exists: true } }, ['docs']],
    ['$exists does not enter arrays nested in arrays', { 'tags.name': { $exists: false } }, ['strings', 'numbers', 'negative', 'nested', 'nulls', 'mixed']],
    ['$exists by array index', { 'tags.1': { $exists: true } }, ['strings', 'docs']],
    ['$exists false on an empty array element', { 'v.0': { $exists: false } }, ['strings', 'docs', 'negative', 'nested', 'nulls', 'mixed']],
    // $mod: truncation toward zero, negative dividends keep their sign, arrays match by element, strings never.
    ['$mod truncates a decimal dividend', { n: { $mod: [5, 0] } }, ['numbers']],
    ['$mod negative dividend', { n: { $mod: [4, -3] } }, ['negative']],
    ['$mod truncates divisor and remainder', { n: { $mod: [5.9, 0.5] } }, ['numbers']],
    ['$mod on array elements', { v: { $mod: [3, 1] } }, ['numbers']],
    // Nested arrays: equality with the whole element, no implicit traversal into inner arrays.
    ['equality with an inner array', { m: [3, 4] }, ['nested']],
    ['a value inside an inner array is not reached', { m: 3 }, []],
    ['index paths reach inner arrays', { 'm.1.0': 3 }, ['nested']],
    ['the whole nested array', { m: [[1, 2], [3, 4]] }, ['nested']],
    ['$size counts the outer array', { m: { $size: 2 } }, ['nested']],
  ])('%s', async (_label, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it.each<[string, Doc]>([
    ['$mod with one element', { n: { $mod: [5] } }],
    ['$mod with three elements', { n: { $mod: [5, 0, 1] } }],
    ['$mod by zero', { n: { $mod: [0, 0] } }],
    ['$mod with a NaN divisor', { n: { $mod: [NaN, 0] } }],
    ['$mod with a string divisor', { n: { $mod: ['5', 0] } }],
    ['$elemMatch with a non-object', { tags: { $elemMatch: 'a' } }],
  ])('%s is an error (DATABASE_REQUEST_FAILED)', async (_label, filter) => {
    expect(await errorCode(db.find('c', filter))).toBe('DATABASE_REQUEST_FAILED');
  });
});

describe('$jsonSchema', () => {
  beforeEach(() =>
    seed([
      { _id: 'ok', name: '张三', age: 30, email: 'z@x.cn', tags: ['a'], address: { city: '上海' } },
      { _id: 'young', name: 'Li', age: 15, tags: [] },
      { _id: 'text-age', name: 'Wu', age: '30' },
      { _id: 'extra', name: 'Ma', age: 40, secret: true },
      { _id: 'nameless', age: 20 },
    ]),
  );

  it.each<[string, Doc, string[]]>([
    ['required', { required: ['name', 'age'] }, ['ok', 'young', 'text-age', 'extra']],
    ['bsonType int', { properties: { age: { bsonType: 'int' } } }, ['ok', 'young', 'extra', 'nameless']],
    ['bsonType int, required', { required: ['age'], properties: { age: { bsonType: 'int', minimum: 18 } } }, ['ok', 'extra', 'nameless']],
    ['type number (string age fails)', { properties: { age: { type: 'number' } } }, ['ok', 'young', 'extra', 'nameless']],
    ['bsonType list', { properties: { age: { bsonType: ['string', 'int'] } } }, ['ok', 'young', 'text-age', 'extra', 'nameless']],
    ['minLength counts code points', { required: ['name'], properties: { name: { minLength: 2, maxLength: 2 } } }, ['ok', 'young', 'text-age', 'extra']],
    ['pattern', { properties: { email: { pattern: '@x\\.cn$' } }, required: ['email'] }, ['ok']],
    ['nested object', { properties: { address: { bsonType: 'object', required: ['city'], properties: { city: { enum: ['上海', '北京'] } } } }, required: ['address'] }, ['ok']],
    ['array items and minItems', { required: ['tags'], properties: { tags: { bsonType: 'array', minItems: 1, items: { bsonType: 'string' } } } }, ['ok']],
    ['additionalProperties false (with _id listed)', { additionalProperties: false, properties: { _id: {}, name: {}, age: {}, tags: {} } }, ['young', 'text-age', 'nameless']],
    ['not / anyOf', { anyOf: [{ required: ['email'] }, { not: { required: ['name'] } }] }, ['ok', 'nameless']],
    ['combined with other conditions', { required: ['name'] }, ['ok', 'young', 'text-age', 'extra']],
  ])('%s', async (_label, schema, expected) => {
    expect(await ids({ $jsonSchema: schema })).toEqual(expected);
  });

  it('combines with field conditions', async () => {
    expect(await ids({ $jsonSchema: { required: ['tags'] }, age: { $gt: 20 } })).toEqual(['ok']);
  });

  it.each<[string, Doc]>([
    ['an unsupported keyword', { $ref: '#/x' }],
    ['an unknown keyword', { requried: ['name'] }],
    ['type integer (not in MongoDB)', { properties: { age: { type: 'integer' } } }],
    ['a bad bsonType', { bsonType: 'text' }],
  ])('%s is an error', async (_label, schema) => {
    expect(await errorCode(db.find('c', { $jsonSchema: schema }))).toBe('DATABASE_REQUEST_FAILED');
  });
});

describe('geo query operators over the GeoJSON types the SDK writes', () => {
  const DEGREE_M = (Math.PI / 180) * EARTH_RADIUS_METERS; // 111 319.49 m, one degree on MongoDB's sphere
  const point = (lng: number, lat: number) => ({ type: 'Point', coordinates: [lng, lat] });
  const box = (x1: number, y1: number, x2: number, y2: number) => [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
    [x1, y1],
  ];
  beforeEach(() =>
    seed([
      { _id: 'p0', loc: point(0, 0) },
      { _id: 'p1', loc: point(0, 1) },
      { _id: 'p2', loc: point(0, 2) },
      { _id: 'far', loc: point(100, 50) },
      { _id: 'line', loc: { type: 'LineString', coordinates: [[-1, 0.5], [1, 0.5]] } },
      { _id: 'square', loc: { type: 'Polygon', coordinates: [box(-0.5, -0.5, 0.5, 0.5)] } },
      { _id: 'mpoint', loc: { type: 'MultiPoint', coordinates: [[10, 10], [0, 3]] } },
      { _id: 'mline', loc: { type: 'MultiLineString', coordinates: [[[20, 20], [21, 21]], [[30, 30], [31, 31]]] } },
      { _id: 'mpoly', loc: { type: 'MultiPolygon', coordinates: [[box(40, 40, 41, 41)], [box(50, 10, 51, 11)]] } },
      { _id: 'legacy', loc: [0, 1.5] },
      { _id: 'none', loc: 'nowhere' },
    ]),
  );

  it('$nearSphere: within [min, max] metres, nearest first', async () => {
    const near = (max: number, min?: number) => ({ loc: { $nearSphere: { $geometry: point(0, 0), $maxDistance: max, $minDistance: min } } });
    // square contains (0,0): distance 0; line passes 0.5° north; legacy pair [0, 1.5] counts as a point.
    expect(await ids(near(1.6 * DEGREE_M))).toEqual(['p0', 'square', 'line', 'p1', 'legacy']);
    expect(await ids(near(2.5 * DEGREE_M, 1.2 * DEGREE_M))).toEqual(['legacy', 'p2']);
    expect(await ids(near(1.6 * DEGREE_M), { limit: 2 })).toEqual(['p0', 'square']);
    // An explicit sort overrides the distance order (MongoDB: sort() re-orders $near results).
    expect(await ids(near(1.6 * DEGREE_M), { sort: { _id: -1 } })).toEqual(['square', 'p1', 'p0', 'line', 'legacy']);
  });

  it('$geoWithin $geometry Polygon / MultiPolygon, with a hole', async () => {
    expect(await ids({ loc: { $geoWithin: { $geometry: { type: 'Polygon', coordinates: [box(-1.5, -1.5, 1.5, 1.6)] } } } })).toEqual(['p0', 'p1', 'line', 'square', 'legacy']);
    const withHole = { type: 'Polygon', coordinates: [box(-2, -2, 2, 2.5), box(-0.8, -0.8, 0.8, 0.8)] };
    expect(await ids({ loc: { $geoWithin: { $geometry: withHole } } })).toEqual(['p1', 'p2', 'legacy']);
    const multi = { type: 'MultiPolygon', coordinates: [[box(-0.1, -0.1, 0.1, 0.1)], [box(9, 9, 11, 11), box(-1, 2.5, 1, 3.5)]] };
    expect(await ids({ loc: { $geoWithin: { $geometry: multi } } })).toEqual(['p0']);
  });

  it('$geoWithin $centerSphere (radians), $box and $polygon (flat, points only)', async () => {
    expect(await ids({ loc: { $geoWithin: { $centerSphere: [[0, 0], (1.2 * Math.PI) / 180] } } })).toEqual(['p0', 'p1', 'line', 'square']);
    expect(await ids({ loc: { $geoWithin: { $box: [[-1, -1], [1, 1.5]] } } })).toEqual(['p0', 'p1', 'legacy']);
    expect(await ids({ loc: { $geoWithin: { $polygon: [[-1, 0.5], [1, 0.5], [0, 2.5]] } } })).toEqual(['p1', 'p2', 'legacy']);
  });

  it('$geoIntersects with a line, a polygon and multi geometries', async () => {
    const meridian = { type: 'LineString', coordinates: [[0, -5], [0, 5]] };
    expect(await ids({ loc: { $geoIntersects: { $geometry: meridian } } })).toEqual(['p0', 'p1', 'p2', 'line', 'square', 'mpoint', 'legacy']);
    expect(await ids({ loc: { $geoIntersects: { $geometry: { type: 'Polygon', coordinates: [box(9, 9, 21, 21)] } } } })).toEqual(['mpoint', 'mline']);
    expect(await ids({ loc: { $geoIntersects: { $geometry: { type: 'MultiPoint', coordinates: [[50.5, 10.5], [45, 45]] } } } })).toEqual(['mpoly']);
    expect(await ids({ loc: { $geoIntersects: { $geometry: { type: 'MultiLineString', coordinates: [[[20, 21], [21, 20]]] } } } })).toEqual(['mline']);
    expect(await ids({ loc: { $geoIntersects: { $geometry: { type: 'MultiPolygon', coordinates: [[box(39, 39, 40.5, 40.5)]] } } } })).toEqual(['mpoly']);
  });

  it.each<[string, Doc]>([
    ['an unclosed polygon', { loc: { $geoWithin: { $geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] } } } }],
    ['a latitude out of range', { loc: { $geoIntersects: { $geometry: point(0, 95) } } }],
    ['$nearSphere without $geometry', { loc: { $nearSphere: [0, 0] } }],
    ['$geoWithin a point', { loc: { $geoWithin: { $geometry: point(0, 0) } } }],
  ])('%s is an error', async (_label, filter) => {
    expect(await errorCode(db.find('c', filter))).toBe('DATABASE_REQUEST_FAILED');
  });

  it('aggregate $geoNear: distanceField, multiplier, query, includeLocs, key; first stage only', async () => {
    const out = await db.aggregate('c', [
      { $geoNear: { near: point(0, 0), distanceField: 'd.km', spherical: true, maxDistance: 2.1 * DEGREE_M, distanceMultiplier: 0.001, query: { _id: { $in: ['p1', 'p2', 'line', 'far'] } }, includeLocs: 'at', key: 'loc' } },
      { $project: { d: 1, at: 1 } },
    ]);
    expect(out.map((d) => d._id)).toEqual(['line', 'p1', 'p2']);
    // The line's edge is a great-circle arc: it bulges north of 0.5°, to atan(tan 0.5° / cos 1°) at lng 0.
    const rad = Math.PI / 180;
    expect((out[0].d as Doc).km).toBeCloseTo((Math.atan(Math.tan(0.5 * rad) / Math.cos(1 * rad)) * EARTH_RADIUS_METERS) / 1000, 6);
    expect((out[1].d as Doc).km).toBeCloseTo(DEGREE_M / 1000, 6);
    expect(out[1].at).toEqual(point(0, 1));
    // Without key: exactly one location field must exist (MongoDB: exactly one 2dsphere index).
    await db.insert('c', [{ _id: 'two', home: point(1, 1) }]);
    expect(await errorCode(db.aggregate('c', [{ $geoNear: { near: point(0, 0), distanceField: 'd' } }]))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(db.aggregate('c', [{ $match: {} }, { $geoNear: { near: point(0, 0), distanceField: 'd', key: 'loc' } }]))).toBe('DATABASE_REQUEST_FAILED');
  });
});
