/**
 * The existing system's first data set comes from the running emulator (its console API), so the first
 * sync finds exactly the customers the product holds: same ids, owners, licences and dates, contacts in
 * clear. Against the product's emulators with a small demo seed.
 */
import { decryptField } from '@partner-desk/shared';
import { engineSink, generateSeed } from '@partner-desk/seed';
import type { RunningEmulators } from '../../emulator/src/suite';
import { startProductEmulators } from '../../test-support';
import { derivedProviderCode, loadFromEmulator } from '../src/seed-from-emulator';

let emu: RunningEmulators;
beforeAll(async () => {
  emu = await startProductEmulators();
  await generateSeed({ seed: 3, providers: 2, customers: 25, tickets: 10, usageDays: 3, now: new Date('2026-12-05T04:00:00.000Z') }, engineSink(emu.database));
}, 60_000);
afterAll(() => emu?.stop());

test('When the simulator loads from the emulator console, then every customer comes with its owner code, the same fields and dates, and contacts decrypted', async () => {
  const data = await loadFromEmulator(emu.console.getInfo().url);
  const docs = (await emu.database.find('customers', {}, {})) as any[];
  const providers = (await emu.database.find('providers', {}, {})) as any[];
  expect(data.providers).toEqual(providers.map((p) => ({ code: derivedProviderCode(p._id), name: p.name })).sort((a, b) => a.code.localeCompare(b.code)));
  expect(data.providers.map((p) => p.code)).toEqual(['SP01', 'SP02']);
  expect(data.customers).toHaveLength(25);
  for (const doc of docs) {
    const row = data.customers.find((c) => c.externalId === doc.externalId)!;
    expect(row).toEqual({
      externalId: doc.externalId,
      providerExternalId: derivedProviderCode(doc.serviceProviderId),
      name: doc.name,
      contactPerson: decryptField(doc.contactPerson),
      phone: decryptField(doc.phone),
      email: decryptField(doc.email),
      region: doc.region,
      industry: doc.industry,
      softwareVersion: doc.softwareVersion,
      portCount: doc.portCount,
      purchaseDate: doc.purchaseDate.toISOString(),
      expiryDate: doc.expiryDate.toISOString(),
      lastActiveTime: doc.lastActiveTime ? doc.lastActiveTime.toISOString() : null,
      usage: null,
      updatedAt: doc.updatedAt.toISOString(),
    });
    expect(row.contactPerson).not.toMatch(/^enc:/);
  }
});

test('When a provider has the vendor code (externalId), then that code is used', async () => {
  const [provider] = (await emu.database.find('providers', {}, { limit: 1 })) as any[];
  await emu.database.update('providers', { _id: provider._id }, { $set: { externalId: 'YF-001' } }, { multi: false, upsert: false, merge: true });
  const data = await loadFromEmulator(emu.console.getInfo().url);
  expect(data.providers.find((p) => p.name === provider.name)!.code).toBe('YF-001');
  const owned = (await emu.database.find('customers', { serviceProviderId: provider._id }, {})) as any[];
  expect(owned.length).toBeGreaterThan(0);
  for (const doc of owned) expect(data.customers.find((c) => c.externalId === doc.externalId)!.providerExternalId).toBe('YF-001');
});

test('When provider ids have no number, then the derived code still names the provider', () => {
  expect(derivedProviderCode('sp_s1_01')).toBe('SP01');
  expect(derivedProviderCode('sp_123')).toBe('SP123');
  expect(derivedProviderCode('spx')).toBe('SP-spx');
});
