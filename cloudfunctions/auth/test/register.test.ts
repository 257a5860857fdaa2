import { COLLECTIONS, type InviteDoc } from '@partner-desk/database';
import { addDays, verifyPassword } from '@partner-desk/shared';
import { callAs, callAsWebUser, rawDocs, seedTenant, signInAs, snapshot, startProductEmulators, uniqueName as unique, warmUp, type SeededTenant } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/** 注册 by invite code: auth.register, with codes made by the provider's admin (profile.createInvite). */
describe('auth.register with an invite code', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  const U = COLLECTIONS.users;
  const I = COLLECTIONS.invites;

  /** A provider whose signed-in admin made one invite; answers the code as shown (XXXX-XXXX). */
  async function inviting(): Promise<{ tenant: SeededTenant; admin: string; adminUser: SeededTenant['users'][string]; code: string }> {
    const adminName = unique('boss');
    const tenant = await seedTenant(emu, unique('SP'), { [adminName]: 'admin' });
    const admin = unique('o-admin-');
    await signInAs(emu, admin, tenant.users[adminName]);
    const created = await callAs(emu, admin, 'profile', 'createInvite', { note: '新同事' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    return { tenant, admin, adminUser: tenant.users[adminName], code: created.data.invite.code };
  }
  const register = (openId: string | null, payload: Record<string, unknown>) => callAs(emu, openId, 'auth', 'register', payload);
  const newcomer = () => ({ username: unique('newbie'), password: 'Welcome-2026', name: '王小明' });
  const inviteDoc = async (code: string): Promise<InviteDoc> => (await rawDocs(emu, I, { _id: `inv_${code.replace('-', '')}` }))[0];

  test('When a newcomer registers with a fresh code, then an agent of the inviting provider is created, the code is used, and the caller is signed in like login', async () => {
    const { tenant, admin, adminUser, code } = await inviting();
    const openId = unique('o-new-');
    const person = newcomer();
    const res = await register(openId, { inviteCode: code, ...person });
    expect(res).toEqual({
      ok: true,
      data: {
        user: { id: expect.stringMatching(/^u_/), username: person.username, name: '王小明', role: 'agent' },
        provider: { id: tenant.provider._id, name: tenant.provider.name },
        session: { expiresAt: expect.any(String) },
      },
    });
    if (!res.ok) return;
    const userId = res.data.user.id;
    const [user] = await rawDocs(emu, U, { _id: userId });
    expect(user).toMatchObject({ serviceProviderId: tenant.provider._id, username: person.username, role: 'agent', status: 'active', notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true } });
    expect(await verifyPassword(person.password, user.passwordHash)).toBe(true);
    expect(await inviteDoc(code)).toMatchObject({ status: 'used', usedByUserId: userId, usedByUsername: person.username, usedByName: '王小明', usedAt: expect.any(Date) });
    // Signed in: this OPENID is bound, its signal document exists, and tenant actions work at once.
    expect(await rawDocs(emu, COLLECTIONS.sessions, { _id: `wx:${openId}` })).toEqual([expect.objectContaining({ userId, serviceProviderId: tenant.provider._id, role: 'agent', userName: '王小明' })]);
    expect(await rawDocs(emu, COLLECTIONS.userSignals, { _id: `wx:${openId}` })).toEqual([expect.objectContaining({ _openid: openId, userId })]);
    expect(await callAs(emu, openId, 'auth', 'wxLogin', {})).toMatchObject({ ok: true, data: { bound: true, user: { id: userId } } });
    expect(await callAs(emu, openId, 'profile', 'get', {})).toMatchObject({ ok: true, data: { user: { id: userId, role: 'agent' }, provider: { id: tenant.provider._id } } });
    // The account signs in with its password anywhere.
    expect(await callAs(emu, unique('o-'), 'auth', 'login', { username: person.username, password: person.password })).toMatchObject({ ok: true, data: { user: { id: userId } } });
    // Audited, the team is told, and the admin's list shows who used the code.
    expect((await rawDocs(emu, COLLECTIONS.auditLog, { targetId: userId })).map((a) => [a.action, a.actorId, a.details.inviteCode])).toEqual([['auth.register', userId, code]]);
    const news = (await rawDocs(emu, COLLECTIONS.messages, { serviceProviderId: tenant.provider._id })).filter((m) => m.title === '新成员加入');
    expect(news).toHaveLength(1);
    expect(news[0].content).toContain(person.username);
    const listed = await callAs(emu, admin, 'profile', 'invites', {});
    expect(listed).toMatchObject({ ok: true, data: { invites: [{ code, status: 'used', statusLabel: '已使用', usedByName: '王小明', usedByUsername: person.username, createdByName: adminUser.name }] } });
  });

  test('When the code is typed in lower case with spaces, then it still matches', async () => {
    const { code } = await inviting();
    const typed = ` ${code.toLowerCase().replace('-', ' ')} `;
    expect(await register(unique('o-'), { inviteCode: typed, ...newcomer() })).toMatchObject({ ok: true });
  });

  test('When a web (H5) caller registers, then the browser’s CloudBase uid is bound as a web session', async () => {
    const { code } = await inviting();
    const uid = unique('uid-');
    const res = await callAsWebUser(emu, uid, 'auth', 'register', { inviteCode: code, ...newcomer() });
    expect(res).toMatchObject({ ok: true });
    expect(await rawDocs(emu, COLLECTIONS.sessions, { _id: `web:${uid}` })).toEqual([expect.objectContaining({ identityType: 'web' })]);
  });

  test('When the code is wrong, malformed, expired, used or revoked, then a clear Chinese refusal and nothing is written', async () => {
    const { admin } = await inviting();
    const used = (await inviting()).code;
    expect(await register(unique('o-'), { inviteCode: used, ...newcomer() })).toMatchObject({ ok: true });
    const expired = (await callAs(emu, admin, 'profile', 'createInvite', {})) as { ok: true; data: { invite: { code: string } } };
    await emu.database.update(I, { _id: `inv_${expired.data.invite.code.replace('-', '')}` }, { $set: { expiresAt: addDays(new Date(), -1) } }, { multi: false, upsert: false, merge: true });
    const revoked = (await callAs(emu, admin, 'profile', 'createInvite', {})) as { ok: true; data: { invite: { code: string } } };
    expect(await callAs(emu, admin, 'profile', 'revokeInvite', { code: revoked.data.invite.code })).toMatchObject({ ok: true });

    const watched = [U, I, COLLECTIONS.sessions, COLLECTIONS.userSignals, COLLECTIONS.auditLog];
    const before = await snapshot(emu, watched);
    const cases: [string, string, string][] = [
      ['ZZZZ-ZZZZ', 'NOT_FOUND', '邀请码不存在，请核对后重新输入'],
      ['0000-1111', 'NOT_FOUND', '邀请码不存在，请核对后重新输入'],
      ['ABC', 'NOT_FOUND', '邀请码不存在，请核对后重新输入'],
      [expired.data.invite.code, 'FAILED_PRECONDITION', '邀请码已过期，请联系管理员重新生成'],
      [used, 'FAILED_PRECONDITION', '邀请码已被使用，每个邀请码只能注册一个账号'],
      [revoked.data.invite.code, 'FAILED_PRECONDITION', '邀请码已作废，请联系管理员重新生成'],
    ];
    for (const [inviteCode, codeExpected, message] of cases) {
      expect([inviteCode, await register(unique('o-'), { inviteCode, ...newcomer() })]).toEqual([inviteCode, { ok: false, error: { code: codeExpected, message } }]);
    }
    expect(await snapshot(emu, watched)).toEqual(before);
  });

  test('When the inviting provider has been disabled, then the code no longer registers anyone', async () => {
    const { tenant, code } = await inviting();
    await emu.database.update(COLLECTIONS.providers, { _id: tenant.provider._id }, { $set: { status: 'disabled' } }, { multi: false, upsert: false, merge: true });
    const before = await snapshot(emu, [U, I, COLLECTIONS.sessions]);
    expect(await register(unique('o-'), { inviteCode: code, ...newcomer() })).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '邀请码所属的服务商已停用，请联系管理员' } });
    expect(await snapshot(emu, [U, I, COLLECTIONS.sessions])).toEqual(before);
  });

  test('When the username is taken or the password too weak, then CONFLICT / INVALID_ARGUMENT and the code stays usable', async () => {
    const { code, adminUser } = await inviting();
    const before = await snapshot(emu, [U, I]);
    expect(await register(unique('o-'), { inviteCode: code, ...newcomer(), username: adminUser.username })).toEqual({ ok: false, error: { code: 'CONFLICT', message: `账号已存在：${adminUser.username}` } });
    expect(await register(unique('o-'), { inviteCode: code, ...newcomer(), password: 'abcdefgh' })).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '密码需同时包含字母和数字' } });
    expect(await snapshot(emu, [U, I])).toEqual(before);
    expect((await inviteDoc(code)).status).toBe('active');
    expect(await register(unique('o-'), { inviteCode: code, ...newcomer() })).toMatchObject({ ok: true });
  });

  test('When six people use one code at the same moment, then exactly one account is created and the others are told the code was used', async () => {
    const { tenant, code } = await inviting();
    await warmUp(emu, 'auth', unique('o-'), 6);
    const people = Array.from({ length: 6 }, newcomer);
    const results = await Promise.all(people.map((person) => register(unique('o-'), { inviteCode: code, ...person })));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '邀请码已被使用，每个邀请码只能注册一个账号' } });
    const created = (await rawDocs(emu, U, { serviceProviderId: tenant.provider._id })).filter((u) => people.some((p) => p.username === u.username));
    expect(created).toHaveLength(1);
    expect(await inviteDoc(code)).toMatchObject({ status: 'used', usedByUserId: created[0]._id });
  }, 90_000);

  test('When two people register the same username with two codes at once, then one account exists and the other is CONFLICT with its code still usable', async () => {
    const [a, b] = [await inviting(), await inviting()];
    const username = unique('twin');
    const results = await Promise.all([a, b].map((side) => register(unique('o-'), { inviteCode: side.code, username, password: 'Twin-pass-1', name: '同名' })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await rawDocs(emu, U, { username })).toHaveLength(1);
    const statuses = [(await inviteDoc(a.code)).status, (await inviteDoc(b.code)).status].sort();
    expect(statuses).toEqual(['active', 'used']);
  }, 60_000);

  test('When one caller tries an eleventh time within the hour, then RATE_LIMITED, so codes can’t be guessed by trying', async () => {
    const caller = unique('o-');
    for (let i = 0; i < 10; i++) expect(await register(caller, { inviteCode: 'WXYZ-2345', ...newcomer() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const { code } = await inviting();
    expect(await register(caller, { inviteCode: code, ...newcomer() })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^注册尝试过于频繁，请于 \d\d:\d\d 后再试$/) } });
    expect((await inviteDoc(code)).status).toBe('active');
  });

  test('When the caller has no identity or the payload is malformed, then it is refused and nothing is written', async () => {
    const { code } = await inviting();
    const before = await snapshot(emu, [U, I, COLLECTIONS.sessions]);
    expect(await register(null, { inviteCode: code, ...newcomer() })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const bad: Record<string, unknown>[] = [
      {},
      { inviteCode: code },
      { inviteCode: code, ...newcomer(), role: 'admin' },
      { inviteCode: code, ...newcomer(), username: 'bad name!' },
      { inviteCode: code, ...newcomer(), username: 'ab' },
      { inviteCode: code, ...newcomer(), name: '' },
      { inviteCode: { $ne: null }, ...newcomer() },
      { inviteCode: 'x'.repeat(1024 * 1024), ...newcomer() },
      { inviteCode: code, ...newcomer(), serviceProviderId: 'sp_other' },
    ];
    for (const payload of bad) expect(await register(unique('o-'), payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await snapshot(emu, [U, I, COLLECTIONS.sessions])).toEqual(before);
  });
});
