import { decodeClientObject, decodeClientValue, decodeEjson, toErrorBody } from '../../src/protocol';

/**
 * The js-sdk dialect, form by form, as its sources write them (@cloudbase/js-sdk 3.7.0 database:
 * serializer/datatype.js for bodies, EJSON.stringify(…, { relaxed: false }) for GET queries,
 * EJSON.serialize() for aggregation stages, util.js for {$timestamp}); the browser tests send the same
 * through the real SDK.
 */
const NOW = 1_800_000_000_000;
const decode = (value: unknown) => decodeClientValue(value, 'query', NOW);
const errorOf = (run: () => unknown) => {
  try {
    run();
    return 'decoded';
  } catch (err) {
    const { code, message } = toErrorBody(err, 'r');
    return `${code}: ${message}`;
  }
};

describe('the js-sdk dialect', () => {
  test('dates arrive as ms, canonical numbers, ISO text or a server date, and all become Date', () => {
    expect(decode({ a: { $date: 5 }, b: { $date: { $numberLong: '1700000000000' } }, c: { $date: { $numberDouble: '1.5e3' } }, d: { $date: '2024-01-01T00:00:00Z' } })).toEqual({
      a: new Date(5),
      b: new Date(1700000000000),
      c: new Date(1500),
      d: new Date('2024-01-01T00:00:00Z'),
    });
    expect(decode({ s: { $date: { offset: 1000 } }, t: { $date: { offset: { $numberInt: '-5' } } } })).toEqual({ s: new Date(NOW + 1000), t: new Date(NOW - 5) });
  });

  test('$timestamp seconds, in every form the SDK sends, become the date they stand for', () => {
    const expected = new Date(1700000000000);
    expect(decode({ body: { $timestamp: 1700000000 } })).toEqual({ body: expected });
    expect(decode('{"q":{"$gte":{"$timestamp":{"$numberInt":"1700000000"}}}}')).toEqual({ q: { $gte: expected } });
    expect(decode({ long: { $timestamp: { $numberLong: '1700000000' } } })).toEqual({ long: expected });
    expect(decode({ bson: { $timestamp: { t: 1700000000, i: 7 } }, bsonEjson: { $timestamp: { t: { $numberInt: '1700000000' }, i: { $numberInt: '1' } } } })).toEqual({ bson: expected, bsonEjson: expected });
  });

  test('regular expressions and numbers keep their meaning', () => {
    expect(decode({ re: { $regex: '^a.c', $options: 'im' }, n: { $numberInt: '3' }, big: { $numberLong: '1099511627776' }, f: { $numberDouble: '-0.0' } })).toEqual({
      re: /^a.c/im,
      n: 3,
      big: 2 ** 40,
      f: -0,
    });
  });

  test('malformed wrappers are INVALID_PARAM naming the parameter, never a stack', () => {
    expect(errorOf(() => decode({ at: { $timestamp: 'soon' } }))).toBe('INVALID_PARAM: query: invalid $timestamp value "soon" (seconds since the epoch expected)');
    expect(errorOf(() => decode({ at: { $date: 'not a date' } }))).toBe('INVALID_PARAM: query: invalid $date value "not a date"');
    expect(errorOf(() => decode({ at: { $date: { offset: 'x' } } }))).toBe('INVALID_PARAM: query: serverDate offset must be a number');
    expect(errorOf(() => decode('{"a":'))).toMatch(/^INVALID_PARAM: query is not valid EJSON/);
    expect(errorOf(() => decodeClientObject('[1]', 'data[0]', NOW))).toBe('INVALID_PARAM: data[0] must be an object');
  });

  test('the server SDKs\' server date is their own wrapper, with the same clock', () => {
    expect(decodeEjson({ s: { $tcb_server_date: { offset: 10 } }, n: { $tcb_server_date: { offset: { $numberInt: '-10' } } } }, 'data', NOW)).toEqual({ s: new Date(NOW + 10), n: new Date(NOW - 10) });
    expect(errorOf(() => decodeEjson({ s: { $tcb_server_date: { offset: 'x' } } }, 'data', NOW))).toBe('INVALID_PARAM: data: $tcb_server_date.offset must be a number');
  });
});
