/**
 * 登录 page (seed §1.2.1) rendered as the H5 build runs it. The cloud is reached through cloud-client's
 * transport seam (configureCloud), here a transport that records each call and answers as the auth
 * function does — the page's own logic (validation, the payload it sends, how it shows a refusal, the
 * session it keeps) is what is under test; the functions and SDKs have their own tests.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { configureCloud, type CloudTransport } from '@partner-desk/cloud-client';
import LoginPage from '../../src/pages/login/index';
import { sessionAtom } from '../../src/state/session';
import { renderPage } from '../support/render-page';

interface Call {
  name: string;
  data: unknown;
}

function answeringTransport(answer: unknown) {
  const calls: Call[] = [];
  const transport: CloudTransport = {
    async callFunction(name, data) {
      calls.push({ name, data });
      return answer;
    },
    watch() {
      throw new Error('the login page watches nothing');
    },
  };
  return { transport, calls };
}

function typeInto(placeholder: string, value: string) {
  const input = screen.getByPlaceholderText(placeholder) as HTMLInputElement;
  fireEvent.input(input, { target: { value } });
}

afterEach(() => {
  configureCloud(undefined);
  document.body.innerHTML = '';
});

test('When the account is empty, then the page asks for it in Chinese and calls no function', async () => {
  const { transport, calls } = answeringTransport({ ok: true, data: {} });
  configureCloud(transport);
  renderPage(<LoginPage />, '/pages/login/index');

  expect(screen.getByText('服务商工作台')).toBeTruthy();
  await act(async () => fireEvent.click(screen.getByText('登录')));

  expect(screen.getByText('请输入账号')).toBeTruthy();
  expect(calls).toEqual([]);
});

test('When auth.login refuses the password, then its Chinese message is shown and no session is kept', async () => {
  const { transport, calls } = answeringTransport({ ok: false, error: { code: 'UNAUTHENTICATED', message: '账号或密码错误' } });
  configureCloud(transport);
  const { store } = renderPage(<LoginPage />, '/pages/login/index');

  typeInto('请输入账号', '  yunfan_admin ');
  typeInto('请输入密码', 'wrong-password');
  await act(async () => fireEvent.click(screen.getByText('登录')));

  await waitFor(() => expect(screen.getByText('账号或密码错误')).toBeTruthy());
  expect(calls).toEqual([{ name: 'auth', data: { action: 'login', payload: { username: 'yunfan_admin', password: 'wrong-password' } } }]);
  expect(store.get(sessionAtom)).toBeNull();
});

test('When auth.login accepts, then the session is kept under the trimmed account and the app switches to 工作台', async () => {
  const { transport } = answeringTransport({ ok: true, data: { user: { username: 'yunfan_admin' } } });
  configureCloud(transport);
  const { store } = renderPage(<LoginPage />, '/pages/login/index');

  typeInto('请输入账号', 'yunfan_admin ');
  typeInto('请输入密码', 'Admin@2026');
  await act(async () => fireEvent.click(screen.getByText('登录')));

  await waitFor(() => expect(window.location.hash).toBe('#/pages/index/index'));
  expect(store.get(sessionAtom)).toEqual({ username: 'yunfan_admin' });
  expect(screen.queryByText('账号或密码错误')).toBeNull();
});
