import { COLLECTIONS } from '@partner-desk/database';
import { verifyPassword } from '@partner-desk/shared';
import { callAs, seedTenant, startProductEmulators, uniqueName as unique } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('auth sessions: wxLogin, logout, refresh, changePassword', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  async function signedInUser() {
    const username = unique('agent');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'admin' });
    const user = tenant.users[username];
    const openId = unique('o-');
    const res = await callAs(emu, openId, 'auth', 'login', { username, password: user.password });
    expect(res.ok).toBe(true);
    return { tenant, user, openId };
  }

  test('When an OPENID was bound before, then wxLogin answers the same shape as login; unbound answers { bound: false }', async () => {
    const { tenant, user, openId } = await signedInUser();
    const res = await callAs(emu, openId, 'auth', 'wxLogin', {});
    expect(res).toEqual({
      ok: true,
      data: {
        bound: true,
        user: { id: user._id, username: user.username, name: user.name, role: 'admin' },
        provider: { id: tenant.provider._id, name: tenant.provider.name },
        session: { expiresAt: expect.any(String) },
      },
    });
    expect(await callAs(emu, unique('o-'), 'auth', 'wxLogin', {})).toEqual({ ok: true, data: { bound: false } });
    expect(await callAs(emu, null, 'auth', 'wxLogin', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test('When a bound session has expired, then wxLogin answers { bound: false }', async () => {
    const { openId } = await signedInUser();
    await emu.database.update(COLLECTIONS.sessions, { _id: `wx:${openId}` }, { $set: { expiresAt: new Date(Date.now() - 1000) } }, { multi: false, upsert: false, merge: true });
    expect(await callAs(emu, openId, 'auth', 'wxLogin', {})).toEqual({ ok: true, data: { bound: false } });
  });

  test('When a bound account was disabled, then wxLogin is PERMISSION_DENIED and the binding is gone', async () => {
    const { user, openId } = await signedInUser();
    await emu.database.update(COLLECTIONS.users, { _id: user._id }, { $set: { status: 'disabled' } }, { multi: false, upsert: false, merge: true });
    expect(await callAs(emu, openId, 'auth', 'wxLogin', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` })).toEqual([]);
  });

  test('When the user logs out, then the session and signal document are gone, authenticated actions are UNAUTHENTICATED and a second logout is fine', async () => {
    const { openId } = await signedInUser();
    expect(await callAs(emu, openId, 'auth', 'logout', {})).toEqual({ ok: true, data: {} });
    expect(await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` })).toEqual([]);
    expect(await emu.database.find(COLLECTIONS.userSignals, { _id: `wx:${openId}` })).toEqual([]);
    expect(await callAs(emu, openId, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, openId, 'profile', 'get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, openId, 'auth', 'wxLogin', {})).toEqual({ ok: true, data: { bound: false } });
    expect(await callAs(emu, openId, 'auth', 'logout', {})).toEqual({ ok: true, data: {} });
  });

  test('When refresh is called, then expiresAt moves a week from now; without a live session it is UNAUTHENTICATED', async () => {
    const { openId } = await signedInUser();
    const soon = new Date(Date.now() + 3600_000);
    await emu.database.update(COLLECTIONS.sessions, { _id: `wx:${openId}` }, { $set: { expiresAt: soon } }, { multi: false, upsert: false, merge: true });
    const res = await callAs(emu, openId, 'auth', 'refresh', {});
    expect(res).toEqual({ ok: true, data: { session: { expiresAt: expect.any(String) } } });
    if (!res.ok) return;
    expect(Date.parse(res.data.session.expiresAt)).toBeGreaterThan(Date.now() + 6.9 * 86400_000);
    const [stored] = await emu.database.find(COLLECTIONS.sessions, { _id: `wx:${openId}` });
    expect((stored.expiresAt as Date).toISOString()).toBe(res.data.session.expiresAt);
    expect(await callAs(emu, unique('o-'), 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, null, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test('When a user signed in on two OPENIDs changes the password on one, then the other is signed out, this one stays and only the new password works', async () => {
    const { user, openId } = await signedInUser();
    const second = unique('o-');
    expect(await callAs(emu, second, 'auth', 'login', { username: user.username, password: user.password })).toMatchObject({ ok: true });
    const { openId: bystanderOpenId } = await signedInUser();

    const newPassword = 'Changed-pass-2026';
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password, newPassword })).toEqual({ ok: true, data: {} });

    expect(await callAs(emu, second, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await emu.database.find(COLLECTIONS.userSignals, { _id: `wx:${second}` })).toEqual([]);
    expect(await callAs(emu, openId, 'auth', 'refresh', {})).toMatchObject({ ok: true });
    expect(await callAs(emu, bystanderOpenId, 'auth', 'refresh', {})).toMatchObject({ ok: true });

    const [stored] = await emu.database.find(COLLECTIONS.users, { _id: user._id });
    expect(stored.passwordHash).not.toContain(newPassword);
    expect(await verifyPassword(newPassword, stored.passwordHash as string)).toBe(true);
    expect(await callAs(emu, unique('o-'), 'auth', 'login', { username: user.username, password: user.password })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs(emu, unique('o-'), 'auth', 'login', { username: user.username, password: newPassword })).toMatchObject({ ok: true });
  });

  test('When the old password is wrong or the new one is weak, then changePassword refuses with a clear message and nothing changes', async () => {
    const { user, openId } = await signedInUser();
    const [before] = await emu.database.find(COLLECTIONS.users, { _id: user._id });
    const wrongOld = await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: 'Not-my-pass-1', newPassword: 'Another-pass-2' });
    expect(wrongOld).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '原密码不正确' } });
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password, newPassword: 'short1' })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '密码长度需为 8–64 位' },
    });
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password, newPassword: 'lettersonly' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '密码需同时包含字母和数字' },
    });
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password, newPassword: user.password })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: { $ne: null }, newPassword: 'Another-pass-2' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callAs(emu, unique('o-'), 'auth', 'changePassword', { oldPassword: user.password, newPassword: 'Another-pass-2' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const [after] = await emu.database.find(COLLECTIONS.users, { _id: user._id });
    expect(after.passwordHash).toBe(before.passwordHash);
  });

  test('When the old password is guessed 5 times, then changePassword and login of that account are RATE_LIMITED', async () => {
    const { user, openId } = await signedInUser();
    for (let i = 0; i < 5; i++) await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: `Guess-pass-${i}`, newPassword: 'Another-pass-2' });
    expect(await callAs(emu, openId, 'auth', 'changePassword', { oldPassword: user.password, newPassword: 'Another-pass-2' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await callAs(emu, unique('o-'), 'auth', 'login', { username: user.username, password: user.password })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });
});
