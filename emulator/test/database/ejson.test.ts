import { EJSON } from 'bson';
import { parseEjson, stringifyEjson } from '../../src/database/ejson';

describe('EJSON helpers', () => {
  it('writes canonical EJSON: typed numbers and $date with $numberLong', () => {
    const text = stringifyEjson({ i: 1, d: 1.5, big: 2 ** 40, at: new Date(1700000000123) });
    expect(JSON.parse(text)).toEqual({
      i: { $numberInt: '1' },
      d: { $numberDouble: '1.5' },
      big: { $numberLong: String(2 ** 40) },
      at: { $date: { $numberLong: '1700000000123' } },
    });
  });

  it('parses canonical input into native numbers, Date and RegExp', () => {
    const value = parseEjson(
      JSON.stringify({
        n: { $numberInt: '7' },
        l: { $numberLong: '9007199254740991' },
        x: { $numberDouble: '-0.25' },
        at: { $date: { $numberLong: '86400000' } },
        iso: { $date: '2024-01-02T03:04:05.000Z' },
        re: { $regularExpression: { pattern: '^ab+c', options: 'im' } },
      }),
    ) as Record<string, unknown>;
    expect(value.n).toBe(7);
    expect(value.l).toBe(9007199254740991);
    expect(value.x).toBe(-0.25);
    expect(value.at).toEqual(new Date(86400000));
    expect(value.iso).toEqual(new Date('2024-01-02T03:04:05.000Z'));
    expect(value.re).toBeInstanceOf(RegExp);
    expect((value.re as RegExp).source).toBe('^ab+c');
    expect((value.re as RegExp).flags).toBe('im');
  });

  it('round-trips dates, regexes, nested arrays and large integers unchanged', () => {
    const original = {
      _id: 'abc',
      when: new Date(Date.UTC(2030, 0, 1, 12)),
      pattern: /se(arch)?/i,
      matrix: [[1, 2.5, [3, [new Date(5)]]], [], [{ deep: [-1, null, true, 'x'] }]],
      maxSafe: Number.MAX_SAFE_INTEGER,
      minSafe: Number.MIN_SAFE_INTEGER,
      int32Edge: 2147483647,
      pastInt32: 2147483648,
      negativeZero: 0,
      nested: { a: { b: { c: 'd' } } },
      nothing: null,
    };
    const back = parseEjson(stringifyEjson(original));
    expect(back).toEqual(original);
    expect(Number.isSafeInteger((back as typeof original).maxSafe)).toBe(true);
    expect(String((back as typeof original).pattern)).toBe('/se(arch)?/i');
  });

  it('drops MongoDB-only regex flags JS cannot express and rejects invalid patterns', () => {
    const re = parseEjson('{"$regularExpression":{"pattern":"a b","options":"ix"}}') as RegExp;
    expect(re.flags).toBe('i');
    expect(() => parseEjson('{"$regularExpression":{"pattern":"(","options":""}}')).toThrow(expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }));
    expect(() => parseEjson('{not json')).toThrow(expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }));
  });

  it('writes bigint as $numberLong', () => {
    expect(JSON.parse(stringifyEjson({ v: 1234567890123456789n }))).toEqual({ v: { $numberLong: '1234567890123456789' } });
  });

  it('writes exactly what bson EJSON.stringify (canonical) writes for native values', () => {
    const samples = [0, -0, 1, -1, 2147483647, -2147483648, 2147483648, 1.5, -2.25, 1e21, NaN, Infinity, -Infinity, 'str', '', true, null];
    const doc = { samples, when: new Date(-1), nested: { arr: [[], [{}], { 'we"ird': 'k\n' }] }, re: /a.b/ims };
    expect(JSON.parse(stringifyEjson(doc))).toEqual(JSON.parse(EJSON.stringify(doc, { relaxed: false })));
    expect(stringifyEjson(2 ** 60)).toBe('{"$numberLong":"1152921504606846976"}');
    expect(parseEjson(stringifyEjson(2 ** 60))).toBe(2 ** 60);
    expect(Object.is(parseEjson(stringifyEjson(-0)), -0)).toBe(true);
  });

  it('accepts relaxed EJSON and other BSON types from SDK callers', () => {
    const value = parseEjson(
      JSON.stringify({
        n: 3,
        at: { $date: '2024-05-06T07:08:09.010Z' },
        oid: { $oid: '65f0c0ffee65f0c0ffee65f0' },
        dec: { $numberDecimal: '12.5' },
        bin: { $binary: { base64: 'AQID', subType: '00' } },
        filter: { age: { $gte: { $numberInt: '18' }, $lt: { $numberLong: '65' } }, name: { $regex: '^a', $options: 'i' } },
      }),
    ) as Record<string, any>;
    expect(value.n).toBe(3);
    expect(value.at).toEqual(new Date('2024-05-06T07:08:09.010Z'));
    expect(value.oid).toBe('65f0c0ffee65f0c0ffee65f0');
    expect(value.dec).toBe(12.5);
    expect(Buffer.isBuffer(value.bin) && [...value.bin]).toEqual([1, 2, 3]);
    expect(value.filter.age).toEqual({ $gte: 18, $lt: 65 });
    expect(String(value.filter.name)).toBe('/^a/i');
  });
});
