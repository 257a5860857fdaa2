import { COLLECTIONS } from '@partner-desk/database';
import { verifyPassword } from '@partner-desk/shared';
import { callAs, rawDocs, seedTenant, signInAs, snapshot, startProductEmulators, uniqueName as unique, warmUp, type SeededTenant } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/**
 * 忘记密码 end to end: auth.requestPasswordReset at the login page (public, same answer for every
 * username, quotas), then the provider's admin completing it in the app (profile.passwordResets,
 * profile.completePasswordReset). HQ's side (admin.listPasswordResets / resetPassword) is in the admin tests.
 */
describe('password reset requests: asked at login, completed by the provider’s admin', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  const R = COLLECTIONS.passwordResets;
  const request = (openId: string | null, username: string) => callAs(emu, openId, 'auth', 'requestPasswordReset', { username });

  /** A provider with an admin and two agents; the admin signed in. */
  async function team(): Promise<{ tenant: SeededTenant; admin: string; agent: SeededTenant['users'][string]; colleague: SeededTenant['users'][string]; adminUser: SeededTenant['users'][string] }> {
    const [adminName, agentName, colleagueName] = [unique('boss'), unique('kefu'), unique('kefu')];
    const tenant = await seedTenant(emu, unique('SP'), { [adminName]: 'admin', [agentName]: 'agent', [colleagueName]: 'agent' });
    const admin = unique('o-admin-');
    await signInAs(emu, admin, tenant.users[adminName]);
    return { tenant, admin, agent: tenant.users[agentName], colleague: tenant.users[colleagueName], adminUser: tenant.users[adminName] };
  }
  const pendingOf = async (userId: string) => (await rawDocs(emu, R, { userId })).filter((r) => r.status === 'pending');
  const messagesOf = async (tenant: SeededTenant) => (await rawDocs(emu, COLLECTIONS.messages, { serviceProviderId: tenant.provider._id })).filter((m) => m.dedupeKey.startsWith('password-reset:'));

  describe('auth.requestPasswordReset', () => {
    test('When an agent forgets the password, then one pending request is recorded, the provider’s message centre tells the admins (linking the requests) and their signals move', async () => {
      const { tenant, admin, agent } = await team();
      const [signalBefore] = await rawDocs(emu, COLLECTIONS.userSignals, { _id: `wx:${admin}` });
      expect(await request(unique('o-'), agent.username)).toEqual({ ok: true, data: {} });
      const [pending] = await pendingOf(agent._id);
      expect(pending).toEqual({
        _id: expect.stringMatching(/^pwr_/),
        serviceProviderId: tenant.provider._id,
        providerName: tenant.provider.name,
        userId: agent._id,
        username: agent.username,
        userName: agent.name,
        role: 'agent',
        status: 'pending',
        openKey: agent._id,
        requestedAt: expect.any(Date),
        lastRequestedAt: pending.requestedAt,
        requestCount: 1,
        completedAt: null,
        completedById: null,
        completedByName: null,
        completedVia: null,
        updatedAt: pending.requestedAt,
      });
      const [message] = await messagesOf(tenant);
      expect(message).toMatchObject({
        type: 'system_notification',
        title: '密码重置申请',
        readStatus: 'unread',
        link: { kind: 'password_resets', id: pending._id },
        dedupeKey: `password-reset:${pending._id}`,
      });
      expect(message.content).toContain(agent.username);
      const [signalAfter] = await rawDocs(emu, COLLECTIONS.userSignals, { _id: `wx:${admin}` });
      expect(signalAfter.messages).toBe(signalBefore.messages + 1);
      // The admin's 我的 page counts it, and the message list links it.
      expect(await callAs(emu, admin, 'profile', 'get', {})).toMatchObject({ ok: true, data: { admin: { pendingPasswordResets: 1 } } });
      const listed = await callAs(emu, admin, 'messages', 'list', { type: 'system_notification' });
      expect(listed).toMatchObject({ ok: true, data: { messages: [{ title: '密码重置申请', link: { kind: 'password_resets', id: pending._id } }] } });
    });

    test('When the username is unknown, then the answer is exactly the same and nothing is written', async () => {
      const { agent } = await team();
      const before = await snapshot(emu, [R, COLLECTIONS.messages]);
      const unknown = await request(unique('o-'), unique('nobody'));
      const known = await request(unique('o-'), agent.username);
      expect(unknown).toEqual(known);
      expect(unknown).toEqual({ ok: true, data: {} });
      const after = await snapshot(emu, [R, COLLECTIONS.messages]);
      expect(after[R].length).toBe(before[R].length + 1); // only the known one
      expect(after[COLLECTIONS.messages].length).toBe(before[COLLECTIONS.messages].length + 1);
    });

    test('When asked again while pending, or by several callers at once, then there is still one pending request (counted) and one message', async () => {
      const { tenant, agent } = await team();
      await request(unique('o-'), agent.username);
      await Promise.all([request(unique('o-'), agent.username), request(unique('o-'), agent.username)]);
      const pending = await pendingOf(agent._id);
      expect(pending).toHaveLength(1);
      expect(pending[0].requestCount).toBe(3);
      expect(pending[0].lastRequestedAt.getTime()).toBeGreaterThanOrEqual(pending[0].requestedAt.getTime());
      expect(await messagesOf(tenant)).toHaveLength(1);
    });

    test('When an account name is asked for a fourth time within the hour (known or not), then RATE_LIMITED with the time to retry, and nothing more is written', async () => {
      const { agent } = await team();
      const stranger = unique('nobody');
      for (const username of [agent.username, stranger]) {
        for (let i = 0; i < 3; i++) expect(await request(unique('o-'), username)).toEqual({ ok: true, data: {} });
        const before = await snapshot(emu, [R]);
        const refused = await request(unique('o-'), username);
        expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^重置申请提交过于频繁，请于 \d\d:\d\d 后再试$/) } });
        if (refused.ok) return;
        const retryAfter = Date.parse((refused.error.details as { retryAfter: string }).retryAfter);
        expect(retryAfter).toBeGreaterThan(Date.now() + 55 * 60_000);
        expect(retryAfter).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
        expect(await snapshot(emu, [R])).toEqual(before);
      }
    });

    test('When one caller asks for a sixth time within the hour, then RATE_LIMITED whatever the username', async () => {
      const caller = unique('o-');
      for (let i = 0; i < 5; i++) expect(await request(caller, unique('someone'))).toMatchObject({ ok: true });
      expect(await request(caller, unique('someone'))).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      expect(await request(unique('o-'), unique('someone'))).toMatchObject({ ok: true });
    });

    test('When a burst of parallel requests hits one account name, then exactly three get through (the quota is taken by an atomic conditional $inc)', async () => {
      const name = unique('burst');
      await warmUp(emu, 'auth', unique('o-'), 4);
      const results = await Promise.all(Array.from({ length: 8 }, () => request(unique('o-'), name)));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(5);
    }, 60_000);

    test('When the account is disabled, then the answer is the same but no request is recorded', async () => {
      const { agent } = await team();
      await emu.database.update(COLLECTIONS.users, { _id: agent._id }, { $set: { status: 'disabled' } }, { multi: false, upsert: false, merge: true });
      expect(await request(unique('o-'), agent.username)).toEqual({ ok: true, data: {} });
      expect(await rawDocs(emu, R, { userId: agent._id })).toEqual([]);
    });

    test('When the caller has no WeChat or web identity, or the payload is malformed, then it is refused and nothing is written', async () => {
      const { agent } = await team();
      const before = await snapshot(emu, [R, COLLECTIONS.loginGuards]);
      expect(await request(null, agent.username)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/微信|浏览器/) } });
      for (const payload of [{}, { username: '' }, { username: 'x'.repeat(65) }, { username: { $ne: null } }, { username: agent.username, userId: agent._id }]) {
        expect(await callAs(emu, unique('o-'), 'auth', 'requestPasswordReset', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      }
      expect(await snapshot(emu, [R, COLLECTIONS.loginGuards])).toEqual(before);
    });
  });

  describe('profile.passwordResets / completePasswordReset (the provider’s admin)', () => {
    test('When the admin lists requests, then the own provider’s pending ones come, most recently asked first; completed ones on request', async () => {
      const { admin, agent, colleague } = await team();
      const other = await team();
      await request(unique('o-'), agent.username);
      await request(unique('o-'), colleague.username);
      await request(unique('o-'), other.agent.username);
      const res = await callAs(emu, admin, 'profile', 'passwordResets', {});
      expect(res).toMatchObject({ ok: true, data: { total: 2, page: 1, pageSize: 20 } });
      if (!res.ok) return;
      expect(res.data.requests.map((r: { username: string }) => r.username)).toEqual([colleague.username, agent.username]);
      expect(res.data.requests[1]).toEqual({
        id: expect.stringMatching(/^pwr_/),
        userId: agent._id,
        username: agent.username,
        userName: agent.name,
        role: 'agent',
        status: 'pending',
        statusLabel: '待处理',
        requestedAt: expect.any(String),
        lastRequestedAt: expect.any(String),
        requestCount: 1,
        completedAt: null,
        completedByName: null,
        completedVia: null,
      });
      expect(await callAs(emu, admin, 'profile', 'passwordResets', { status: 'completed' })).toMatchObject({ ok: true, data: { requests: [], total: 0 } });
    });

    test('When the admin completes a request, then the new password works, the old one and every session of the user end, the lockout lifts, the request is done and audited', async () => {
      const { tenant, admin, agent, adminUser } = await team();
      const [phone, browser] = [unique('o-'), unique('o-')];
      await signInAs(emu, phone, agent);
      await signInAs(emu, browser, agent);
      // The agent had locked the account guessing.
      for (let i = 0; i < 5; i++) await callAs(emu, unique('o-'), 'auth', 'login', { username: agent.username, password: 'Wrong-guess-1' });
      expect(await callAs(emu, unique('o-'), 'auth', 'login', { username: agent.username, password: agent.password })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      await request(unique('o-'), agent.username);
      const [pending] = await pendingOf(agent._id);

      const res = await callAs(emu, admin, 'profile', 'completePasswordReset', { requestId: pending._id, newPassword: 'Fresh-pass-2026' });
      expect(res).toMatchObject({
        ok: true,
        data: { request: { id: pending._id, status: 'completed', statusLabel: '已完成', completedByName: adminUser.name, completedVia: 'app', completedAt: expect.any(String) } },
      });
      const [user] = await rawDocs(emu, COLLECTIONS.users, { _id: agent._id });
      expect(await verifyPassword('Fresh-pass-2026', user.passwordHash)).toBe(true);
      expect(await verifyPassword(agent.password, user.passwordHash)).toBe(false);
      for (const openId of [phone, browser]) expect(await callAs(emu, openId, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await callAs(emu, unique('o-'), 'auth', 'login', { username: agent.username, password: 'Fresh-pass-2026' })).toMatchObject({ ok: true });
      // The admin's own session is untouched.
      expect(await callAs(emu, admin, 'auth', 'refresh', {})).toMatchObject({ ok: true });
      const [stored] = await rawDocs(emu, R, { _id: pending._id });
      expect(stored).toMatchObject({ status: 'completed', openKey: `done:${pending._id}`, completedById: adminUser._id, completedVia: 'app' });
      const audit = (await rawDocs(emu, COLLECTIONS.auditLog, { targetId: agent._id })).filter((a) => a.action === 'profile.completePasswordReset');
      expect(audit).toEqual([expect.objectContaining({ serviceProviderId: tenant.provider._id, actorId: adminUser._id, actorName: adminUser.name, details: { requestId: pending._id, username: agent.username } })]);
      expect(await callAs(emu, admin, 'profile', 'get', {})).toMatchObject({ ok: true, data: { admin: { pendingPasswordResets: 0 } } });
      // Done means the user may ask again later: a new pending request.
      await request(unique('o-'), agent.username);
      expect(await pendingOf(agent._id)).toHaveLength(1);
    });

    test('When a request is completed twice, or by two admins at once, then exactly one succeeds and the other is told it was already handled', async () => {
      const { admin, agent, adminUser } = await team();
      // The same admin on a second device stands for a second admin: both write the same request.
      const secondAdmin = unique('o-');
      await signInAs(emu, secondAdmin, adminUser);
      await request(unique('o-'), agent.username);
      const [pending] = await pendingOf(agent._id);
      await warmUp(emu, 'profile', admin, 4);
      const results = await Promise.all([
        callAs(emu, admin, 'profile', 'completePasswordReset', { requestId: pending._id, newPassword: 'First-pass-1' }),
        callAs(emu, secondAdmin, 'profile', 'completePasswordReset', { requestId: pending._id, newPassword: 'Second-pass-2' }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '该申请已处理，无需重复设置' } });
      const winner = results[0].ok ? 'First-pass-1' : 'Second-pass-2';
      const [user] = await rawDocs(emu, COLLECTIONS.users, { _id: agent._id });
      expect(await verifyPassword(winner, user.passwordHash)).toBe(true);
      expect(await callAs(emu, admin, 'profile', 'completePasswordReset', { requestId: pending._id, newPassword: 'Third-pass-3' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    }, 60_000);

    test('When an admin completes their own request, then their current session stays and others end', async () => {
      const { admin, adminUser } = await team();
      const otherDevice = unique('o-');
      await signInAs(emu, otherDevice, adminUser);
      await request(unique('o-'), adminUser.username);
      const [pending] = await pendingOf(adminUser._id);
      expect(await callAs(emu, admin, 'profile', 'completePasswordReset', { requestId: pending._id, newPassword: 'Own-new-pass-1' })).toMatchObject({ ok: true });
      expect(await callAs(emu, admin, 'auth', 'refresh', {})).toMatchObject({ ok: true });
      expect(await callAs(emu, otherDevice, 'auth', 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    });

    test('When another provider’s request, an unknown id, a weak password or an agent is used, then the refusal is typed and nothing changes', async () => {
      const mine = await team();
      const theirs = await team();
      await request(unique('o-'), theirs.agent.username);
      await request(unique('o-'), mine.agent.username);
      const [foreign] = await pendingOf(theirs.agent._id);
      const [own] = await pendingOf(mine.agent._id);
      const agentOpenId = unique('o-');
      await signInAs(emu, agentOpenId, mine.colleague);
      const watched = [R, COLLECTIONS.users, COLLECTIONS.sessions, COLLECTIONS.auditLog];
      const before = await snapshot(emu, watched);
      expect(await callAs(emu, mine.admin, 'profile', 'completePasswordReset', { requestId: foreign._id, newPassword: 'Cross-pass-1' })).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: '申请不存在' },
      });
      expect(await callAs(emu, mine.admin, 'profile', 'completePasswordReset', { requestId: 'pwr_missing', newPassword: 'Cross-pass-1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await callAs(emu, mine.admin, 'profile', 'completePasswordReset', { requestId: own._id, newPassword: 'short' })).toEqual({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: '密码长度需为 8–64 位' },
      });
      expect(await callAs(emu, mine.admin, 'profile', 'completePasswordReset', { requestId: own._id, newPassword: 'onlyletters' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '密码需同时包含字母和数字' } });
      for (const [action, payload] of [
        ['passwordResets', {}],
        ['completePasswordReset', { requestId: own._id, newPassword: 'Agent-pass-1' }],
      ] as const) {
        expect(await callAs(emu, agentOpenId, 'profile', action, payload)).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: '当前角色无权执行此操作' } });
      }
      for (const payload of [{}, { requestId: own._id }, { requestId: { $ne: null }, newPassword: 'Valid-pass-1' }, { requestId: own._id, newPassword: 'x'.repeat(200) }]) {
        expect(await callAs(emu, mine.admin, 'profile', 'completePasswordReset', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      }
      expect(await callAs(emu, mine.admin, 'profile', 'passwordResets', { status: 'all' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      // The other provider lists none of mine, and mine none of theirs.
      const theirList = await callAs(emu, theirs.admin, 'profile', 'passwordResets', {});
      expect(theirList.ok && theirList.data.requests.map((r: { id: string }) => r.id)).toEqual([foreign._id]);
      const after = await snapshot(emu, watched);
      expect(after).toEqual(before);
    });
  });
});
