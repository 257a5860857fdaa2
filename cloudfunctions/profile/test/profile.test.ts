import { ABOUT, SUBSCRIBE_TEMPLATE_KEYS, SUBSCRIBE_TEMPLATES } from '@partner-desk/contract';
import { COLLECTIONS } from '@partner-desk/database';
import { decryptField } from '@partner-desk/shared';
import { callAs, seedTenant, signInAs, startProductEmulators } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;

describe('profile function through the emulator', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  async function signedInAgent() {
    const username = unique('agent');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'agent' });
    const user = tenant.users[username];
    const openId = unique('o-');
    await signInAs(emu, openId, user);
    return { tenant, user, openId };
  }
  const profile = (openId: string | null, action: string, payload?: unknown) => callAs(emu, openId, 'profile', action, payload);

  test('When get is called, then one call answers the whole 我的 page: own user and provider masked, switches, subscribe templates with credits, no admin to-dos for an agent, and 关于', async () => {
    const { tenant, user, openId } = await signedInAgent();
    expect(await profile(openId, 'get', {})).toEqual({
      ok: true,
      data: {
        user: { id: user._id, username: user.username, name: user.name, role: 'agent', phone: null, phoneBound: false, phoneBoundAt: null, email: null },
        provider: { id: tenant.provider._id, name: tenant.provider.name, region: '上海', contactPerson: expect.stringMatching(/^.\*+$/), phone: '138****0000', email: 'co*****@example.com' },
        settings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true },
        subscriptions: SUBSCRIBE_TEMPLATE_KEYS.map((key) => ({ key, title: SUBSCRIBE_TEMPLATES[key].title, templateId: SUBSCRIBE_TEMPLATES[key].templateId, setting: SUBSCRIBE_TEMPLATES[key].setting, credits: 0 })),
        admin: null,
        about: ABOUT,
      },
    });
  });

  test('When the profile is updated, then phone and email are stored encrypted, answered masked, and the session carries the new name', async () => {
    const { user, openId } = await signedInAgent();
    const res = await profile(openId, 'update', { name: '  李四  ', phone: '13912345678', email: 'lisi@example.com' });
    expect(res).toMatchObject({ ok: true, data: { user: { id: user._id, name: '李四', phone: '139****5678', email: 'li**@example.com' } } });
    const [stored] = await emu.database.find(COLLECTIONS.users, { _id: user._id });
    expect(JSON.stringify(stored)).not.toContain('13912345678');
    expect(JSON.stringify(stored)).not.toContain('lisi@example.com');
    expect(decryptField(stored.phone as string)).toBe('13912345678');
    expect(decryptField(stored.email as string)).toBe('lisi@example.com');
    const [session] = await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` });
    expect(session.userName).toBe('李四');
    expect(await profile(openId, 'get', {})).toMatchObject({ ok: true, data: { user: { name: '李四', phone: '139****5678' } } });
  });

  test('When only one switch is sent, then only it changes and all switches come back', async () => {
    const { user, openId } = await signedInAgent();
    expect(await profile(openId, 'settings', { chatMessages: false })).toEqual({
      ok: true,
      data: { ticketUpdates: true, customerAlerts: true, chatMessages: false, systemNotifications: true },
    });
    expect(await profile(openId, 'settings', { ticketUpdates: false, chatMessages: true })).toEqual({
      ok: true,
      data: { ticketUpdates: false, customerAlerts: true, chatMessages: true, systemNotifications: true },
    });
    const [stored] = await emu.database.find(COLLECTIONS.users, { _id: user._id });
    expect(stored.notificationSettings).toEqual({ ticketUpdates: false, customerAlerts: true, chatMessages: true, systemNotifications: true });
  });

  test('When two providers each update their profile, then each change lands only on the caller\'s own user', async () => {
    const a = await signedInAgent();
    const b = await signedInAgent();
    await profile(a.openId, 'update', { name: '甲' });
    await profile(b.openId, 'settings', { systemNotifications: false });
    const [userA] = await emu.database.find(COLLECTIONS.users, { _id: a.user._id });
    const [userB] = await emu.database.find(COLLECTIONS.users, { _id: b.user._id });
    expect(userA).toMatchObject({ name: '甲', notificationSettings: { systemNotifications: true } });
    expect(userB).toMatchObject({ name: b.user.name, notificationSettings: { systemNotifications: false } });
    const res = await profile(b.openId, 'get', {});
    expect(res).toMatchObject({ ok: true, data: { user: { id: b.user._id }, provider: { id: b.tenant.provider._id } } });
  });

  test('When there is no session, then every action is UNAUTHENTICATED and nothing changes', async () => {
    const { user } = await signedInAgent();
    const before = await emu.database.find(COLLECTIONS.users, { _id: user._id });
    for (const openId of [unique('o-'), null]) {
      expect(await profile(openId, 'get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await profile(openId, 'update', { name: 'x' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await profile(openId, 'settings', { chatMessages: false })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(await emu.database.find(COLLECTIONS.users, { _id: user._id })).toEqual(before);
  });

  test('When payloads are invalid, then INVALID_ARGUMENT or UNSUPPORTED_ACTION answers and the user document is unchanged', async () => {
    const { user, openId } = await signedInAgent();
    const before = await emu.database.find(COLLECTIONS.users, {});
    const badUpdates: unknown[] = [
      {},
      { phone: '1234' },
      { phone: 13912345678 },
      { phone: '23912345678' },
      { email: 'not-an-email' },
      { name: '' },
      { name: 'x'.repeat(1024 * 1024) },
      { name: { $ne: null } },
      { userId: 'someone-else', name: 'x' },
      { role: 'admin' },
    ];
    for (const payload of badUpdates) expect(await profile(openId, 'update', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    for (const payload of [{}, { chatMessages: 'no' }, { chatMessages: { $ne: null } }, { everything: false }, null, 'x']) {
      expect(await profile(openId, 'settings', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await profile(openId, 'get', { id: user._id })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await profile(openId, 'delete', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await emu.database.find(COLLECTIONS.users, {})).toEqual(before);
  });

  test('When get runs, then it needs at most two sequential database round trips (session, then user, provider and credits)', async () => {
    const { openId } = await signedInAgent();
    // The worker times its own requests (the hub's sequentialRoundTrips): requests sent together count once.
    for (let run = 0; run < 3; run++) {
      expect(await profile(openId, 'get', {})).toMatchObject({ ok: true });
      const { invocations } = (await fetch(`${emu.hubUrl}/functions/invocations?function=profile&limit=1`).then((r) => r.json())) as {
        invocations: { operations: unknown[]; sequentialRoundTrips: number }[];
      };
      const last = invocations[invocations.length - 1];
      expect(last.operations).toHaveLength(4); // session; user, provider and subscribe credits together
      expect(last.sequentialRoundTrips).toBeLessThanOrEqual(2);
    }
  });
});
