import { engineSink, generateSeed, SCALES } from '@partner-desk/seed';
import { startProductEmulators } from '../../test-support';
import type { RunningEmulators } from '../../emulator/src/suite';
import { checkTenantIsolation } from '../tenant-isolation';

describe('tenant isolation across every domain, on the demo data', () => {
  let emu: RunningEmulators;
  let logins: { username: string; password: string; role: string; provider: string }[];
  beforeAll(async () => {
    emu = await startProductEmulators();
    const summary = await generateSeed({ seed: 7, ...SCALES.default, customers: 120, tickets: 600, usageDays: 30, now: new Date() }, engineSink(emu.database));
    logins = summary.logins;
  }, 120_000);
  afterAll(() => emu?.stop());

  test('When two providers log in, then each sees only its own data and every id of the other answers NOT_FOUND', async () => {
    const admins = logins.filter((l) => l.role === 'admin');
    const report = await checkTenantIsolation(emu.hubUrl, admins[0], admins[1]);
    console.log(`isolation: A sees ${JSON.stringify(report.seen.A)}, B sees ${JSON.stringify(report.seen.B)}; ${report.probes.length} cross-provider probes, leaks: ${report.leaks.length}`);
    expect(report.leaks).toEqual([]);
    expect(report.probes).toHaveLength(32);
    expect(new Set(report.probes.map((p) => p.code))).toEqual(new Set(['NOT_FOUND']));
    for (const side of ['A', 'B'] as const) {
      expect(report.seen[side].customers).toBeGreaterThan(0);
      expect(report.seen[side].tickets).toBeGreaterThan(0);
      expect(report.seen[side].pendingResets).toBeGreaterThan(0);
      expect(report.seen[side].usableInvites).toBeGreaterThan(0);
    }
    expect(report.seen.A.customers + report.seen.B.customers).toBeLessThanOrEqual(120);
  }, 120_000);
});
