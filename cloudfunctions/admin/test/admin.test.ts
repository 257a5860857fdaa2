import { COLLECTIONS } from '@partner-desk/database';
import { decryptField, verifyPassword } from '@partner-desk/shared';
import { callAs, seedTenant, signInAs, startProductEmulators } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;

describe('admin function (console only) through the emulator', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  const console_ = (action: string, payload?: unknown) => callAs(emu, null, 'admin', action, payload);
  // The console reads the audit log by provider and time; tests look entries up by target in memory.
  const auditOf = async (targetId: string) => (await emu.database.find(COLLECTIONS.auditLog, {})).filter((entry) => entry.targetId === targetId);

  test('When a WeChat user (even a signed-in admin) or a web user calls admin, then PERMISSION_DENIED and nothing is written', async () => {
    const username = unique('boss');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'admin' });
    const openId = unique('o-');
    await signInAs(emu, openId, tenant.users[username]);
    const before = await emu.database.count(COLLECTIONS.providers, {});
    const name = unique('Evil');
    expect(await callAs(emu, openId, 'admin', 'createProvider', { name })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await callAs(emu, unique('o-'), 'admin', 'resetPassword', { userId: tenant.users[username]._id, newPassword: 'Hacked-pass-1' })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    const web = await emu.functions.invoke({ functionName: 'admin', event: { action: 'createProvider', payload: { name } }, extraEnv: { TCB_UUID: unique('uid-') }, source: 'web' });
    expect(web).toMatchObject({ ok: true, result: { ok: false, error: { code: 'PERMISSION_DENIED' } } });
    expect(await emu.database.count(COLLECTIONS.providers, {})).toBe(before);
    const [user] = await emu.database.find(COLLECTIONS.users, { _id: tenant.users[username]._id });
    expect(await verifyPassword(tenant.users[username].password, user.passwordHash as string)).toBe(true);
  });

  test('When the console creates a provider, then it is stored with encrypted contacts, default settings and an audit entry; the same name again is CONFLICT', async () => {
    const name = unique('华东服务商');
    const res = await console_('createProvider', { name, contactPerson: '赵六', phone: '13700001111', email: 'zhao@example.com', region: '杭州' });
    expect(res).toEqual({ ok: true, data: { providerId: expect.any(String) } });
    if (!res.ok) return;
    const { providerId } = res.data;
    const [provider] = await emu.database.find(COLLECTIONS.providers, { _id: providerId });
    expect(provider).toMatchObject({ name, region: '杭州', status: 'active' });
    const raw = JSON.stringify(provider);
    for (const clear of ['赵六', '13700001111', 'zhao@example.com']) expect(raw).not.toContain(clear);
    expect(decryptField(provider.phone as string)).toBe('13700001111');
    expect(await emu.database.find(COLLECTIONS.settings, { _id: providerId })).toEqual([expect.objectContaining({ expiringDays: 30, expiryAlertDays: [90, 60, 30, 7] })]);
    expect(await auditOf(providerId)).toEqual([expect.objectContaining({ action: 'admin.createProvider', actorId: 'console', serviceProviderId: providerId })]);

    const again = await console_('createProvider', { name });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await emu.database.count(COLLECTIONS.providers, { name })).toBe(1);
  });

  test('When two consoles create the same provider name at once, then one wins, the other is CONFLICT and one provider with one settings doc exists', async () => {
    const name = unique('并发');
    const results = await Promise.all([console_('createProvider', { name }), console_('createProvider', { name }), console_('createProvider', { name })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const stored = await emu.database.find(COLLECTIONS.providers, { name });
    expect(stored).toHaveLength(1);
    const settings = await emu.database.find(COLLECTIONS.settings, {});
    const winner = results.find((r) => r.ok) as { ok: true; data: { providerId: string } };
    expect(settings.filter((doc) => doc._id === winner.data.providerId)).toHaveLength(1);
    expect(await auditOf(stored[0]._id as string)).toHaveLength(1);
  });

  test('When the console creates a user, then it can log in, its password is only hashed and its switches are all on', async () => {
    const created = await console_('createProvider', { name: unique('SP') });
    if (!created.ok) throw new Error('provider');
    const username = unique('agent');
    const res = await console_('createUser', { providerId: created.data.providerId, username, password: 'Initial-pass-1', name: '钱七', role: 'agent' });
    expect(res).toEqual({ ok: true, data: { userId: expect.any(String) } });
    if (!res.ok) return;
    const [user] = await emu.database.find(COLLECTIONS.users, { _id: res.data.userId });
    expect(user).toMatchObject({ username, serviceProviderId: created.data.providerId, role: 'agent', status: 'active', notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true } });
    expect(JSON.stringify(user)).not.toContain('Initial-pass-1');
    expect(await auditOf(res.data.userId)).toEqual([expect.objectContaining({ action: 'admin.createUser', details: { username, role: 'agent' } })]);
    const login = await callAs(emu, unique('o-'), 'auth', 'login', { username, password: 'Initial-pass-1' });
    expect(login).toMatchObject({ ok: true, data: { user: { id: res.data.userId, role: 'agent' }, provider: { id: created.data.providerId } } });
  });

  test('When createUser names an unknown provider, a taken username or a weak password, then NOT_FOUND, CONFLICT or INVALID_ARGUMENT and no user is added', async () => {
    const username = unique('taken');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'agent' });
    const before = await emu.database.count(COLLECTIONS.users, {});
    const base = { providerId: tenant.provider._id, username: unique('new'), password: 'Good-pass-1', name: '新人', role: 'agent' };
    expect(await console_('createUser', { ...base, providerId: 'sp_missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await console_('createUser', { ...base, username })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await console_('createUser', { ...base, password: 'weakpassword' })).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '密码需同时包含字母和数字' } });
    expect(await console_('createUser', { ...base, password: 'a1' })).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '密码长度需为 8–64 位' } });
    expect(await console_('createUser', { ...base, role: 'root' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await console_('createUser', { ...base, username: 'bad name!' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await emu.database.count(COLLECTIONS.users, {})).toBe(before);
  });

  test('When the console resets a password, then every session of that user ends, the lockout lifts and only the new password works', async () => {
    const username = unique('agent');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'agent' });
    const user = tenant.users[username];
    const [a, b] = [unique('o-'), unique('o-')];
    await signInAs(emu, a, user);
    await signInAs(emu, b, user);
    for (let i = 0; i < 5; i++) await callAs(emu, unique('o-'), 'auth', 'login', { username, password: `Wrong-pass-${i}` });
    expect(await console_('resetPassword', { userId: user._id, newPassword: 'weak' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await console_('resetPassword', { userId: 'u_missing', newPassword: 'Reset-pass-1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect(await console_('resetPassword', { userId: user._id, newPassword: 'Reset-pass-1' })).toEqual({ ok: true, data: {} });
    expect(await emu.database.find(COLLECTIONS.sessions, { userId: user._id })).toEqual([]);
    expect(await emu.database.find(COLLECTIONS.userSignals, { userId: user._id })).toEqual([]);
    expect(await callAs(emu, a, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, unique('o-'), 'auth', 'login', { username, password: user.password })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, unique('o-'), 'auth', 'login', { username, password: 'Reset-pass-1' })).toMatchObject({ ok: true });
    expect(await auditOf(user._id)).toEqual([expect.objectContaining({ action: 'admin.resetPassword', details: { sessionsEnded: 2, requestClosed: false } })]);
  });

  test('When admin payloads are malformed, then INVALID_ARGUMENT or UNSUPPORTED_ACTION and nothing changes', async () => {
    const snapshot = async () => JSON.stringify(await Promise.all([COLLECTIONS.providers, COLLECTIONS.users, COLLECTIONS.settings, COLLECTIONS.auditLog].map((c) => emu.database.find(c, {}))));
    const before = await snapshot();
    const bad: [string, unknown][] = [
      ['createProvider', {}],
      ['createProvider', { name: { $ne: null } }],
      ['createProvider', { name: 'x'.repeat(1024 * 1024) }],
      ['createProvider', { name: 'ok', phone: '123' }],
      ['createProvider', { name: 'ok', status: 'disabled' }],
      ['createUser', { providerId: 'sp', username: 'abc' }],
      ['createUser', { providerId: { $ne: null }, username: 'abcd', password: 'Good-pass-1', name: 'n', role: 'agent' }],
      ['resetPassword', { userId: 42, newPassword: 'Good-pass-1' }],
      ['resetPassword', { userId: 'u', newPassword: 'x'.repeat(1024 * 1024) }],
      ['importCustomers', { providerId: 'sp', customers: [] }],
      ['importCustomers', { providerId: 'sp', customers: 'all' }],
    ];
    for (const [action, payload] of bad) expect([action, await console_(action, payload)]).toMatchObject([action, { ok: false, error: { code: 'INVALID_ARGUMENT' } }]);
    expect(await console_('dropDatabase', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await snapshot()).toBe(before);
  });
});
