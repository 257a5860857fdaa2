import { AppError } from '../../src/errors';
import { parseImportDate, validateImportRows } from '../../src/admin/customer-import';
import { fromImportRow } from '../../src/customers/vendor-customer';

const row = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'EXT-1',
  name: '上海某某科技',
  contactPerson: '王五',
  phone: '021-12345678',
  email: 'wang@example.com',
  region: '上海',
  softwareVersion: 'v5.2',
  portCount: 20,
  purchaseDate: '2025-01-01',
  expiryDate: '2027-01-01',
  ...overrides,
});

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

describe('customer import rows', () => {
  test('When a date has no time, then it is midnight in China; with an offset it is kept', () => {
    expect(parseImportDate('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parseImportDate('2027-01-01T08:00:00+08:00').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  test('When the third row is bad, then INVALID_ARGUMENT names row index 2 and the field', () => {
    const err = errorOf(() => validateImportRows([row(), row({ externalId: 'EXT-2' }), row({ externalId: 'EXT-3', email: 'nope' })]));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('customers[2]');
    expect(err.message).toContain('email');
    expect(err.details).toMatchObject({ row: 2 });
  });

  test('When two rows share an externalId, or expiry precedes purchase, then the row is refused', () => {
    expect(errorOf(() => validateImportRows([row(), row()])).details).toMatchObject({ row: 1, duplicateOf: 0 });
    expect(errorOf(() => validateImportRows([row({ expiryDate: '2024-01-01' })])).message).toContain('到期日期早于购买日期');
  });

  test('When a row is valid, then the upsert gets it with parsed dates, its score and lastActiveTime, and nothing of ours (open issues, status)', () => {
    const [valid] = validateImportRows([row({ usageScore: 70, lastActiveTime: '2026-06-01T10:00:00+08:00' })]);
    const input = fromImportRow(valid);
    expect(input).toMatchObject({ externalId: 'EXT-1', usageScore: 70, portCount: 20, contactPerson: '王五' });
    expect(input.expiryDate.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(input.lastActiveTime?.toISOString()).toBe('2026-06-01T02:00:00.000Z');
    expect(input).not.toHaveProperty('unresolvedIssues');
    expect(input).not.toHaveProperty('version');
    // A row without lastActiveTime keeps what is stored (undefined), one with null clears it.
    expect(fromImportRow(validateImportRows([row()])[0])).not.toHaveProperty('lastActiveTime');
    expect(fromImportRow(validateImportRows([row({ lastActiveTime: null })])[0]).lastActiveTime).toBeNull();
  });
});
