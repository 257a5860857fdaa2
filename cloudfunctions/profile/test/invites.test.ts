import { INVITE_TTL_DAYS } from '@partner-desk/contract';
import { COLLECTIONS } from '@partner-desk/database';
import { addDays } from '@partner-desk/shared';
import { callAs, rawDocs, seedTenant, signInAs, snapshot, startProductEmulators, uniqueName as unique, type SeededTenant } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/** The provider admin's invite codes: profile.createInvite / invites / revokeInvite (admin role). */
describe('profile: invite codes', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
  });
  afterAll(() => emu?.stop());

  const I = COLLECTIONS.invites;

  async function team(): Promise<{ tenant: SeededTenant; admin: string; agent: string; adminUser: SeededTenant['users'][string] }> {
    const [adminName, agentName] = [unique('boss'), unique('kefu')];
    const tenant = await seedTenant(emu, unique('SP'), { [adminName]: 'admin', [agentName]: 'agent' });
    const [admin, agent] = [unique('o-admin-'), unique('o-agent-')];
    await signInAs(emu, admin, tenant.users[adminName]);
    await signInAs(emu, agent, tenant.users[agentName]);
    return { tenant, admin, agent, adminUser: tenant.users[adminName] };
  }
  const create = async (openId: string, payload: Record<string, unknown> = {}) => {
    const res = await callAs(emu, openId, 'profile', 'createInvite', payload);
    if (!res.ok) throw new Error(JSON.stringify(res));
    return res.data.invite as { code: string; status: string; createdAt: string; expiresAt: string };
  };
  const stored = async (code: string) => (await rawDocs(emu, I, { _id: `inv_${code.replace('-', '')}` }))[0];

  test('When the admin creates an invite, then a short typable single-use code comes back, usable for 7 days, stored under the provider', async () => {
    const { tenant, admin, adminUser } = await team();
    const res = await callAs(emu, admin, 'profile', 'createInvite', { note: '  给新同事王五  ' });
    expect(res).toEqual({
      ok: true,
      data: {
        invite: {
          code: expect.stringMatching(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/),
          status: 'active',
          statusLabel: '可使用',
          role: 'agent',
          note: '给新同事王五',
          createdAt: expect.any(String),
          expiresAt: expect.any(String),
          createdByName: adminUser.name,
          usedAt: null,
          usedByName: null,
          usedByUsername: null,
          revokedAt: null,
        },
      },
    });
    if (!res.ok) return;
    const { invite } = res.data;
    expect(Date.parse(invite.expiresAt) - Date.parse(invite.createdAt)).toBe(INVITE_TTL_DAYS * 86400_000);
    expect(await stored(invite.code)).toMatchObject({ serviceProviderId: tenant.provider._id, code: invite.code.replace('-', ''), status: 'active', createdById: adminUser._id, role: 'agent' });
    // Codes differ from one another.
    const more = await Promise.all(Array.from({ length: 5 }, () => create(admin)));
    expect(new Set([invite.code, ...more.map((i) => i.code)]).size).toBe(6);
  });

  test('When the admin lists invites, then newest first with each status (active, used, revoked, expired), filterable by status; the 我的 page counts the usable ones', async () => {
    const { admin } = await team();
    const expired = await create(admin);
    await emu.database.update(I, { _id: `inv_${expired.code.replace('-', '')}` }, { $set: { expiresAt: addDays(new Date(), -1), createdAt: addDays(new Date(), -8) } }, { multi: false, upsert: false, merge: true });
    const used = await create(admin);
    expect(await callAs(emu, unique('o-'), 'auth', 'register', { inviteCode: used.code, username: unique('newbie'), password: 'Welcome-2026', name: '新人' })).toMatchObject({ ok: true });
    const revoked = await create(admin);
    await callAs(emu, admin, 'profile', 'revokeInvite', { code: revoked.code });
    const active = await create(admin);

    const all = await callAs(emu, admin, 'profile', 'invites', {});
    if (!all.ok) throw new Error(JSON.stringify(all));
    expect(all.data.total).toBe(4);
    expect(all.data.invites.map((i: { code: string; status: string; statusLabel: string }) => [i.code, i.status, i.statusLabel])).toEqual([
      [active.code, 'active', '可使用'],
      [revoked.code, 'revoked', '已作废'],
      [used.code, 'used', '已使用'],
      [expired.code, 'expired', '已过期'],
    ]);
    for (const [status, code] of [['active', active.code], ['expired', expired.code], ['used', used.code], ['revoked', revoked.code]] as const) {
      const filtered = await callAs(emu, admin, 'profile', 'invites', { status });
      expect([status, filtered.ok && filtered.data.invites.map((i: { code: string }) => i.code)]).toEqual([status, [code]]);
    }
    expect(await callAs(emu, admin, 'profile', 'invites', { page: 2, pageSize: 3 })).toMatchObject({ ok: true, data: { total: 4, invites: [{ code: expired.code }] } });
    expect(await callAs(emu, admin, 'profile', 'get', {})).toMatchObject({ ok: true, data: { admin: { activeInvites: 1, pendingPasswordResets: 0 } } });
  });

  test('When the admin revokes a code, then it can no longer register; revoking again, or a used code, is refused in Chinese', async () => {
    const { admin } = await team();
    const invite = await create(admin);
    const res = await callAs(emu, admin, 'profile', 'revokeInvite', { code: invite.code.toLowerCase() });
    expect(res).toMatchObject({ ok: true, data: { invite: { code: invite.code, status: 'revoked', statusLabel: '已作废', revokedAt: expect.any(String) } } });
    expect(await callAs(emu, admin, 'profile', 'revokeInvite', { code: invite.code })).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '邀请码已作废' } });
    expect(await callAs(emu, unique('o-'), 'auth', 'register', { inviteCode: invite.code, username: unique('late'), password: 'Welcome-2026', name: '迟到' })).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '邀请码已作废，请联系管理员重新生成' },
    });
    const used = await create(admin);
    await callAs(emu, unique('o-'), 'auth', 'register', { inviteCode: used.code, username: unique('newbie'), password: 'Welcome-2026', name: '新人' });
    const before = await stored(used.code);
    expect(await callAs(emu, admin, 'profile', 'revokeInvite', { code: used.code })).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '邀请码已被使用，无法作废' } });
    expect(await stored(used.code)).toEqual(before);
  });

  test('When another provider’s code, an unknown code or an agent is used, then NOT_FOUND / PERMISSION_DENIED and nothing changes', async () => {
    const mine = await team();
    const theirs = await team();
    const foreign = await create(theirs.admin);
    const own = await create(mine.admin);
    const before = await snapshot(emu, [I]);
    expect(await callAs(emu, mine.admin, 'profile', 'revokeInvite', { code: foreign.code })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '邀请码不存在，请核对后重新输入' } });
    for (const code of ['ZZZZ-ZZZZ', 'not-a-code']) expect(await callAs(emu, mine.admin, 'profile', 'revokeInvite', { code })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const listed = await callAs(emu, mine.admin, 'profile', 'invites', {});
    expect(listed.ok && listed.data.invites.map((i: { code: string }) => i.code)).toEqual([own.code]);
    for (const [action, payload] of [
      ['createInvite', {}],
      ['invites', {}],
      ['revokeInvite', { code: own.code }],
    ] as const) {
      expect(await callAs(emu, mine.agent, 'profile', action, payload)).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: '当前角色无权执行此操作' } });
    }
    expect(await callAs(emu, mine.agent, 'profile', 'get', {})).toMatchObject({ ok: true, data: { admin: null } });
    for (const [action, payload] of [
      ['createInvite', { note: '' }],
      ['createInvite', { note: 'x'.repeat(51) }],
      ['createInvite', { role: 'admin' }],
      ['invites', { status: 'all' }],
      ['revokeInvite', {}],
      ['revokeInvite', { code: { $ne: null } }],
    ] as const) {
      expect(await callAs(emu, mine.admin, 'profile', action, payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    for (const [action, payload] of [
      ['createInvite', {}],
      ['invites', {}],
      ['revokeInvite', { code: own.code }],
    ] as const) {
      expect(await callAs(emu, unique('o-'), 'profile', action, payload)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(await snapshot(emu, [I])).toEqual(before);
  });
});
