import { alertsDue, crossedExpiryThreshold, DEFAULT_EXPIRY_ALERT_DAYS, licenceAlertDue, type AlertCustomer } from '../../src/customers/alerts';
import { crossingWindows } from '../../src/sync/daily-alerts';

const NOW = new Date('2026-12-06T02:00:00.000Z'); // 10:00 in China
const chinaEnd = (day: string) => new Date(`${day}T23:59:59+08:00`);
const customer = (expiry: string, unresolvedIssues = 0): AlertCustomer => ({ _id: 'cu_1', name: '杭州宏达', softwareVersion: 'V9', portCount: 10, expiryDate: chinaEnd(expiry), unresolvedIssues });

describe('客户提醒', () => {
  test('When a licence is some days from expiry, then the tightest threshold crossed is the one raised; none further out than 90 days or once expired', () => {
    expect(crossedExpiryThreshold(95, DEFAULT_EXPIRY_ALERT_DAYS)).toBeNull();
    expect(crossedExpiryThreshold(90, DEFAULT_EXPIRY_ALERT_DAYS)).toBe(90);
    expect(crossedExpiryThreshold(45, DEFAULT_EXPIRY_ALERT_DAYS)).toBe(60);
    expect(crossedExpiryThreshold(7, DEFAULT_EXPIRY_ALERT_DAYS)).toBe(7);
    expect(crossedExpiryThreshold(0, DEFAULT_EXPIRY_ALERT_DAYS)).toBe(7);
    expect(crossedExpiryThreshold(-1, DEFAULT_EXPIRY_ALERT_DAYS)).toBeNull();
  });

  test('When alerts are due, then their keys name the customer, the expiry day and the threshold, so a renewed licence alerts again and the same one never twice', () => {
    expect(licenceAlertDue(customer('2027-01-05'), NOW, DEFAULT_EXPIRY_ALERT_DAYS)).toMatchObject({ type: 'customer_alert', title: '客户30天后到期', dedupeKey: 'expiry:cu_1:2027-01-05:30', relatedCustomerId: 'cu_1' });
    expect(licenceAlertDue(customer('2027-03-05'), NOW, DEFAULT_EXPIRY_ALERT_DAYS)?.dedupeKey).toBe('expiry:cu_1:2027-03-05:90');
    expect(licenceAlertDue(customer('2026-12-01'), NOW, DEFAULT_EXPIRY_ALERT_DAYS)).toMatchObject({ title: '客户服务已到期', dedupeKey: 'expired:cu_1:2026-12-01' });
    expect(licenceAlertDue(customer('2026-06-01'), NOW, DEFAULT_EXPIRY_ALERT_DAYS)).toBeNull();
    expect(alertsDue(customer('2029-01-01', 3), NOW, DEFAULT_EXPIRY_ALERT_DAYS).map((a) => a.dedupeKey)).toEqual(['unresolved:cu_1:3']);
    expect(alertsDue(customer('2029-01-01', 2), NOW, DEFAULT_EXPIRY_ALERT_DAYS)).toEqual([]);
  });

  test('When the daily pass looks for crossings, then the first looks at every licence within 90 days (and those expired in 60), later ones only at the days crossed since', () => {
    const [first] = crossingWindows([90, 7], null, NOW);
    expect(first.map((d) => d.toISOString())).toEqual(['2026-10-07T02:00:00.000Z', '2027-03-06T16:00:00.000Z']);
    const yesterday = new Date(NOW.getTime() - 86_400_000);
    const [expired, ninety, seven] = crossingWindows([90, 7], yesterday, NOW);
    expect(expired.map((d) => d.toISOString())).toEqual([yesterday.toISOString(), new Date(NOW.getTime() + 1).toISOString()]);
    // Expiry days that are today + 90 and today + 7: one China day each.
    expect(ninety.map((d) => d.toISOString())).toEqual(['2027-03-05T16:00:00.000Z', '2027-03-06T16:00:00.000Z']);
    expect(seven.map((d) => d.toISOString())).toEqual(['2026-12-12T16:00:00.000Z', '2026-12-13T16:00:00.000Z']);
  });
});
