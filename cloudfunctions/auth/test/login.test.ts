import { COLLECTIONS } from '@partner-desk/database';
import { callAs, seedTenant, startProductEmulators, callAsWebUser, uniqueName as unique } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('auth.login / lockout through the emulator', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  async function tenantWithUser() {
    const username = unique('agent');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'agent' });
    return { tenant, user: tenant.users[username] };
  }
  const login = (openId: string | null, username: string, password: string) => callAs(emu, openId, 'auth', 'login', { username, password });

  test('When a user logs in from WeChat, then this OPENID is bound to the account and another OPENID is not', async () => {
    const { tenant, user } = await tenantWithUser();
    const openId = unique('o-');
    const res = await login(openId, user.username, user.password);
    expect(res).toEqual({
      ok: true,
      data: {
        user: { id: user._id, username: user.username, name: user.name, role: 'agent' },
        provider: { id: tenant.provider._id, name: tenant.provider.name },
        session: { expiresAt: expect.any(String) },
      },
    });
    if (!res.ok) return;
    expect(Date.parse(res.data.session.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86400_000);
    const [session] = await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` });
    expect(session).toMatchObject({ identityType: 'wechat', userId: user._id, serviceProviderId: tenant.provider._id, role: 'agent' });
    const [signal] = await emu.database.find(COLLECTIONS.userSignals, { _id: `wx:${openId}` });
    expect(signal).toMatchObject({ _openid: openId, userId: user._id, serviceProviderId: tenant.provider._id });

    expect(await callAs(emu, openId, 'auth', 'refresh', {})).toMatchObject({ ok: true });
    const other = unique('o-');
    expect(await callAs(emu, other, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, other, 'auth', 'wxLogin', {})).toEqual({ ok: true, data: { bound: false } });
  });

  test('When a web caller logs in, then its CloudBase uid is bound as a web session', async () => {
    const { user } = await tenantWithUser();
    const uid = unique('uid-');
    const res = await callAsWebUser(emu, uid, 'auth', 'login', { username: user.username, password: user.password });
    expect(res).toMatchObject({ ok: true, data: { user: { id: user._id } } });
    const [session] = await emu.database.find(COLLECTIONS.sessions, { _id: `web:${uid}` });
    expect(session).toMatchObject({ identityType: 'web', userId: user._id });
    const [signal] = await emu.database.find(COLLECTIONS.userSignals, { _id: `web:${uid}` });
    expect(signal).toMatchObject({ _openid: uid });
    expect(await callAsWebUser(emu, uid, 'auth', 'wxLogin', {})).toMatchObject({ ok: true, data: { bound: true, user: { id: user._id } } });
  });

  test('When the caller has neither an OPENID nor a uid, then login is UNAUTHENTICATED and nothing is bound', async () => {
    const { user } = await tenantWithUser();
    const before = await emu.database.count(COLLECTIONS.sessions, {});
    expect(await login(null, user.username, user.password)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await emu.database.count(COLLECTIONS.sessions, {})).toBe(before);
  });

  test('When the password is wrong or the username unknown, then both answer UNAUTHENTICATED with the same message and bind nothing', async () => {
    const { user } = await tenantWithUser();
    const openId = unique('o-');
    const wrongPassword = await login(openId, user.username, 'Wrong-pass-1');
    const unknownUser = await login(openId, unique('nobody'), 'Wrong-pass-1');
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(unknownUser).toEqual(wrongPassword);
    expect(await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` })).toEqual([]);
  });

  test('When the user or its provider is disabled, then the right password answers PERMISSION_DENIED', async () => {
    const { tenant, user } = await tenantWithUser();
    await emu.database.update(COLLECTIONS.users, { _id: user._id }, { $set: { status: 'disabled' } }, { multi: false, upsert: false, merge: true });
    expect(await login(unique('o-'), user.username, user.password)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    await emu.database.update(COLLECTIONS.users, { _id: user._id }, { $set: { status: 'active' } }, { multi: false, upsert: false, merge: true });
    await emu.database.update(COLLECTIONS.providers, { _id: tenant.provider._id }, { $set: { status: 'disabled' } }, { multi: false, upsert: false, merge: true });
    const openId = unique('o-');
    expect(await login(openId, user.username, user.password)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` })).toEqual([]);
  });

  test('When an account failed 5 times within 15 minutes (from different callers), then even the right password is RATE_LIMITED with the unlock time', async () => {
    const { user } = await tenantWithUser();
    for (let i = 0; i < 5; i++) {
      expect(await login(unique('o-'), user.username, `Wrong-pass-${i}`)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    const openId = unique('o-');
    const refused = await login(openId, user.username, user.password);
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/\d\d:\d\d/) } });
    if (refused.ok) return;
    const until = Date.parse((refused.error.details as { lockedUntil: string }).lockedUntil);
    expect(until).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    expect(await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` })).toEqual([]);
    const [guard] = await emu.database.find(COLLECTIONS.loginGuards, { _id: `user:${user._id}` });
    expect(guard).toMatchObject({ failures: 5, lockedUntil: expect.any(Date) });
  });

  test('When 12 wrong passwords arrive at once for one account, then at most 5 are checked and the rest are RATE_LIMITED', async () => {
    const { user } = await tenantWithUser();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login(unique('o-'), user.username, `Burst-pass-${i}`)));
    const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c !== 'UNAUTHENTICATED' && c !== 'RATE_LIMITED')).toEqual([]);
    expect(await login(unique('o-'), user.username, user.password)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  test('When an unknown username fails 5 times, then it locks exactly like a real account (the lock does not reveal which usernames exist)', async () => {
    const { user } = await tenantWithUser();
    const ghost = unique('ghost');
    const answers = async (username: string) => {
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await login(unique('o-'), username, `Wrong-pass-${i}`);
        out.push(res.ok ? 'OK' : `${res.error.code}:${res.error.message.replace(/\d\d:\d\d/, 'HH:mm')}`);
      }
      return out;
    };
    const real = await answers(user.username);
    expect(real[5]).toMatch(/^RATE_LIMITED/);
    expect(await answers(ghost)).toEqual(real);
  });

  test('When an account lock has run out, then the right password signs in and clears the counters', async () => {
    const { user } = await tenantWithUser();
    const openId = unique('o-');
    for (let i = 0; i < 5; i++) await login(unique('o-'), user.username, `Wrong-pass-${i}`);
    expect(await login(openId, user.username, user.password)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const past = new Date(Date.now() - 1000);
    await emu.database.update(COLLECTIONS.loginGuards, { _id: `user:${user._id}` }, { $set: { lockedUntil: past, windowStartedAt: new Date(Date.now() - 16 * 60_000) } }, { multi: false, upsert: false, merge: true });
    expect(await login(openId, user.username, user.password)).toMatchObject({ ok: true });
    expect(await emu.database.find(COLLECTIONS.loginGuards, { _id: { $in: [`user:${user._id}`, `caller:wx:${openId}`] } })).toEqual([]);
  });

  test('When 4 failures are followed by a success, then the counters are cleared and 4 more failures do not lock', async () => {
    const { user } = await tenantWithUser();
    const openId = unique('o-');
    for (let i = 0; i < 4; i++) await login(openId, user.username, `Wrong-pass-${i}`);
    expect(await login(openId, user.username, user.password)).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await login(openId, user.username, `Wrong-pass-${i}`);
    expect(await login(openId, user.username, user.password)).toMatchObject({ ok: true });
  });

  test('When one OPENID fails 5 times across different usernames, then that caller is RATE_LIMITED for any account while others still sign in', async () => {
    const { user } = await tenantWithUser();
    const sprayer = unique('o-');
    for (let i = 0; i < 5; i++) await login(sprayer, unique('guess'), 'Passw0rd!guess');
    expect(await login(sprayer, user.username, user.password)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const [guard] = await emu.database.find(COLLECTIONS.loginGuards, { _id: `caller:wx:${sprayer}` });
    expect(guard).toMatchObject({ failures: 5 });
    // The account itself is not locked by someone else's guesses at other usernames.
    expect(await login(unique('o-'), user.username, user.password)).toMatchObject({ ok: true });
  });

  test('When logins succeed and fail, then neither the function logs nor any stored document contain the password', async () => {
    const { user } = await tenantWithUser();
    const openId = unique('o-');
    const wrong = 'Secret-wrong-9876';
    await login(openId, user.username, wrong);
    await login(openId, user.username, user.password);
    await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password, newPassword: 'Brand-new-pass-42' });
    const { invocations } = (await fetch(`${emu.hubUrl}/functions/invocations?function=auth`).then((r) => r.json())) as { invocations: { logs: unknown[] }[] };
    expect(invocations.length).toBeGreaterThan(0);
    const logs = JSON.stringify(invocations.map((i) => i.logs));
    for (const secret of [wrong, user.password, 'Brand-new-pass-42']) expect(logs).not.toContain(secret);
    const stored = JSON.stringify(
      await Promise.all([COLLECTIONS.users, COLLECTIONS.sessions, COLLECTIONS.loginGuards, COLLECTIONS.userSignals, COLLECTIONS.auditLog].map((c) => emu.database.find(c, {}))),
    );
    for (const secret of [wrong, user.password, 'Brand-new-pass-42']) expect(stored).not.toContain(secret);
  });

  test('When payloads are malformed, then INVALID_ARGUMENT or UNSUPPORTED_ACTION answers and no session or guard is written', async () => {
    const { user } = await tenantWithUser();
    const openId = unique('o-');
    const snapshot = async () => JSON.stringify(await Promise.all([COLLECTIONS.sessions, COLLECTIONS.loginGuards, COLLECTIONS.userSignals].map((c) => emu.database.find(c, {}))));
    const before = await snapshot();
    const bad: unknown[] = [
      {},
      { username: user.username },
      { username: 42, password: user.password },
      { username: { $ne: null }, password: { $ne: null } },
      { username: user.username, password: 'x'.repeat(1024 * 1024) },
      { username: 'y'.repeat(1024 * 1024), password: user.password },
      { username: user.username, password: user.password, role: 'admin' },
      [user.username, user.password],
    ];
    for (const payload of bad) expect(await callAs(emu, openId, 'auth', 'login', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callAs(emu, openId, 'auth', 'refresh', { extend: 30 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callAs(emu, openId, 'auth', 'signup', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await callAs(emu, openId, 'auth', '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await snapshot()).toBe(before);
  });
});
