import { deriveCustomerStatus } from '../../src/customers/status';

describe('deriveCustomerStatus', () => {
  // 2026-06-10 10:00 in Shanghai (02:00 UTC).
  const now = new Date('2026-06-10T02:00:00Z');

  test('When the expiry moment has passed (even minutes ago), then the customer is expired', () => {
    expect(deriveCustomerStatus(new Date('2026-06-10T01:59:00Z'), now, 30)).toBe('expired');
    expect(deriveCustomerStatus(new Date('2025-01-01T00:00:00Z'), now, 30)).toBe('expired');
    expect(deriveCustomerStatus(now, now, 30)).toBe('expired');
  });

  test('When expiry is within expiringDays China calendar days, then expiring; one day more, then active', () => {
    // 2026-07-10 00:00 Shanghai = 30 days after 2026-06-10.
    expect(deriveCustomerStatus(new Date('2026-07-09T16:00:00Z'), now, 30)).toBe('expiring');
    // 2026-07-11 00:00 Shanghai = 31 days.
    expect(deriveCustomerStatus(new Date('2026-07-10T16:00:00Z'), now, 30)).toBe('active');
    expect(deriveCustomerStatus(new Date('2026-07-10T16:00:00Z'), now, 31)).toBe('expiring');
  });

  test('When the UTC date differs from the China date, then days are counted in China time', () => {
    // 2026-06-10 23:30 UTC is already 2026-06-11 07:30 in Shanghai: 1 day away, not 0.
    const lateUtc = new Date('2026-06-10T23:30:00Z');
    const expiry = new Date('2026-06-12T17:00:00Z'); // 2026-06-13 01:00 Shanghai
    expect(deriveCustomerStatus(expiry, lateUtc, 1)).toBe('active');
    expect(deriveCustomerStatus(expiry, lateUtc, 2)).toBe('expiring');
  });

  test('When expiringDays is not given, then 30 days apply', () => {
    expect(deriveCustomerStatus(new Date('2026-07-09T16:00:00Z'), now)).toBe('expiring');
    expect(deriveCustomerStatus(new Date('2026-07-10T16:00:00Z'), now)).toBe('active');
  });
});
