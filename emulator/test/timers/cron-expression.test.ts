import { CronExpression, CronSyntaxError, timerEventTime } from '../../src/timers/cron-expression';

/** next() after an ISO instant, as an ISO instant (or null). */
function next(expression: string, afterIso: string): string | null {
  return CronExpression.parse(expression).next(new Date(afterIso))?.toISOString() ?? null;
}

/** The first `count` fire times after an instant. */
function series(expression: string, afterIso: string, count: number): string[] {
  const cron = CronExpression.parse(expression);
  const out: string[] = [];
  let at = new Date(afterIso);
  for (let i = 0; i < count; i++) {
    const n = cron.next(at);
    if (!n) break;
    out.push(n.toISOString());
    at = n;
  }
  return out;
}

describe('CronExpression.next', () => {
  test('every second: strictly after, truncating milliseconds', () => {
    expect(next('* * * * * * *', '2026-01-01T00:00:00.500Z')).toBe('2026-01-01T00:00:01.000Z');
    expect(next('* * * * * * *', '2026-01-01T00:00:01.000Z')).toBe('2026-01-01T00:00:02.000Z');
  });

  test('is evaluated in Asia/Shanghai (UTC+8)', () => {
    // Midnight in Shanghai is 16:00 UTC the previous day.
    expect(next('0 0 0 * * * *', '2026-03-10T15:59:59Z')).toBe('2026-03-10T16:00:00.000Z');
    expect(next('0 0 0 * * * *', '2026-03-10T16:00:00Z')).toBe('2026-03-11T16:00:00.000Z');
    // 02:00 on the 1st in Shanghai is 18:00 UTC on the last day of the previous month.
    expect(next('0 0 2 1 * * *', '2026-01-15T00:00:00Z')).toBe('2026-01-31T18:00:00.000Z');
    expect(next('0 0 10 * * * *', '2026-06-01T01:59:59Z')).toBe('2026-06-01T02:00:00.000Z');
  });

  test('does not depend on the machine time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(next('0 0 2 1 * * *', '2026-01-15T00:00:00Z')).toBe('2026-01-31T18:00:00.000Z');
      process.env.TZ = 'Asia/Kolkata';
      expect(next('0 30 9 * * MON *', '2026-03-07T12:00:00Z')).toBe('2026-03-09T01:30:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  test('crosses month and year ends, skipping months without the day', () => {
    expect(next('0 0 12 31 * * *', '2026-04-01T00:00:00Z')).toBe('2026-05-31T04:00:00.000Z');
    expect(series('0 0 12 31 * * *', '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-31T04:00:00.000Z',
      '2026-03-31T04:00:00.000Z',
      '2026-05-31T04:00:00.000Z',
      '2026-07-31T04:00:00.000Z',
    ]);
    // Feb 29 only in leap years.
    expect(next('0 0 0 29 2 * *', '2026-01-01T00:00:00Z')).toBe('2028-02-28T16:00:00.000Z');
    // New Year in Shanghai happens at 16:00 UTC on Dec 31.
    expect(next('0 0 0 1 1 * *', '2026-12-31T15:00:00Z')).toBe('2026-12-31T16:00:00.000Z');
    expect(next('59 59 23 31 12 * *', '2026-12-31T16:00:00Z')).toBe('2027-12-31T15:59:59.000Z');
  });

  test('weekdays by number (0 = Sunday) and by name, including ranges', () => {
    // 2026-03-07 is a Saturday; Shanghai is already Saturday evening at 12:00 UTC.
    expect(next('0 30 9 * * MON-FRI *', '2026-03-07T12:00:00Z')).toBe('2026-03-09T01:30:00.000Z');
    expect(next('0 30 9 * * 1-5 *', '2026-03-07T12:00:00Z')).toBe('2026-03-09T01:30:00.000Z');
    expect(next('0 0 10 * * 0 *', '2026-03-07T12:00:00Z')).toBe('2026-03-08T02:00:00.000Z');
    expect(next('0 0 10 * * sun *', '2026-03-07T12:00:00Z')).toBe('2026-03-08T02:00:00.000Z');
    expect(series('0 0 8 * * SAT,TUE *', '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-03T00:00:00.000Z', // Tue
      '2026-03-07T00:00:00.000Z', // Sat
      '2026-03-10T00:00:00.000Z', // Tue
    ]);
    // A Shanghai Monday 07:00 is Sunday 23:00 UTC: the weekday is Shanghai's.
    expect(next('0 0 7 * * MON *', '2026-03-08T00:00:00Z')).toBe('2026-03-08T23:00:00.000Z');
  });

  test('day-of-month and day-of-week both restricted: either matches (classic cron)', () => {
    // From Sunday Mar 1: Friday Mar 6 comes before the 13th.
    expect(next('0 0 0 13 * FRI *', '2026-03-01T00:00:00Z')).toBe('2026-03-05T16:00:00.000Z');
    // From Saturday Mar 7: Tuesday the 10th comes before Friday the 13th.
    expect(next('0 0 0 10 * FRI *', '2026-03-07T00:00:00Z')).toBe('2026-03-09T16:00:00.000Z');
    // Only the day restricted: weekday * does not widen it.
    expect(next('0 0 0 13 * * *', '2026-03-01T00:00:00Z')).toBe('2026-03-12T16:00:00.000Z');
    expect(next('0 0 0 13 * ? *', '2026-03-01T00:00:00Z')).toBe('2026-03-12T16:00:00.000Z');
  });

  test('steps: */n, start/n and range/n', () => {
    expect(series('*/15 * * * * * *', '2026-05-05T12:00:07Z', 4)).toEqual([
      '2026-05-05T12:00:15.000Z',
      '2026-05-05T12:00:30.000Z',
      '2026-05-05T12:00:45.000Z',
      '2026-05-05T12:01:00.000Z',
    ]);
    expect(series('0 1/10 * * * * *', '2026-05-05T12:05:00Z', 3)).toEqual([
      '2026-05-05T12:11:00.000Z',
      '2026-05-05T12:21:00.000Z',
      '2026-05-05T12:31:00.000Z',
    ]);
    expect(series('0 10-40/15 * * * * *', '2026-05-05T12:00:00Z', 4)).toEqual([
      '2026-05-05T12:10:00.000Z',
      '2026-05-05T12:25:00.000Z',
      '2026-05-05T12:40:00.000Z',
      '2026-05-05T13:10:00.000Z',
    ]);
    // Every 2 hours in Shanghai time: even Shanghai hours are even UTC hours too (offset 8).
    expect(next('0 0 */2 * * * *', '2026-05-05T13:30:00Z')).toBe('2026-05-05T14:00:00.000Z');
    // Every 5 hours from Shanghai midnight: 00, 05, 10, 15, 20 Shanghai = 16, 21, 02, 07, 12 UTC.
    expect(series('0 0 */5 * * * *', '2026-05-05T16:30:00Z', 4)).toEqual([
      '2026-05-05T21:00:00.000Z',
      '2026-05-06T02:00:00.000Z',
      '2026-05-06T07:00:00.000Z',
      '2026-05-06T12:00:00.000Z',
    ]);
  });

  test('lists, month names and the year field', () => {
    expect(series('0 0 8,20 * * * *', '2026-05-05T00:00:00Z', 3)).toEqual([
      '2026-05-05T12:00:00.000Z', // 20:00 Shanghai
      '2026-05-06T00:00:00.000Z', // 08:00 Shanghai
      '2026-05-06T12:00:00.000Z',
    ]);
    expect(series('0 0 0 1 JAN,jul * *', '2026-02-01T00:00:00Z', 2)).toEqual([
      '2026-06-30T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
    ]);
    expect(next('0 0 0 1 1 * 2027', '2026-06-01T00:00:00Z')).toBe('2026-12-31T16:00:00.000Z');
    expect(next('0 0 0 1 1 * 2027', '2026-12-31T16:00:00Z')).toBeNull();
    expect(next('0 0 0 1 1 * 2030-2031', '2026-06-01T00:00:00Z')).toBe('2029-12-31T16:00:00.000Z');
    expect(next('0 0 0 * * * *', '2099-12-31T16:00:00Z')).toBeNull();
  });

  test('the CloudBase documentation examples', () => {
    // "*/5 * * * * * *": every 5 seconds.
    expect(next('*/5 * * * * * *', '2026-01-01T00:00:03Z')).toBe('2026-01-01T00:00:05.000Z');
    // "0 0 2 1 * * *": 02:00 on the 1st of every month.
    expect(next('0 0 2 1 * * *', '2026-02-01T00:00:00Z')).toBe('2026-02-28T18:00:00.000Z');
    // "0 15 10 * * MON-FRI *": 10:15 on weekdays.
    expect(next('0 15 10 * * MON-FRI *', '2026-03-06T02:15:00Z')).toBe('2026-03-09T02:15:00.000Z');
    // "0 0 10,14,16 * * * *": 10:00, 14:00 and 16:00 every day.
    expect(series('0 0 10,14,16 * * * *', '2026-03-06T02:00:00Z', 2)).toEqual([
      '2026-03-06T06:00:00.000Z',
      '2026-03-06T08:00:00.000Z',
    ]);
  });
});

describe('CronExpression.parse errors', () => {
  test.each([
    ['0 0 2 1 * *', /expected 7 fields/],
    ['0 0 2 1 * * * *', /expected 7 fields/],
    ['60 * * * * * *', /second field "60": 60 is outside 0–59/],
    ['* * 24 * * * *', /hour field/],
    ['* * * 0 * * *', /day field "0"/],
    ['* * * * 13 * *', /month field/],
    ['* * * * * 7 *', /weekday field "7"/],
    ['* * * * * * 1969', /year field/],
    ['* * * * * * 2100', /year field/],
    ['5-1 * * * * * *', /runs backwards/],
    ['*/0 * * * * * *', /step "0"/],
    ['a * * * * * *', /"a" is not a number/],
    ['* * * L * * *', /"L" is not a number/],
    ['* * * * * FRI#2 *', /weekday field/],
    ['1,,2 * * * * * *', /empty list item/],
    ['? * * * * * *', /second field/],
  ])('%s', (expression, message) => {
    expect(() => CronExpression.parse(expression)).toThrow(CronSyntaxError);
    expect(() => CronExpression.parse(expression)).toThrow(message);
  });
});

test('timerEventTime formats UTC at second precision', () => {
  expect(timerEventTime(new Date('2026-12-05T02:00:00.789Z'))).toBe('2026-12-05T02:00:00Z');
});
