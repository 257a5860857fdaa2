/**
 * 登录 (seed §1.2.1) rendered as the H5 build runs it, over FakeCloud (cloud-client's transport seam, every
 * answer checked against the contract): the launch check, validation, what is sent, how refusals read,
 * and the session kept on the device.
 */
import { screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import LoginPage from '../../src/pages/login/index';
import { authStatusAtom, SESSION_STORAGE_KEY, sessionAtom } from '../../src/state/session';
import { installFakeCloud, refusal } from '../support/fake-cloud';
import { loginResult } from '../support/fixtures';
import { tap, typeInto } from '../support/interact';
import { renderPage } from '../support/render-page';



test('When this browser is not bound yet, then the launch check shows 正在检查登录状态… and then the form', async () => {
  const cloud = installFakeCloud();
  const gate = cloud.hold();
  cloud.on('auth', 'wxLogin', { bound: false });
  const { store } = renderPage(<LoginPage />, '/pages/login/index');

  expect(screen.getByText('正在检查登录状态…')).toBeTruthy();
  gate.release();
  await screen.findByText('邀请码注册');

  expect(cloud.calls).toEqual([{ fn: 'auth', action: 'wxLogin', payload: {} }]);
  expect(store.get(authStatusAtom)).toBe('signed-out');
  expect(screen.getByText('忘记密码')).toBeTruthy();
  expect(screen.getByText('邀请码注册')).toBeTruthy();
  // H5: no WeChat button, a word on what the browser remembers instead.
  expect(screen.queryByText('微信授权登录')).toBeNull();
  expect(screen.getByText('登录后，此浏览器将记住您的账号，下次打开无需再次输入')).toBeTruthy();
});

test('When this browser is already bound, then the launch check keeps the session on the device and goes to 工作台', async () => {
  const cloud = installFakeCloud().on('auth', 'wxLogin', { bound: true, ...loginResult() });
  const { store } = renderPage(<LoginPage />, '/pages/login/index');

  await waitFor(() => expect(window.location.hash).toBe('#/pages/index/index'));
  expect(store.get(sessionAtom)).toEqual({ user: loginResult().user, provider: loginResult().provider, expiresAt: '2026-12-14T06:30:00.000Z' });
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toEqual(store.get(sessionAtom));
  expect(cloud.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['auth.wxLogin']);
});

test('When the account or password is empty, then each field says what is missing and nothing is sent', async () => {
  const cloud = installFakeCloud().on('auth', 'wxLogin', { bound: false });
  renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');

  await tap('登录');
  expect(screen.getByText('请输入账号')).toBeTruthy();
  expect(screen.getByText('请输入密码')).toBeTruthy();

  await typeInto('请输入账号', '   ');
  await typeInto('请输入密码', 'x');
  await tap('登录');
  expect(screen.getByText('请输入账号')).toBeTruthy();
  expect(screen.queryByText('请输入密码')).toBeNull();
  expect(cloud.callsOf('auth', 'login')).toEqual([]);
});

test('When auth.login refuses the password, then its Chinese message is shown and no session is kept', async () => {
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: false })
    .on('auth', 'login', refusal('UNAUTHENTICATED', '账号或密码错误'));
  const { store } = renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');

  await typeInto('请输入账号', '  yunfan_admin ');
  await typeInto('请输入密码', 'wrong-password');
  await tap('登录');

  await screen.findByText('账号或密码错误');
  expect(cloud.callsOf('auth', 'login')).toEqual([{ fn: 'auth', action: 'login', payload: { username: 'yunfan_admin', password: 'wrong-password' } }]);
  expect(store.get(sessionAtom)).toBeNull();
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toBe('');
  // A wrong password is an answer about the input: the sign-in guard does not move the page.
  expect(window.location.hash).toBe('#/pages/login/index');
});

test('When the account is locked after too many failures, then the lockout message with its time is shown', async () => {
  installFakeCloud()
    .on('auth', 'wxLogin', { bound: false })
    .on('auth', 'login', refusal('RATE_LIMITED', '登录失败次数过多，请于 14:45 后再试', { lockedUntil: '2026-12-07T06:45:00.000Z' }));
  renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');

  await typeInto('请输入账号', 'yunfan_admin');
  await typeInto('请输入密码', 'Admin@2026');
  await tap('登录');

  expect((await screen.findByRole('alert')).textContent).toBe('登录失败次数过多，请于 14:45 后再试');
});

test('When auth.login accepts, then the session is kept under the trimmed account and the app switches to 工作台', async () => {
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: false })
    .on('auth', 'login', loginResult());
  const { store } = renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');

  await typeInto('请输入账号', 'yunfan_admin ');
  await typeInto('请输入密码', 'Admin@2026');
  await tap('登录');

  await waitFor(() => expect(window.location.hash).toBe('#/pages/index/index'));
  expect(cloud.callsOf('auth', 'login')[0].payload).toEqual({ username: 'yunfan_admin', password: 'Admin@2026' });
  expect(store.get(sessionAtom)?.user.username).toBe('yunfan_admin');
  expect(store.get(authStatusAtom)).toBe('signed-in');
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toMatchObject({ provider: { name: '上海云帆信息技术有限公司' } });
});

test('When the cloud cannot be reached at launch, then a session kept from before stands, and without one the form says why', async () => {
  installFakeCloud().setOffline(true);
  const first = renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('网络异常，请稍后重试');
  expect(first.store.get(authStatusAtom)).toBe('signed-out');
  first.unmount();

  Taro.setStorageSync(SESSION_STORAGE_KEY, { user: loginResult().user, provider: loginResult().provider, expiresAt: '2026-12-14T06:30:00.000Z' });
  const second = renderPage(<LoginPage />, '/pages/login/index');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/index/index'));
  expect(second.store.get(sessionAtom)?.provider.name).toBe('上海云帆信息技术有限公司');
});

test('When 忘记密码 is filed, then auth.requestPasswordReset gets the account and the page says who completes it, then leads back', async () => {
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: false })
    .on('auth', 'requestPasswordReset', {});
  renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');

  await tap('忘记密码');
  expect(screen.getByText('提交重置密码申请')).toBeTruthy();
  await tap('提交申请');
  expect(screen.getByText('请输入账号')).toBeTruthy();
  expect(cloud.callsOf('auth', 'requestPasswordReset')).toEqual([]);

  await typeInto('请输入登录账号', ' yunfan_kefu1 ');
  await tap('提交申请');
  await screen.findByText('申请已提交');
  expect(cloud.callsOf('auth', 'requestPasswordReset').map((c) => c.payload)).toEqual([{ username: 'yunfan_kefu1' }]);
  expect(screen.getByText(/已为账号「yunfan_kefu1」提交重置密码申请。您所在服务商的管理员会在小程序中为您设置新密码/)).toBeTruthy();

  await tap('返回登录');
  await screen.findByText('邀请码注册');
  expect(screen.getByText('服务商工作台')).toBeTruthy();
});

test('When 忘记密码 is filed too often, then the quota message shows and the form stays', async () => {
  installFakeCloud()
    .on('auth', 'wxLogin', { bound: false })
    .on('auth', 'requestPasswordReset', refusal('RATE_LIMITED', '提交过于频繁，请于 15:30 后再试', { retryAfter: '2026-12-07T07:30:00.000Z' }));
  renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');
  await tap('忘记密码');
  await typeInto('请输入登录账号', 'yunfan_kefu1');
  await tap('提交申请');
  expect((await screen.findByRole('alert')).textContent).toBe('提交过于频繁，请于 15:30 后再试');
  expect(screen.queryByText('申请已提交')).toBeNull();
});

test('When 注册 is sent with an invite code, then checks come first, refusals land under their field, and success signs in', async () => {
  let answer: unknown = refusal('NOT_FOUND', '邀请码不存在，请核对后重新输入');
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: false })
    .on('auth', 'register', () => answer as never);
  const { store } = renderPage(<LoginPage />, '/pages/login/index');
  await screen.findByText('邀请码注册');
  await tap('邀请码注册');
  expect(screen.getByText('加入您所在的服务商')).toBeTruthy();

  await typeInto('设置登录账号', 'ab');
  await tap('注册并登录');
  expect(Array.from(document.querySelectorAll('.form-field__error')).map((e) => e.textContent)).toEqual(['请输入邀请码', '账号为 3–32 位字母、数字或 _ . @ -', '请输入姓名', '请输入密码']);
  expect(cloud.callsOf('auth', 'register')).toEqual([]);

  await typeInto('8 位邀请码，如 K7QM-3XWP', 'k7qm 3xwp');
  await typeInto('设置登录账号', 'wangfang');
  await typeInto('您的姓名', ' 王芳 ');
  await typeInto('设置密码', 'Wangfang2026');
  await typeInto('再次输入密码', 'Wangfang2026');
  await tap('注册并登录');
  await waitFor(() => expect(Array.from(document.querySelectorAll('.form-field__error')).map((e) => e.textContent)).toEqual(['邀请码不存在，请核对后重新输入']));
  expect(cloud.callsOf('auth', 'register')[0].payload).toEqual({ inviteCode: 'k7qm 3xwp', username: 'wangfang', name: '王芳', password: 'Wangfang2026' });

  answer = refusal('CONFLICT', '账号已存在');
  await tap('注册并登录');
  await waitFor(() => expect(Array.from(document.querySelectorAll('.form-field__error')).map((e) => e.textContent)).toEqual(['账号已存在']));

  answer = { user: { id: 'u_new', username: 'wangfang', name: '王芳', role: 'agent' }, provider: { id: 'sp_yunfan', name: '上海云帆信息技术有限公司' }, session: { expiresAt: '2026-12-14T06:30:00.000Z' } };
  await tap('注册并登录');
  await waitFor(() => expect(window.location.hash).toBe('#/pages/index/index'));
  expect(store.get(sessionAtom)?.user).toEqual({ id: 'u_new', username: 'wangfang', name: '王芳', role: 'agent' });
});
