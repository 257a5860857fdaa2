/**
 * Query and aggregation operators through the real server SDKs, as MongoDB (CloudBase's document
 * database) defines them. The engine-level tables, with every case's source, are in
 * test/database/mongodb-query-semantics.test.ts and test/database/aggregation-operators.test.ts.
 *
 * Where it is documented:
 * - Geo: CloudBase database docs, 地理位置 (db.Geo.Point/LineString/Polygon/MultiPoint/MultiLineString/
 *   MultiPolygon; command.geoNear / geoWithin (geometry or centerSphere) / geoIntersects; aggregate
 *   geoNear with near, spherical, distanceField, distanceMultiplier, maxDistance, minDistance, query,
 *   includeLocs, key). What the SDK puts on the wire (@cloudbase/database serializer/query.js): plain
 *   GeoJSON { type, coordinates }, `$nearSphere: { $geometry, $maxDistance, $minDistance }` in metres.
 *   The semantics are MongoDB's (manual: $nearSphere, $geoWithin, $centerSphere, $geoIntersects,
 *   $geoNear), on its sphere of radius 6378.1 km; CloudBase's own test (TencentCloudBase/node-sdk
 *   test/database/unit/geo-advanced.test.ts) expects every type back as its db.Geo class.
 * - $elemMatch, $exists, $mod, $jsonSchema: MongoDB manual pages of each operator.
 * - Aggregation: db.command.aggregate's week/isoWeek/…/dateToString/substr/substrCP/indexOfCP/…
 *   (MongoDB manual; CloudBase's node-sdk aggregation test, 「Date的各种操作符」: week 19 for
 *   2019-05-14T09:38:51.686Z).
 */
import { EARTH_RADIUS_METERS } from '../../src/database/operators/geo/spherical-geometry';
import { startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let nodeDb: any;
let wxDb: any;
const DEGREE_M = (Math.PI / 180) * EARTH_RADIUS_METERS;

beforeAll(async () => {
  h = await startAdmin();
  const tcb = require('@cloudbase/node-sdk');
  nodeDb = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  wxDb = cloud.database();
  await h.database.createCollection('places');
  await h.database.createCollection('items');
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]);
});

const ids = (res: { data: Array<{ _id: string }> }) => res.data.map((d) => d._id);

describe('geo over the six GeoJSON types the SDK writes', () => {
  beforeAll(async () => {
    const { Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon } = nodeDb.Geo;
    const P = (x: number, y: number) => new Point(x, y);
    const ring = (x1: number, y1: number, x2: number, y2: number) => new LineString([P(x1, y1), P(x2, y1), P(x2, y2), P(x1, y2), P(x1, y1)]);
    await nodeDb.collection('places').add([
      { _id: 'p0', kind: 'point', loc: P(0, 0) },
      { _id: 'p1', kind: 'point', loc: P(0, 1) },
      { _id: 'p2', kind: 'point', loc: P(0, 2) },
      { _id: 'line', kind: 'line', loc: new LineString([P(-1, 0.5), P(1, 0.5)]) },
      { _id: 'square', kind: 'polygon', loc: new Polygon([ring(-0.5, -0.5, 0.5, 0.5)]) },
      { _id: 'mpoint', kind: 'multi', loc: new MultiPoint([P(10, 10), P(0, 3)]) },
      { _id: 'mline', kind: 'multi', loc: new MultiLineString([new LineString([P(20, 20), P(21, 21)]), new LineString([P(30, 30), P(31, 31)])]) },
      { _id: 'mpoly', kind: 'multi', loc: new MultiPolygon([new Polygon([ring(40, 40, 41, 41)]), new Polygon([ring(50, 10, 51, 11)])]) },
    ]);
  });

  test('the wire carries plain GeoJSON; the SDK reads every type back as its db.Geo class', async () => {
    expect((await h.database.find('places', { _id: 'mline' }))[0].loc).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [[20, 20], [21, 21]],
        [[30, 30], [31, 31]],
      ],
    });
    const { data } = await nodeDb.collection('places').orderBy('_id', 'asc').get();
    const classes = Object.fromEntries(data.map((d: any) => [d._id, d.loc.constructor.name]));
    expect(classes).toEqual({ line: 'LineString', mline: 'MultiLineString', mpoint: 'MultiPoint', mpoly: 'MultiPolygon', p0: 'Point', p1: 'Point', p2: 'Point', square: 'Polygon' });
  });

  test('@cloudbase/node-sdk: geoNear returns documents within the bounds, nearest first', async () => {
    const _ = nodeDb.command;
    const near = (maxDistance: number, minDistance?: number) =>
      nodeDb.collection('places').where({ loc: _.geoNear({ geometry: new nodeDb.Geo.Point(0, 0), maxDistance, minDistance }) }).get();
    expect(ids(await near(1.5 * DEGREE_M))).toEqual(['p0', 'square', 'line', 'p1']);
    expect(ids(await near(2.5 * DEGREE_M, 1.5 * DEGREE_M))).toEqual(['p2']);
  });

  test('@cloudbase/node-sdk: geoWithin a Polygon, a MultiPolygon, a centerSphere', async () => {
    const _ = nodeDb.command;
    const { Point, LineString, Polygon, MultiPolygon } = nodeDb.Geo;
    const P = (x: number, y: number) => new Point(x, y);
    const square = (x1: number, y1: number, x2: number, y2: number) => new Polygon([new LineString([P(x1, y1), P(x2, y1), P(x2, y2), P(x1, y2), P(x1, y1)])]);
    const within = async (condition: unknown) => ids(await nodeDb.collection('places').where({ loc: _.geoWithin(condition) }).orderBy('_id', 'asc').get());
    expect(await within({ geometry: square(-1.5, -1.5, 1.5, 1.5) })).toEqual(['line', 'p0', 'p1', 'square']);
    expect(await within({ geometry: new MultiPolygon([square(9, 9, 11, 11), square(-1, 2.5, 1, 3.5), square(19, 19, 32, 32)]) })).toEqual(['mline', 'mpoint']);
    expect(await within({ centerSphere: [P(0, 0), (1.2 * Math.PI) / 180] })).toEqual(['line', 'p0', 'p1', 'square']);
    expect(await within({ centerSphere: [[0, 2], 0.001] })).toEqual(['p2']);
  });

  test('@cloudbase/node-sdk: geoIntersects with a LineString and a Polygon', async () => {
    const _ = nodeDb.command;
    const { Point, LineString, Polygon } = nodeDb.Geo;
    const P = (x: number, y: number) => new Point(x, y);
    const meridian = new LineString([P(0, -5), P(0, 5)]);
    expect(ids(await nodeDb.collection('places').where({ loc: _.geoIntersects({ geometry: meridian }) }).orderBy('_id', 'asc').get())).toEqual(['line', 'mpoint', 'p0', 'p1', 'p2', 'square']);
    const aroundTen = new Polygon([new LineString([P(9, 9), P(21, 9), P(21, 21), P(9, 21), P(9, 9)])]);
    expect(ids(await nodeDb.collection('places').where({ loc: _.geoIntersects({ geometry: aroundTen }) }).orderBy('_id', 'asc').get())).toEqual(['mline', 'mpoint']);
  });

  test('@cloudbase/node-sdk: aggregate().geoNear() with distanceField, multiplier, query, includeLocs, key', async () => {
    const res = await nodeDb
      .collection('places')
      .aggregate()
      .geoNear({
        near: new nodeDb.Geo.Point(0, 0),
        spherical: true,
        distanceField: 'km',
        distanceMultiplier: 0.001,
        maxDistance: 2.5 * DEGREE_M,
        query: { kind: 'point' },
        includeLocs: 'where',
        key: 'loc',
      })
      .project({ km: 1, where: 1 })
      .end();
    expect(res.data.map((d: any) => d._id)).toEqual(['p0', 'p1', 'p2']);
    expect(res.data.map((d: any) => Math.round(d.km * 1000) / 1000)).toEqual([0, Math.round(DEGREE_M) / 1000, Math.round(2 * DEGREE_M) / 1000]);
    // aggregate() answers documents as stored: GeoJSON, not db.Geo instances (the SDK converts get() results only).
    expect(res.data[1].where).toEqual({ type: 'Point', coordinates: [0, 1] });
  });

  test('wx-server-sdk: geoNear and geoWithin centerSphere', async () => {
    const _ = wxDb.command;
    const near = await wxDb
      .collection('places')
      .where({ loc: _.geoNear({ geometry: new wxDb.Geo.Point(0, 0), maxDistance: 1.5 * DEGREE_M }) })
      .get();
    expect(ids(near)).toEqual(['p0', 'square', 'line', 'p1']);
    const within = await wxDb
      .collection('places')
      .where({ loc: _.geoWithin({ centerSphere: [new wxDb.Geo.Point(0, 0), (0.6 * Math.PI) / 180] }) })
      .get();
    expect(ids(within).sort()).toEqual(['p0']);
  });
});

describe('elemMatch, exists, mod, jsonSchema', () => {
  beforeAll(async () => {
    await nodeDb.collection('items').add([
      { _id: 'strings', tags: ['a', 'b'], n: 10.5 },
      { _id: 'docs', tags: [{ name: 'a' }, { name: 'b' }], n: -7 },
      { _id: 'nested', tags: [[{ name: 'a' }]], n: '10' },
    ]);
  });

  test('@cloudbase/node-sdk: elemMatch with a field condition matches only documents in the array', async () => {
    const _ = nodeDb.command;
    expect(ids(await nodeDb.collection('items').where({ tags: _.elemMatch({ name: 'a' }) }).get())).toEqual(['docs']);
    expect(ids(await nodeDb.collection('items').where({ tags: _.elemMatch(_.eq('a')) }).get())).toEqual(['strings']);
  });

  test('@cloudbase/node-sdk: exists through arrays one level deep; mod truncating toward zero', async () => {
    const _ = nodeDb.command;
    expect(ids(await nodeDb.collection('items').where({ 'tags.name': _.exists(true) }).get())).toEqual(['docs']);
    expect(ids(await nodeDb.collection('items').where({ n: _.mod(5, 0) }).get())).toEqual(['strings']);
    expect(ids(await nodeDb.collection('items').where({ n: _.mod(4, -3) }).get())).toEqual(['docs']);
    await expect(nodeDb.collection('items').where({ n: _.mod(0, 0) }).get()).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' });
  });

  test('wx-server-sdk: jsonSchema', async () => {
    const _ = wxDb.command;
    const res = await wxDb
      .collection('items')
      .where(_.jsonSchema({ required: ['tags'], properties: { n: { bsonType: 'number', minimum: 0 }, tags: { items: { bsonType: 'string' } } } }))
      .get();
    expect(ids(res)).toEqual(['strings']);
  });
});

describe('db.command.aggregate string and date operators', () => {
  test('@cloudbase/node-sdk: week (%U), isoWeek, dateToString, substr with -1, substrCP, indexOfCP, indexOfBytes, toUpper', async () => {
    const $ = nodeDb.command.aggregate;
    await nodeDb.collection('items').add({ _id: 'dates', at: new Date(1557826731686), word: 'cafétéria', sushi: '寿司sushi' });
    const res = await nodeDb
      .collection('items')
      .aggregate()
      .match({ _id: 'dates' })
      .project({
        _id: 0,
        week: $.week('$at'),
        sundayWeek: $.week(new Date('2023-01-01T00:00:00Z')),
        isoWeek: $.isoWeek('$at'),
        isoWeekYear: $.isoWeekYear(new Date('2021-01-01T00:00:00Z')),
        shanghai: $.dateToString({ date: '$at', format: '%Y-%m-%d %H:%M %w %U %Z', timezone: 'Asia/Shanghai' }),
        rest: $.substr(['$word', 5, -1]),
        firstThree: $.substrCP(['$sushi', 0, 3]),
        cp: $.indexOfCP(['$word', 't']),
        bytes: $.indexOfBytes(['$word', 't']),
        upper: $.toUpper('$word'),
        len: $.strLenBytes('$word'),
      })
      .end();
    expect(res.data).toEqual([
      { week: 19, sundayWeek: 1, isoWeek: 20, isoWeekYear: 2020, shanghai: '2019-05-14 17:38 3 19 480', rest: 'téria', firstThree: '寿司s', cp: 4, bytes: 5, upper: 'CAFéTéRIA', len: 11 },
    ]);
  });

  test('wx-server-sdk: the same week and substr', async () => {
    const $ = wxDb.command.aggregate;
    const res = await wxDb
      .collection('items')
      .aggregate()
      .match({ _id: 'dates' })
      .project({ _id: 0, week: $.week('$at'), rest: $.substr(['$word', 5, -1]) })
      .end();
    expect(res.list).toEqual([{ week: 19, rest: 'téria' }]);
  });
});
