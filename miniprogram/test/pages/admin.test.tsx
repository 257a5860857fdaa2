/**
 * The provider admin's pages: 密码重置申请 (set a new password for a request; the policy's refusal under the
 * field) and 邀请码 (generate with a note, copy, revoke after confirming).
 */
import { screen, waitFor } from '@testing-library/react';
import type { InviteView, PasswordResetView } from '@partner-desk/contract';
import InvitesPage from '../../src/pages/admin/invites';
import PasswordResetsPage from '../../src/pages/admin/password-resets';
import { installFakeCloud, refusal } from '../support/fake-cloud';
import { NOW } from '../support/fixtures';
import { answerModal, modalShown, tap, typeInto } from '../support/interact';
import { renderPage } from '../support/render-page';

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);

function resetRequest(i: number, overrides: Partial<PasswordResetView> = {}): PasswordResetView {
  return {
    id: `pr_${i}`,
    userId: `u_${i}`,
    username: `yunfan_kefu${i}`,
    userName: ['李娜', '王强', '赵敏'][i % 3],
    role: 'agent',
    status: 'pending',
    statusLabel: '待处理',
    // Relative to the real clock: the row says how long ago.
    requestedAt: new Date(Date.now() - 7_200_000).toISOString(),
    lastRequestedAt: new Date(Date.now() - 600_000).toISOString(),
    requestCount: i + 1,
    completedAt: null,
    completedByName: null,
    completedVia: null,
    ...overrides,
  };
}

test('When pending requests are listed, then a new password is set for one; a refused password stays under its field', async () => {
  const pending = [resetRequest(0), resetRequest(1)];
  const cloud = installFakeCloud()
    .on('profile', 'passwordResets', ({ status = 'pending' }) => {
      const requests = status === 'pending' ? pending.filter((r) => r.status === 'pending') : pending.filter((r) => r.status === 'completed');
      return { requests, total: requests.length, page: 1, pageSize: 20 };
    })
    .on('profile', 'completePasswordReset', ({ requestId, newPassword }) => {
      if (!/\d/.test(newPassword)) return refusal('INVALID_ARGUMENT', '密码需为 8–64 位，且同时包含字母和数字');
      const request = pending.find((r) => r.id === requestId)!;
      Object.assign(request, { status: 'completed', statusLabel: '已完成', completedAt: NOW.toISOString(), completedByName: '周云帆', completedVia: 'app' });
      return { request };
    });
  renderPage(<PasswordResetsPage />, '/pages/admin/password-resets');

  await waitFor(() => expect(texts('.admin-row__title')).toEqual(['李娜', '王强']));
  expect(texts('.segmented-tabs__tab')).toEqual(['待处理2', '已处理']);
  expect(texts('.admin-row__meta')).toEqual(['提交时间：10分钟前', '提交时间：10分钟前 · 共提交 2 次']);

  await tap('设置新密码', 1);
  expect(screen.getByText('为 王强（yunfan_kefu1）设置新密码。重置后其他设备上的登录将失效，请把新密码当面或电话告知本人。')).toBeTruthy();
  await typeInto('请输入新密码', 'onlyletters');
  await typeInto('请再次输入新密码', 'onlyletters');
  await tap('确认重置');
  await waitFor(() => expect(texts('.form-field__error')).toEqual(['密码需为 8–64 位，且同时包含字母和数字']));

  await typeInto('请输入新密码', 'Wangqiang2026');
  await typeInto('请再次输入新密码', 'Wangqiang2026');
  await tap('确认重置');
  await waitFor(() => expect(texts('.admin-row__title')).toEqual(['李娜']));
  expect(cloud.callsOf('profile', 'completePasswordReset').at(-1)!.payload).toEqual({ requestId: 'pr_1', newPassword: 'Wangqiang2026' });

  await tap('已处理');
  await waitFor(() => expect(texts('.admin-row__meta')).toEqual([`周云帆（服务商管理员）于 2026-12-07 14:30 处理`]));
  expect(cloud.callsOf('profile', 'passwordResets').at(-1)!.payload).toEqual({ status: 'completed', page: 1, pageSize: 20 });
});

test('When there is no pending request, then the page says where requests come from', async () => {
  installFakeCloud().on('profile', 'passwordResets', { requests: [], total: 0, page: 1, pageSize: 20 });
  renderPage(<PasswordResetsPage />, '/pages/admin/password-resets');
  await screen.findByText('暂无待处理的申请');
  expect(screen.getByText('同事在登录页「忘记密码」提交的申请会出现在这里')).toBeTruthy();
});

function invite(code: string, status: InviteView['status'], overrides: Partial<InviteView> = {}): InviteView {
  return {
    code,
    status,
    statusLabel: { active: '可使用', used: '已使用', revoked: '已作废', expired: '已过期' }[status],
    role: 'agent',
    note: null,
    createdAt: new Date(NOW.getTime() - 86_400_000).toISOString(),
    expiresAt: new Date(NOW.getTime() + 6 * 86_400_000).toISOString(),
    createdByName: '周云帆',
    usedAt: status === 'used' ? NOW.toISOString() : null,
    usedByName: status === 'used' ? '王芳' : null,
    usedByUsername: status === 'used' ? 'wangfang' : null,
    revokedAt: null,
    ...overrides,
  };
}

test('When an invite is generated with a note, then its code is shown to copy and the list has it; a usable one is revoked after confirming', async () => {
  const invites = [invite('K7QM-3XWP', 'used')];
  const cloud = installFakeCloud()
    .on('profile', 'invites', () => ({ invites: [...invites], total: invites.length, page: 1, pageSize: 20 }))
    .on('profile', 'createInvite', ({ note }) => {
      const created = invite('H4ZR-8TNC', 'active', { note: note ?? null });
      invites.unshift(created);
      return { invite: created };
    })
    .on('profile', 'revokeInvite', ({ code }) => {
      const target = invites.find((i) => i.code === code)!;
      Object.assign(target, { status: 'revoked', statusLabel: '已作废', revokedAt: NOW.toISOString() });
      return { invite: { ...target } };
    });
  renderPage(<InvitesPage />, '/pages/admin/invites');
  await waitFor(() => expect(texts('.invite-code')).toEqual(['K7QM-3XWP']));
  expect(texts('.admin-row__meta')).toEqual(['王芳（wangfang）于 2026-12-07 14:30 注册']);

  await tap('生成邀请码');
  await typeInto('如：新同事 王芳', ' 新同事 赵敏 ');
  await tap('生成');
  await screen.findByText('邀请码已生成');
  expect(screen.getByText('H4ZR-8TNC', { selector: '.invite-created__code' })).toBeTruthy();
  expect(screen.getByText('2026-12-13 前有效，只能使用一次 · 新同事 赵敏')).toBeTruthy();
  expect(cloud.callsOf('profile', 'createInvite').map((c) => c.payload)).toEqual([{ note: '新同事 赵敏' }]);
  await waitFor(() => expect(texts('.invite-code')).toEqual(['H4ZR-8TNC', 'K7QM-3XWP']));

  await tap('作废');
  expect(await modalShown()).toEqual({ title: '作废邀请码？', content: '作废后 H4ZR-8TNC 将无法再用于注册', confirmText: '作废' });
  await answerModal('confirm');
  await waitFor(() => expect(cloud.callsOf('profile', 'revokeInvite').map((c) => c.payload)).toEqual([{ code: 'H4ZR-8TNC' }]));
  await waitFor(() => expect(texts('.admin-row .status-tag')).toEqual(['已作废', '已使用']));
  expect(screen.queryByText('复制')).toBeNull();
});
