import { COLLECTIONS } from '@partner-desk/database';
import { decryptField } from '@partner-desk/shared';
import { callAs, seedTenant, signInAs, startProductEmulators } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;
const DAY = 86400_000;
const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const row = (externalId: string, overrides: Record<string, unknown> = {}) => ({
  externalId,
  name: `客户${externalId}`,
  contactPerson: '孙八',
  phone: '13600002222',
  email: 'sun@example.com',
  region: '苏州',
  softwareVersion: 'v6.1',
  portCount: 12,
  purchaseDate: '2024-03-01',
  expiryDate: isoIn(200),
  industry: '制造业',
  ...overrides,
});

describe('admin.importCustomers through the emulator', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  const importRows = (providerId: string, customers: unknown[]) => callAs(emu, null, 'admin', 'importCustomers', { providerId, customers });
  const customersOf = async (serviceProviderId: string) => {
    const docs = await emu.database.find(COLLECTIONS.customers, { serviceProviderId });
    return new Map(docs.map((doc) => [doc.externalId as string, doc]));
  };

  async function newProvider() {
    const res = await callAs(emu, null, 'admin', 'createProvider', { name: unique('SP') });
    if (!res.ok) throw new Error(JSON.stringify(res));
    return res.data.providerId as string;
  }

  test('When customers are imported, then they are inserted with derived status, the provider name, encrypted contacts and zero unresolved issues', async () => {
    const providerId = await newProvider();
    const res = await importRows(providerId, [
      row('A1', { expiryDate: isoIn(-3) }),
      row('A2', { expiryDate: isoIn(10), usageScore: 55 }),
      row('A3', { expiryDate: isoIn(120), lastActiveTime: isoIn(-1) }),
    ]);
    expect(res).toEqual({ ok: true, data: { inserted: 3, updated: 0 } });
    const stored = await customersOf(providerId);
    expect([...stored.keys()].sort()).toEqual(['A1', 'A2', 'A3']);
    expect(stored.get('A1')).toMatchObject({ status: 'expired', usageScore: 0, unresolvedIssues: 0, lastActiveTime: null });
    expect(stored.get('A2')).toMatchObject({ status: 'expiring', usageScore: 55 });
    expect(stored.get('A3')).toMatchObject({ status: 'active', name: '客户A3', region: '苏州', softwareVersion: 'v6.1', portCount: 12, industry: '制造业' });
    const [provider] = await emu.database.find(COLLECTIONS.providers, { _id: providerId });
    for (const doc of stored.values()) {
      expect(doc.serviceProviderName).toBe(provider.name);
      expect(doc.expiryDate).toBeInstanceOf(Date);
      expect(doc.createdAt).toBeInstanceOf(Date);
      const raw = JSON.stringify(doc);
      for (const clear of ['孙八', '13600002222', 'sun@example.com']) expect(raw).not.toContain(clear);
      expect(decryptField(doc.contactPerson as string)).toBe('孙八');
    }
    const audit = (await emu.database.find(COLLECTIONS.auditLog, { serviceProviderId: providerId })).filter((e) => e.action === 'admin.importCustomers');
    expect(audit).toEqual([expect.objectContaining({ details: { rows: 3, inserted: 3, updated: 0 } })]);
  });

  test('When the same import runs twice, then the second run only updates, creates no duplicates and keeps unresolvedIssues and usageScore', async () => {
    const providerId = await newProvider();
    const rows = [row('B1', { usageScore: 80 }), row('B2'), row('B3')];
    expect(await importRows(providerId, rows)).toEqual({ ok: true, data: { inserted: 3, updated: 0 } });
    const first = await customersOf(providerId);
    await emu.database.update(COLLECTIONS.customers, { _id: first.get('B1')!._id }, { $set: { unresolvedIssues: 4 } }, { multi: false, upsert: false, merge: true });

    const again = [row('B1', { name: '改名客户' }), row('B2'), row('B3'), row('B4')];
    expect(await importRows(providerId, again)).toEqual({ ok: true, data: { inserted: 1, updated: 3 } });
    expect(await importRows(providerId, again)).toEqual({ ok: true, data: { inserted: 0, updated: 4 } });
    const second = await customersOf(providerId);
    expect(await emu.database.count(COLLECTIONS.customers, { serviceProviderId: providerId })).toBe(4);
    expect(second.get('B1')).toMatchObject({ _id: first.get('B1')!._id, name: '改名客户', unresolvedIssues: 4, usageScore: 80 });
    expect((second.get('B1')!.createdAt as Date).getTime()).toBe((first.get('B1')!.createdAt as Date).getTime());
  });

  test('When the provider counts 90 days as expiring, then a licence 60 days out is expiring; a provider without settings uses 30 days', async () => {
    const providerId = await newProvider();
    await emu.database.update(COLLECTIONS.settings, { _id: providerId }, { $set: { expiringDays: 90 } }, { multi: false, upsert: false, merge: true });
    await importRows(providerId, [row('C1', { expiryDate: isoIn(60) })]);
    expect((await customersOf(providerId)).get('C1')).toMatchObject({ status: 'expiring' });

    const bare = await seedTenant(emu, unique('SP'));
    expect(await importRows(bare.provider._id, [row('C2', { expiryDate: isoIn(60) }), row('C3', { expiryDate: isoIn(20) })])).toEqual({ ok: true, data: { inserted: 2, updated: 0 } });
    const stored = await customersOf(bare.provider._id);
    expect(stored.get('C2')).toMatchObject({ status: 'active' });
    expect(stored.get('C3')).toMatchObject({ status: 'expiring' });
  });

  test('When a second provider imports a customer the first one holds, then the customer moves (one customer per externalId, as the vendor says who owns it) and the first provider no longer sees it', async () => {
    const [p1, p2] = [await newProvider(), await newProvider()];
    expect(await importRows(p1, [row('SAME', { name: '甲方客户' })])).toEqual({ ok: true, data: { inserted: 1, updated: 0 } });
    const [before] = await emu.database.find(COLLECTIONS.customers, { externalId: 'SAME' });
    await emu.database.update(COLLECTIONS.customers, { _id: before._id }, { $set: { unresolvedIssues: 2 } }, { multi: false, upsert: false, merge: true });
    expect(await importRows(p2, [row('SAME', { name: '乙方客户' })])).toEqual({ ok: true, data: { inserted: 0, updated: 1 } });
    expect((await customersOf(p1)).get('SAME')).toBeUndefined();
    const [after] = await emu.database.find(COLLECTIONS.customers, { externalId: 'SAME' });
    // The same customer (its id, its creation), now the second provider's; the first provider's open tickets stay with it, so the count starts over.
    expect(after).toMatchObject({ _id: before._id, name: '乙方客户', serviceProviderId: p2, unresolvedIssues: 0 });
    expect((after.createdAt as Date).getTime()).toBe((before.createdAt as Date).getTime());
    expect(await emu.database.count(COLLECTIONS.customers, { externalId: 'SAME' })).toBe(1);
  });

  test('When one row is bad, then INVALID_ARGUMENT names its index and no row at all is written', async () => {
    const providerId = await newProvider();
    const cases: [unknown[], number][] = [
      [[row('D1'), row('D2'), row('D3', { email: 'broken' })], 2],
      [[row('D1'), { ...row('D2'), externalId: undefined }], 1],
      [[row('D1'), row('D2', { portCount: -1 })], 1],
      [[row('D1', { expiryDate: 'next year' })], 0],
      [[row('D1'), row('D2', { phone: { $ne: null } })], 1],
      [[row('D1'), row('D2', { hacked: true })], 1],
      [[row('D1'), row('D2', { name: 'x'.repeat(1024 * 1024) })], 1],
      [[row('D1'), row('D2'), row('D1')], 2],
      [[row('D1'), 'not a row'], 1],
    ];
    for (const [customers, index] of cases) {
      const res = await importRows(providerId, customers);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining(`customers[${index}]`), details: { row: index } } });
    }
    expect(await emu.database.count(COLLECTIONS.customers, { serviceProviderId: providerId })).toBe(0);
  });

  test('When the provider is unknown or there are more than 500 rows, then NOT_FOUND or INVALID_ARGUMENT and nothing is written', async () => {
    const before = await emu.database.count(COLLECTIONS.customers, {});
    expect(await importRows('sp_missing', [row('E1')])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const providerId = await newProvider();
    const tooMany = Array.from({ length: 501 }, (_, i) => row(`E${i}`));
    expect(await importRows(providerId, tooMany)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await emu.database.count(COLLECTIONS.customers, {})).toBe(before);
  });

  test('When 500 rows are imported, then all are inserted and the provider\'s signed-in users are signalled', async () => {
    const tenant = await seedTenant(emu, unique('SP'));
    const openId = unique('o-');
    await signInAs(emu, openId, Object.values(tenant.users)[0]);
    const rows = Array.from({ length: 500 }, (_, i) => row(`F${i}`, { expiryDate: isoIn(i - 99.5) }));
    const started = Date.now();
    expect(await importRows(tenant.provider._id, rows)).toEqual({ ok: true, data: { inserted: 500, updated: 0 } });
    const elapsed = Date.now() - started;
    expect(await emu.database.count(COLLECTIONS.customers, { serviceProviderId: tenant.provider._id })).toBe(500);
    expect(await emu.database.count(COLLECTIONS.customers, { serviceProviderId: tenant.provider._id, status: 'expired' })).toBe(100);
    const [signal] = await emu.database.find(COLLECTIONS.userSignals, { _id: `wx:${openId}` });
    expect(signal.customers).toBe(1);
    // Well inside the admin function's 60 s timeout.
    expect(elapsed).toBeLessThan(30_000);
  }, 60_000);
});
