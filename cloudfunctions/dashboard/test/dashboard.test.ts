import { COLLECTIONS } from '@partner-desk/database';
import { addDays } from '@partner-desk/shared';
import { engineSink, generateSeed, SCALES, type SeedSummary } from '@partner-desk/seed';
import { callAs, seedTenant, signInAs, startProductEmulators, type SeededTenant, lastInvocation } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('dashboard function', () => {
  let emu: RunningEmulators;
  let seeded: SeedSummary;
  let empty: SeededTenant;
  const admin = 'o-dashboard-admin';
  const newcomer = 'o-dashboard-empty';

  beforeAll(async () => {
    emu = await startProductEmulators();
    // The demo data set, as of now, straight into the engine.
    seeded = await generateSeed({ seed: 11, now: new Date(), ...SCALES.default }, engineSink(emu.database));
    const [user] = await emu.database.find(COLLECTIONS.users, { username: seeded.logins[0].username });
    await signInAs(emu, admin, user as any);
    empty = await seedTenant(emu, '成都启明软件有限公司', { qiming_admin: 'admin' });
    await signInAs(emu, newcomer, empty.users.qiming_admin);
  });
  afterAll(() => emu?.stop());

  test('When the overview is read, then every figure equals what the seeded data says for this provider only', async () => {
    const providerId = seeded.providers[0].id;
    const own = async (collection: string) => (await emu.database.find(collection, {})).filter((d) => d.serviceProviderId === providerId);
    const [customers, tickets, messages, conversations] = await Promise.all([own(COLLECTIONS.customers), own(COLLECTIONS.tickets), own(COLLECTIONS.messages), own(COLLECTIONS.chatConversations)]);
    const since = addDays(new Date(), -30);
    const recent = tickets.filter((t) => (t.createdAt as Date) >= since);
    const result = (await callAs(emu, admin, 'dashboard', 'overview', {})) as any;
    expect(result.ok).toBe(true);
    const data = result.data;
    expect(data.provider).toEqual({ id: providerId, name: seeded.providers[0].name });
    expect(data.user).toMatchObject({ role: 'admin', roleLabel: '管理员', name: expect.stringMatching(/^[\u4e00-\u9fa5]{2,4}$/) });
    expect(data.pendingTickets).toBe(tickets.filter((t) => t.status !== 'resolved').length);
    expect(data.unreadMessages).toBe(messages.filter((m) => m.readStatus === 'unread').length);
    expect(data.customerCount).toBe(customers.length);
    expect(data.activeCustomers).toBe(customers.filter((c) => c.status === 'active').length);
    expect(data.expiringCustomers).toBe(customers.filter((c) => c.status === 'expiring').length);
    expect(data.expiredCustomers).toBe(customers.filter((c) => c.status === 'expired').length);
    expect(data.activeCustomers + data.expiringCustomers + data.expiredCustomers).toBe(data.customerCount);
    expect(recent.length).toBeGreaterThan(0);
    expect(data.ticketResolutionRate).toBeCloseTo(recent.filter((t) => t.status === 'resolved').length / recent.length, 3);
    expect(data.escalatedTickets).toBe(tickets.filter((t) => t.escalationStatus === 'escalated' && t.status !== 'resolved').length);
    expect(data.waitingChats).toBe(conversations.filter((c) => c.waitingSince).length);
    expect(data.customerCount).toBeGreaterThan(0);
    expect(data.pendingTickets).toBeGreaterThan(0);
  });

  test('When a provider has no data yet, then every count is 0 and the resolution rate is null, with none of the other provider’s data', async () => {
    const result = (await callAs(emu, newcomer, 'dashboard', 'overview', {})) as any;
    expect(result.data).toMatchObject({
      provider: { id: empty.provider._id, name: '成都启明软件有限公司' },
      user: { id: empty.users.qiming_admin._id, role: 'admin' },
      pendingTickets: 0,
      unreadMessages: 0,
      customerCount: 0,
      activeCustomers: 0,
      expiringCustomers: 0,
      expiredCustomers: 0,
      ticketResolutionRate: null,
      escalatedTickets: 0,
      waitingChats: 0,
    });
  });

  test('When the overview is read, then all counts run in one parallel round after the session read', async () => {
    expect(await callAs(emu, admin, 'dashboard', 'overview', {})).toMatchObject({ ok: true }); // warms the worker
    // Counted from the requests as the function's worker timed them (InvocationRecord.clientRequests):
    // requests sent together overlap there however busy the machine is, so every run must show 2.
    for (let run = 0; run < 5; run++) {
      expect(await callAs(emu, admin, 'dashboard', 'overview', {})).toMatchObject({ ok: true });
      const invocation = await lastInvocation(emu, 'dashboard');
      expect(invocation.operations).toHaveLength(12); // session + provider + 10 counts
      expect(invocation.operations.filter((o) => o.action === 'database.calculateDocument')).toHaveLength(10);
      expect(invocation.clientRequests).toHaveLength(12);
      expect(invocation.sequentialRoundTrips).toBe(2);
    }
  });

  test('When the payload is malformed or the action unknown, then INVALID_ARGUMENT / UNSUPPORTED_ACTION and nothing changes', async () => {
    const before = await emu.database.count(COLLECTIONS.customers, {});
    for (const payload of [{ serviceProviderId: empty.provider._id }, { $ne: null }, { x: 'y'.repeat(1024 * 1024) }, 'overview', 42]) {
      expect(await callAs(emu, admin, 'dashboard', 'overview', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await callAs(emu, admin, 'dashboard', 'summary', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await emu.database.count(COLLECTIONS.customers, {})).toBe(before);
  });

  test('When nobody is signed in, then UNAUTHENTICATED', async () => {
    expect(await callAs(emu, 'o-dashboard-nobody', 'dashboard', 'overview', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, null, 'dashboard', 'overview', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
