/**
 * 我的 (seed §1.2.8): who is signed in and their provider, the notification switches saved as flipped,
 * 修改密码 with the policy's own words, 关于, and 退出登录 (confirmed, auth.logout, back to 登录).
 */
import { screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ProfilePage from '../../src/pages/profile/index';
import { applySignIn, SESSION_STORAGE_KEY, sessionAtom } from '../../src/state/session';
import { installFakeCloud, refusal } from '../support/fake-cloud';
import { loginResult, profileAnswer } from '../support/fixtures';
import { answerModal, modalShown, tap, tapElement, typeInto } from '../support/interact';
import { renderPage } from '../support/render-page';

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);
const switchOf = (label: string) => document.querySelector<HTMLElement>(`[aria-label="${label}"]`)!;
const isOn = (label: string) => switchOf(label).getAttribute('aria-checked') === 'true' || switchOf(label).className.includes('nut-switch-open');

test('When 我的 opens, then the user, the provider (masked as the function sends it), the switches and the version show', async () => {
  const cloud = installFakeCloud().on('profile', 'get', profileAnswer());
  renderPage(<ProfilePage />, '/pages/profile/index');

  await screen.findByText('周云帆');
  expect(screen.getByText('管理员')).toBeTruthy();
  expect(screen.getByText('账号：yunfan_admin')).toBeTruthy();
  expect(texts('.info-list__label')).toEqual(['服务商名称', '所在地区', '联系人', '联系电话', '联系邮箱']);
  expect(texts('.info-list__value')).toEqual(['上海云帆信息技术有限公司', '上海', '周**', '021****8899', 'se******@yunfan.cn']);
  expect(screen.getByText('138****5678')).toBeTruthy();
  expect(['工单更新', '客户提醒', '客户咨询', '系统通知'].map(isOn)).toEqual([true, true, true, false]);
  expect(screen.getByText('v1.0.0')).toBeTruthy();
  expect(screen.getByText('400-820-6688')).toBeTruthy();
  expect(screen.getByText('服务商工作台 v1.0.0 · 软件厂商服务中心')).toBeTruthy();
  // The admin's to-dos, each leading to its page.
  expect(screen.getByText('2 条待处理')).toBeTruthy();
  expect(screen.getByText('1 个可用')).toBeTruthy();
  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['profile.get']);

  await tap('密码重置申请');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/admin/password-resets'));
  await tap('邀请码');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/admin/invites'));
});

test('When an agent opens 我的, then there is no 管理 section', async () => {
  installFakeCloud().on('profile', 'get', profileAnswer({ role: 'agent' }));
  renderPage(<ProfilePage />, '/pages/profile/index');
  await screen.findByText('客服');
  expect(screen.queryByText('管理')).toBeNull();
  expect(screen.queryByText('密码重置申请')).toBeNull();
});

test('When a switch is flipped, then only that setting is sent and kept; when saving fails it goes back and says why', async () => {
  const cloud = installFakeCloud()
    .on('profile', 'get', profileAnswer())
    .on('profile', 'settings', (changes) => ({ ...profileAnswer().settings, ...profileAnswer().providerSettings, ...changes }));
  renderPage(<ProfilePage />, '/pages/profile/index');
  await screen.findByText('周云帆');

  await tapElement(switchOf('系统通知'));
  await waitFor(() => expect(cloud.callsOf('profile', 'settings').map((c) => c.payload)).toEqual([{ systemNotifications: true }]));
  await waitFor(() => expect(isOn('系统通知')).toBe(true));

  cloud.failNetwork('profile', 'settings');
  await tapElement(switchOf('工单更新'));
  await waitFor(() => expect(cloud.callsOf('profile', 'settings')).toHaveLength(2));
  await waitFor(() => expect(isOn('工单更新')).toBe(true));
  await waitFor(() => expect(document.querySelector('.taro__toast')?.textContent).toBe('保存失败：网络异常，请稍后重试'));
});

test('When a password change is refused, then the reason shows under its field; a valid one closes the sheet', async () => {
  const cloud = installFakeCloud()
    .on('profile', 'get', profileAnswer())
    .on('auth', 'changePassword', ({ oldPassword, newPassword }) => {
      if (oldPassword !== 'Admin@2026') return refusal('FAILED_PRECONDITION', '原密码不正确');
      if (!/\d/.test(newPassword)) return refusal('INVALID_ARGUMENT', '密码需为 8–64 位，且同时包含字母和数字');
      return {};
    });
  renderPage(<ProfilePage />, '/pages/profile/index');
  await screen.findByText('周云帆');
  await tap('修改密码');
  await screen.findByText('确认修改');

  await tap('确认修改');
  expect(texts('.form-field__error')).toEqual(['请输入原密码', '请输入新密码']);

  await typeInto('请输入原密码', 'wrong-one1');
  await typeInto('请输入新密码', 'NewPassword2026');
  await typeInto('请再次输入新密码', 'NewPassword2025');
  await tap('确认修改');
  expect(texts('.form-field__error')).toEqual(['两次输入的密码不一致']);
  expect(cloud.callsOf('auth', 'changePassword')).toEqual([]);

  await typeInto('请再次输入新密码', 'NewPassword2026');
  await tap('确认修改');
  await waitFor(() => expect(texts('.form-field__error')).toEqual(['原密码不正确']));

  await typeInto('请输入原密码', 'Admin@2026');
  await typeInto('请输入新密码', 'lettersonly');
  await typeInto('请再次输入新密码', 'lettersonly');
  await tap('确认修改');
  await waitFor(() => expect(texts('.form-field__error')).toEqual(['密码需为 8–64 位，且同时包含字母和数字']));

  await typeInto('请输入新密码', 'NewPassword2026');
  await typeInto('请再次输入新密码', 'NewPassword2026');
  await tap('确认修改');
  await waitFor(() => expect(cloud.callsOf('auth', 'changePassword').at(-1)!.payload).toEqual({ oldPassword: 'Admin@2026', newPassword: 'NewPassword2026' }));
  await waitFor(() => expect(document.querySelector('.taro__toast')?.textContent).toBe('密码已修改'));
});

test('When 退出登录 is confirmed, then auth.logout unbinds, the session leaves the device and 登录 opens', async () => {
  const cloud = installFakeCloud().on('profile', 'get', profileAnswer()).on('auth', 'logout', {});
  const { store } = renderPage(<ProfilePage />, '/pages/profile/index');
  applySignIn(store, loginResult());
  await screen.findByText('周云帆');

  await tap('退出登录');
  expect(await modalShown()).toEqual({ title: '退出登录？', content: '退出后需要重新输入账号和密码登录', confirmText: '退出登录' });
  await answerModal('cancel');
  expect(cloud.callsOf('auth', 'logout')).toEqual([]);

  await tap('退出登录');
  await answerModal('confirm');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/login/index'));
  expect(cloud.callsOf('auth', 'logout')).toHaveLength(1);
  expect(store.get(sessionAtom)).toBeNull();
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toBe('');
});

test('When 用户协议 or 绑定手机 is tapped in a browser, then the agreement opens, and binding is explained as done in WeChat', async () => {
  installFakeCloud().on('profile', 'get', profileAnswer());
  renderPage(<ProfilePage />, '/pages/profile/index');
  await screen.findByText('周云帆');

  await tap('用户协议');
  await screen.findByText('一、协议范围');
  expect(screen.getByText('版本 2026.12 · 2026-12-01 起生效')).toBeTruthy();
  await tap('我已阅读');

  await tap('绑定手机');
  expect((await modalShown()).content).toBe('手机号由微信授权绑定：请在微信中打开「服务商工作台」小程序，在「我的 - 绑定手机」中完成绑定。');
  await answerModal('confirm');
});
