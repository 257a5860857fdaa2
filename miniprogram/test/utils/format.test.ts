/** Times read in Beijing time whatever the device's zone; figures as the pages show them. */
import { daysUntil, formatCount, formatDate, formatDateTime, formatPercent, formatRelativeTime } from '../../src/utils/format';

// 2026-12-07 14:30 in Beijing.
const now = new Date('2026-12-07T06:30:00.000Z');

test('When a list shows a time, then it reads as WeChat writes it, by Beijing calendar days', () => {
  expect(formatRelativeTime('2026-12-07T06:29:30.000Z', now)).toBe('刚刚');
  expect(formatRelativeTime('2026-12-07T06:25:00.000Z', now)).toBe('5分钟前');
  expect(formatRelativeTime('2026-12-07T01:05:00.000Z', now)).toBe('09:05');
  // 00:10 Beijing on the 7th is today, though it is still the 6th in UTC.
  expect(formatRelativeTime('2026-12-06T16:10:00.000Z', now)).toBe('00:10');
  expect(formatRelativeTime('2026-12-06T15:50:00.000Z', now)).toBe('昨天 23:50');
  expect(formatRelativeTime('2026-11-20T02:00:00.000Z', now)).toBe('11月20日');
  expect(formatRelativeTime('2025-12-31T02:00:00.000Z', now)).toBe('2025年12月31日');
  expect(formatRelativeTime('not a time', now)).toBe('');
});

test('When a detail shows a time or a date, then it is the Beijing one', () => {
  expect(formatDateTime('2026-12-06T16:05:00.000Z')).toBe('2026-12-07 00:05');
  expect(formatDate('2026-12-06T16:05:00.000Z')).toBe('2026-12-07');
  expect(daysUntil('2026-12-09T16:00:00.000Z', now)).toBe(3);
  expect(daysUntil('2026-12-06T15:59:00.000Z', now)).toBe(-1);
});

test('When a ratio or a count is shown, then it has at most one decimal, thousands grouped, and a missing ratio is null (the page says 暂无)', () => {
  expect([formatPercent(0.8125), formatPercent(1), formatPercent(0), formatPercent(2 / 3), formatPercent(null)]).toEqual(['81.3%', '100%', '0%', '66.7%', null]);
  expect([formatCount(0), formatCount(999), formatCount(1234), formatCount(1234567)]).toEqual(['0', '999', '1,234', '1,234,567']);
});
