/**
 * String and date expression operators, table-driven against the values MongoDB documents:
 * - MongoDB manual examples: $dateToString (2014-01-01T08:15:39.736Z → "03:15:39:736-0500" in New York,
 *   "12:45:39:736+0430", %Z "-300" / "270"), $week (the same date → week 0), $year…$millisecond,
 *   $substr ("13Q1" → "13" and, with length -1, "Q1"), $substrCP ("寿司sushi"), $indexOfBytes /
 *   $indexOfCP ("cafétéria"), $strLenBytes / $strLenCP, $trim's default whitespace set.
 * - CloudBase's own node-sdk test (TencentCloudBase/node-sdk test/database/unit/aggregation.test.ts,
 *   「Date的各种操作符」): 2019-05-14T09:38:51.686Z → week 19, dayOfYear 134, dayOfWeek 3, isoDayOfWeek 2,
 *   isoWeek 20, isoWeekYear 2019; dateFromParts 2017-02-08 12:00 New York → 17:00Z.
 * - Definitions where no example is given: $week is strftime's %U (weeks start on Sunday, days before
 *   the first Sunday are week 0); ISO 8601 for $isoWeek / $isoWeekYear.
 * The same through the real SDKs' db.command.aggregate: test/admin/query-fidelity.test.ts.
 */
import type { LocalDatabaseEngine } from '../../src/database/index';
import type { Doc } from '../../src/types';
import { cleanup, errorCode, openTestDb } from './helpers';

let db: LocalDatabaseEngine;
const MANUAL_DATE = new Date('2014-01-01T08:15:39.736Z');
const CLOUDBASE_DATE = new Date(1557826731686); // 2019-05-14T09:38:51.686Z, a Tuesday
beforeEach(async () => {
  db = await openTestDb([{ name: 'c', indexes: [] }]);
  await db.insert('c', [{ _id: 1, manual: MANUAL_DATE, cb: CLOUDBASE_DATE, quarter: '13Q1', word: 'cafétéria', sushi: '寿司sushi', nothing: null }]);
});
afterEach(cleanup);

async function evaluate(expr: unknown): Promise<unknown> {
  const [doc] = await db.aggregate('c', [{ $project: { _id: 0, v: expr } }]);
  return doc.v;
}

const at = (iso: string) => ({ $literal: new Date(iso) });

describe('date operators', () => {
  it.each<[string, unknown, unknown]>([
    // MongoDB manual (date operator pages, 2014-01-01T08:15:39.736Z, a Wednesday)
    ['$year', { $year: '$manual' }, 2014],
    ['$month', { $month: '$manual' }, 1],
    ['$dayOfMonth', { $dayOfMonth: '$manual' }, 1],
    ['$hour', { $hour: '$manual' }, 8],
    ['$minute', { $minute: '$manual' }, 15],
    ['$second', { $second: '$manual' }, 39],
    ['$millisecond', { $millisecond: '$manual' }, 736],
    ['$dayOfYear', { $dayOfYear: '$manual' }, 1],
    ['$dayOfWeek', { $dayOfWeek: '$manual' }, 4],
    ['$week (manual)', { $week: '$manual' }, 0],
    // CloudBase node-sdk test values
    ['$week (CloudBase)', { $week: '$cb' }, 19],
    ['$dayOfYear (CloudBase)', { $dayOfYear: '$cb' }, 134],
    ['$dayOfWeek (CloudBase)', { $dayOfWeek: '$cb' }, 3],
    ['$isoDayOfWeek (CloudBase)', { $isoDayOfWeek: '$cb' }, 2],
    ['$isoWeek (CloudBase)', { $isoWeek: '$cb' }, 20],
    ['$isoWeekYear (CloudBase)', { $isoWeekYear: '$cb' }, 2019],
    ['$dateFromParts in New York (CloudBase)', { $dateFromParts: { year: 2017, month: 2, day: 8, hour: 12, timezone: 'America/New_York' } }, new Date('2017-02-08T17:00:00.000Z')],
    // %U semantics: weeks start on Sunday; days before the year's first Sunday are week 0
    ['$week: 2023-01-01 is a Sunday', { $week: at('2023-01-01T00:00:00Z') }, 1],
    ['$week: 2024-01-06, Saturday before the first Sunday', { $week: at('2024-01-06T12:00:00Z') }, 0],
    ['$week: 2024-01-07, the first Sunday', { $week: at('2024-01-07T00:00:00Z') }, 1],
    ['$week: 2024-12-31', { $week: at('2024-12-31T00:00:00Z') }, 52],
    ['$week in Asia/Shanghai crosses into Sunday', { $week: { date: at('2024-01-06T20:00:00Z'), timezone: 'Asia/Shanghai' } }, 1],
    // ISO 8601 weeks
    ['$isoWeek: 2016-01-01 (Friday) is week 53', { $isoWeek: at('2016-01-01T00:00:00Z') }, 53],
    ['$isoWeekYear: 2016-01-01 belongs to 2015', { $isoWeekYear: at('2016-01-01T00:00:00Z') }, 2015],
    ['$isoWeekYear: 2021-01-01 belongs to 2020', { $isoWeekYear: at('2021-01-01T00:00:00Z') }, 2020],
    ['$isoWeek: 2018-12-31 (Monday) is week 1 of 2019', { $isoWeek: at('2018-12-31T00:00:00Z') }, 1],
    ['$isoWeekYear: 2018-12-31', { $isoWeekYear: at('2018-12-31T00:00:00Z') }, 2019],
    ['$isoDayOfWeek: Sunday is 7', { $isoDayOfWeek: at('2024-01-07T00:00:00Z') }, 7],
    // timezones: Olson names and offsets
    ['$hour in Asia/Shanghai', { $hour: { date: '$cb', timezone: 'Asia/Shanghai' } }, 17],
    ['$hour at +0530', { $hour: { date: '$cb', timezone: '+0530' } }, 15],
    ['$month in Asia/Shanghai crosses into February', { $month: { date: at('2024-01-31T20:00:00Z'), timezone: 'Asia/Shanghai' } }, 2],
    ['$dayOfMonth at -03', { $dayOfMonth: { date: '$manual', timezone: '-03' } }, 1],
    ['$year of null is null', { $year: '$nothing' }, null],
    ['$week of a missing field is null', { $week: '$missing' }, null],
    // $dateToString: the manual's example outputs
    ['%Y-%m-%d', { $dateToString: { format: '%Y-%m-%d', date: '$manual' } }, '2014-01-01'],
    ['%H:%M:%S:%L%z in New York', { $dateToString: { format: '%H:%M:%S:%L%z', date: '$manual', timezone: 'America/New_York' } }, '03:15:39:736-0500'],
    ['%H:%M:%S:%L%z at +04:30', { $dateToString: { format: '%H:%M:%S:%L%z', date: '$manual', timezone: '+04:30' } }, '12:45:39:736+0430'],
    ['%Z in New York', { $dateToString: { format: '%Z', date: '$manual', timezone: 'America/New_York' } }, '-300'],
    ['%Z at +04:30', { $dateToString: { format: '%Z', date: '$manual', timezone: '+04:30' } }, '270'],
    ['every other specifier', { $dateToString: { format: '%j %w %u %U %V %G %% %d', date: '$cb', timezone: 'Asia/Shanghai' } }, '134 3 2 19 20 2019 % 14'],
    ['default format', { $dateToString: { date: '$cb' } }, '2019-05-14T09:38:51.686Z'],
    ['default format with a timezone (MongoDB ≤ 7.0)', { $dateToString: { date: '$cb', timezone: 'Asia/Shanghai' } }, '2019-05-14T17:38:51.686Z'],
    ['onNull', { $dateToString: { date: '$nothing', onNull: '无' } }, '无'],
    ['null without onNull', { $dateToString: { date: '$missing' } }, null],
    ['$dateFromString with an Olson timezone', { $dateFromString: { dateString: '2017-02-08T12:10:40.787', timezone: 'Asia/Shanghai' } }, new Date('2017-02-08T04:10:40.787Z')],
    ['$dateFromString with a format', { $dateFromString: { dateString: '15-06-2018', format: '%d-%m-%Y' } }, new Date('2018-06-15T00:00:00Z')],
  ])('%s', async (_label, expr, expected) => {
    expect(await evaluate(expr)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['an unknown format specifier', { $dateToString: { format: '%Q', date: '$cb' } }],
    ['an unknown timezone', { $hour: { date: '$cb', timezone: 'Mars/Olympus' } }],
    ['a string date', { $year: '$quarter' }],
  ])('%s is an error', async (_label, expr) => {
    expect(await errorCode(evaluate(expr))).toBe('DATABASE_REQUEST_FAILED');
  });
});

describe('string operators', () => {
  it.each<[string, unknown, unknown]>([
    // $substr / $substrBytes: bytes; a negative length is the rest of the string
    ['$substr (manual)', { $substr: ['$quarter', 0, 2] }, '13'],
    ['$substr with length -1 (manual)', { $substr: ['$quarter', 2, -1] }, 'Q1'],
    ['$substrBytes with a negative length', { $substrBytes: ['$word', 5, -3] }, 'téria'],
    ['$substrBytes counts UTF-8 bytes', { $substrBytes: ['$word', 0, 5] }, 'café'],
    ['$substrBytes over Chinese', { $substrBytes: ['中文字', 3, 3] }, '文'],
    ['$substrBytes past the end', { $substrBytes: ['$quarter', 9, 2] }, ''],
    ['$substr of null', { $substr: ['$nothing', 0, 2] }, ''],
    ['$substr of a number', { $substr: [12345, 1, 2] }, '23'],
    // $substrCP: code points
    ['$substrCP (manual)', { $substrCP: ['$sushi', 0, 3] }, '寿司s'],
    ['$substrCP counts an emoji once', { $substrCP: ['a😀b', 1, 1] }, '😀'],
    ['$substrCP past the end', { $substrCP: ['abc', 2, 10] }, 'c'],
    // $indexOfBytes / $indexOfCP
    ['$indexOfBytes', { $indexOfBytes: ['$word', 'é'] }, 3],
    ['$indexOfBytes counts é as two bytes', { $indexOfBytes: ['$word', 't'] }, 5],
    ['$indexOfBytes with start', { $indexOfBytes: ['$word', 'é', 4] }, 6],
    ['$indexOfCP', { $indexOfCP: ['$word', 't'] }, 4],
    ['$indexOfCP over Chinese', { $indexOfCP: ['$sushi', 's'] }, 2],
    ['$indexOfCP with start', { $indexOfCP: ['$word', 'é', 4] }, 5],
    ['$indexOfCP with an end before the match', { $indexOfCP: ['abcabc', 'c', 0, 2] }, -1],
    ['$indexOfCP start past end', { $indexOfCP: ['abc', 'a', 2, 1] }, -1],
    ['$indexOfCP not found', { $indexOfCP: ['$word', 'z'] }, -1],
    ['$indexOfCP of null', { $indexOfCP: ['$nothing', 'a'] }, null],
    // lengths
    ['$strLenBytes', { $strLenBytes: '$word' }, 11],
    ['$strLenBytes of Chinese', { $strLenBytes: '寿司' }, 6],
    ['$strLenCP', { $strLenCP: '$word' }, 9],
    ['$strLenCP of an emoji', { $strLenCP: 'a😀b' }, 3],
    // case: ASCII only
    ['$toUpper leaves non-ASCII letters', { $toUpper: 'école 中文' }, 'éCOLE 中文'],
    ['$toLower', { $toLower: 'ABC Déjà' }, 'abc déjà'],
    ['$toLower of null is ""', { $toLower: '$nothing' }, ''],
    ['$strcasecmp equal', { $strcasecmp: ['Hello', 'hELLO'] }, 0],
    ['$strcasecmp less', { $strcasecmp: ['a', 'B'] }, -1],
    ['$strcasecmp non-ASCII bytes', { $strcasecmp: ['é', 'É'] }, 1],
    // concat, split, trim
    ['$concat', { $concat: ['中', '文', '$quarter'] }, '中文13Q1'],
    ['$concat with null', { $concat: ['a', '$nothing'] }, null],
    ['$split', { $split: ['a,b,,c', ','] }, ['a', 'b', '', 'c']],
    ['$split of null', { $split: ['$nothing', ','] }, null],
    ['$trim default set includes U+3000 and NUL', { $trim: { input: '\u3000\u0000 你好\u2003\u000b' } }, '你好'],
    ['$trim leaves zero-width space', { $trim: { input: '\u200bhi' } }, '\u200bhi'],
    ['$ltrim chars', { $ltrim: { input: 'xxhix', chars: 'x' } }, 'hix'],
    ['$rtrim chars', { $rtrim: { input: 'xxhix', chars: 'ix' } }, 'xxh'],
    ['$trim of null', { $trim: { input: '$nothing' } }, null],
  ])('%s', async (_label, expr, expected) => {
    expect(await evaluate(expr)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['$substrBytes starting inside a character', { $substrBytes: ['$word', 4, 2] }],
    ['$substrBytes ending inside a character', { $substrBytes: ['$word', 0, 4] }],
    ['$substrBytes with a negative start', { $substrBytes: ['$word', -1, 2] }],
    ['$substrCP with a negative length', { $substrCP: ['$word', 0, -1] }],
    ['$indexOfCP of a number', { $indexOfCP: [5, '5'] }],
    ['$indexOfBytes with a negative start', { $indexOfBytes: ['$word', 'a', -1] }],
    ['$trim of a number', { $trim: { input: 5 } }],
  ])('%s is an error', async (_label, expr) => {
    expect(await errorCode(evaluate(expr))).toBe('DATABASE_REQUEST_FAILED');
  });
});
