import { businessDaysBetween, startOfBusinessDay } from '../src/time';

describe('China business days', () => {
  it('starts the day at 00:00 +08:00, whatever instant of the day it is given', () => {
    expect(startOfBusinessDay(new Date('2026-03-04T16:00:00.000Z')).toISOString()).toBe('2026-03-04T16:00:00.000Z');
    expect(startOfBusinessDay(new Date('2026-03-05T15:59:59.999Z')).toISOString()).toBe('2026-03-04T16:00:00.000Z');
    expect(startOfBusinessDay(Date.parse('2026-03-05T16:00:00.000Z')).toISOString()).toBe('2026-03-05T16:00:00.000Z');
  });

  it('counts calendar days in China time, not 24-hour periods', () => {
    expect(businessDaysBetween(new Date('2026-03-04T15:59:59Z'), new Date('2026-03-04T16:00:00Z'))).toBe(1);
    expect(businessDaysBetween(new Date('2026-03-05T00:00:00Z'), new Date('2026-03-05T15:00:00Z'))).toBe(0);
    expect(businessDaysBetween(new Date('2026-03-10T01:00:00Z'), new Date('2026-03-01T01:00:00Z'))).toBe(-9);
  });

  it('keeps the time-zone library for instants before China’s offset became fixed, and for invalid dates', () => {
    // 1990-07-01 fell in China's daylight-saving period (+09:00).
    expect(startOfBusinessDay(new Date('1990-07-01T12:00:00Z')).toISOString()).toBe('1990-06-30T15:00:00.000Z');
    expect(Number.isNaN(startOfBusinessDay(new Date(NaN)).getTime())).toBe(true);
  });
});
