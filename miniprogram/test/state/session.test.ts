/**
 * The sign-in guard: a call that finds no valid session takes the app to 登录 once, and forgets the session
 * kept on the device; a refused password is an answer about the input and moves nothing.
 */
import { createStore } from 'jotai';
import Taro from '@tarojs/taro';
import * as auth from '../../src/services/auth';
import { ClientError } from '../../src/services/cloud';
import { fetchOverview } from '../../src/services/dashboard';
import { applySignIn, authStatusAtom, installSessionGuard, SESSION_STORAGE_KEY, sessionAtom, signOut } from '../../src/state/session';
import { installFakeCloud, refusal } from '../support/fake-cloud';
import { loginResult } from '../support/fixtures';

test('When any call answers UNAUTHENTICATED, then the session is forgotten and the guard sends to 登录 once however many calls failed', async () => {
  installFakeCloud().on('dashboard', 'overview', refusal('UNAUTHENTICATED', '登录已过期，请重新登录'));
  const store = createStore();
  applySignIn(store, loginResult());
  const sent: ClientError[] = [];
  const remove = installSessionGuard(store, (error) => sent.push(error));

  const results = await Promise.allSettled([fetchOverview(), fetchOverview()]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  const error = (results[0] as PromiseRejectedResult).reason as ClientError;
  expect([error.code, error.message, error.kind]).toEqual(['UNAUTHENTICATED', '登录已过期，请重新登录', 'service']);
  expect(sent.map((e) => e.message)).toEqual(['登录已过期，请重新登录']);
  expect(store.get(sessionAtom)).toBeNull();
  expect(store.get(authStatusAtom)).toBe('signed-out');
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toBe('');
  remove();
});

test('When auth.login refuses a password with UNAUTHENTICATED, then the guard stays quiet', async () => {
  installFakeCloud().on('auth', 'login', refusal('UNAUTHENTICATED', '账号或密码错误'));
  const store = createStore();
  const sent: ClientError[] = [];
  const remove = installSessionGuard(store, (error) => sent.push(error));
  await expect(auth.login({ username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '账号或密码错误' });
  expect(sent).toEqual([]);
  remove();
});

test('When signing out, then auth.logout goes first; if it fails the session stays (the binding would sign in again next launch)', async () => {
  const cloud = installFakeCloud().failNetwork('auth', 'logout').on('auth', 'logout', {});
  const store = createStore();
  applySignIn(store, loginResult());

  await expect(signOut(store)).rejects.toMatchObject({ code: 'INTERNAL', message: '网络异常，请稍后重试', kind: 'network' });
  expect(store.get(authStatusAtom)).toBe('signed-in');
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toMatchObject({ user: { username: 'yunfan_admin' } });

  await signOut(store);
  expect(cloud.callsOf('auth', 'logout')).toHaveLength(2);
  expect(store.get(sessionAtom)).toBeNull();
  expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toBe('');
});
