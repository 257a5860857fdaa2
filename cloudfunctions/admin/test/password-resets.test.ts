import { COLLECTIONS } from '@partner-desk/database';
import { verifyPassword } from '@partner-desk/shared';
import { callAs, rawDocs, seedTenant, signInAs, snapshot, startProductEmulators, uniqueName as unique } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/** HQ's side of 忘记密码: the console lists every provider's requests and completes one by resetting the password. */
describe('admin: password reset requests in the console', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  const console_ = (action: string, payload?: unknown) => callAs(emu, null, 'admin', action, payload);
  const ask = (username: string) => callAs(emu, unique('o-'), 'auth', 'requestPasswordReset', { username });

  async function providerWithAgent() {
    const username = unique('kefu');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'agent' });
    return { tenant, agent: tenant.users[username] };
  }

  test('When the console lists requests, then every provider’s pending ones come with their provider, newest first; one provider’s on request; completed ones apart', async () => {
    const a = await providerWithAgent();
    const b = await providerWithAgent();
    await ask(a.agent.username);
    await ask(b.agent.username);
    const all = await console_('listPasswordResets', { pageSize: 50 });
    if (!all.ok) throw new Error(JSON.stringify(all));
    const mine = all.data.requests.filter((r: { userId: string }) => [a.agent._id, b.agent._id].includes(r.userId));
    expect(mine.map((r: { userId: string }) => r.userId)).toEqual([b.agent._id, a.agent._id]);
    expect(mine[1]).toEqual({
      id: expect.stringMatching(/^pwr_/),
      providerId: a.tenant.provider._id,
      providerName: a.tenant.provider.name,
      userId: a.agent._id,
      username: a.agent.username,
      userName: a.agent.name,
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
    const onlyA = await console_('listPasswordResets', { providerId: a.tenant.provider._id });
    expect(onlyA).toMatchObject({ ok: true, data: { total: 1, requests: [{ userId: a.agent._id, providerId: a.tenant.provider._id }] } });
    expect(await console_('listPasswordResets', { providerId: 'sp_nobody' })).toMatchObject({ ok: true, data: { total: 0, requests: [] } });
  });

  test('When HQ resets the password, then the user’s pending request is completed by 总部 (console), the user may ask again, and the audit says a request was closed', async () => {
    const { tenant, agent } = await providerWithAgent();
    await ask(agent.username);
    const [pending] = await rawDocs(emu, COLLECTIONS.passwordResets, { userId: agent._id });
    expect(await console_('resetPassword', { userId: agent._id, newPassword: 'Hq-set-pass-1' })).toEqual({ ok: true, data: {} });
    const [done] = await rawDocs(emu, COLLECTIONS.passwordResets, { _id: pending._id });
    expect(done).toMatchObject({ status: 'completed', openKey: `done:${pending._id}`, completedById: 'console', completedByName: '总部', completedVia: 'console', completedAt: expect.any(Date) });
    const [user] = await rawDocs(emu, COLLECTIONS.users, { _id: agent._id });
    expect(await verifyPassword('Hq-set-pass-1', user.passwordHash)).toBe(true);
    const audit = (await rawDocs(emu, COLLECTIONS.auditLog, { targetId: agent._id })).filter((entry) => entry.action === 'admin.resetPassword');
    expect(audit).toEqual([expect.objectContaining({ serviceProviderId: tenant.provider._id, details: { sessionsEnded: 0, requestClosed: true } })]);
    const completed = await console_('listPasswordResets', { providerId: tenant.provider._id, status: 'completed' });
    expect(completed).toMatchObject({ ok: true, data: { total: 1, requests: [{ id: pending._id, completedVia: 'console', completedByName: '总部' }] } });
    expect(await console_('listPasswordResets', { providerId: tenant.provider._id })).toMatchObject({ ok: true, data: { total: 0 } });
    await ask(agent.username);
    expect((await rawDocs(emu, COLLECTIONS.passwordResets, { userId: agent._id })).map((r) => r.status).sort()).toEqual(['completed', 'pending']);
  });

  test('When a provider user, a web user or a malformed payload calls listPasswordResets, then it is refused and nothing changes', async () => {
    const adminName = unique('boss');
    const tenant = await seedTenant(emu, unique('SP'), { [adminName]: 'admin' });
    const openId = unique('o-');
    await signInAs(emu, openId, tenant.users[adminName]);
    const before = await snapshot(emu, [COLLECTIONS.passwordResets]);
    expect(await callAs(emu, openId, 'admin', 'listPasswordResets', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const web = await emu.functions.invoke({ functionName: 'admin', event: { action: 'listPasswordResets', payload: {} }, extraEnv: { TCB_UUID: unique('uid-') }, source: 'web' });
    expect(web).toMatchObject({ ok: true, result: { ok: false, error: { code: 'PERMISSION_DENIED' } } });
    for (const payload of [{ status: 'everything' }, { providerId: { $ne: null } }, { pageSize: 500 }, { userId: 'u' }]) {
      expect(await console_('listPasswordResets', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await snapshot(emu, [COLLECTIONS.passwordResets])).toEqual(before);
  });
});
