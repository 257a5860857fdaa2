/**
 * What runs for the app's whole life: the launch check, then (signed in) the watch on the signal document
 * and the badges; signing out stops the watch before auth.logout removes the document, and starts it again
 * when the logout could not be sent; an expired session found by any call goes to 登录.
 */
import { createStore } from 'jotai';
import { fetchOverview } from '../../src/services/dashboard';
import { startAppRuntime } from '../../src/state/app-runtime';
import { overview } from '../../src/state/overview';
import { authStatusAtom, signOut } from '../../src/state/session';
import { installFakeCloud, refusal } from '../support/fake-cloud';
import { loginResult, overviewAnswer } from '../support/fixtures';
import { eventually } from '../support/eventually';

test('When the launch check finds the binding, then the signal document is watched and the overview fetched; signing out closes the watch first', async () => {
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: true, ...loginResult() })
    .on('dashboard', 'overview', overviewAnswer())
    .on('auth', 'logout', () => {
      // By the time the binding goes, nobody watches its signal document any more.
      expect(cloud.openWatches).toEqual([]);
      return {};
    });
  const store = createStore();
  const runtime = startAppRuntime(store, { live: { followAppVisibility: false }, badges: { notify: () => undefined }, goToLogin: () => undefined });

  await eventually(() => store.get(authStatusAtom), 'signed-in');
  await eventually(() => cloud.openWatches.length, 1);
  await eventually(() => store.get(overview.atom).data?.pendingTickets, 37);

  await signOut(store);
  expect(cloud.callsOf('auth', 'logout')).toHaveLength(1);
  expect(store.get(authStatusAtom)).toBe('signed-out');
  expect(cloud.openWatches).toEqual([]);
  expect(store.get(overview.atom).data).toBeNull();
  await runtime.stop();
});

test('When signing out fails, then the session stands and the watch is opened again', async () => {
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: true, ...loginResult() })
    .on('dashboard', 'overview', overviewAnswer())
    .failNetwork('auth', 'logout');
  const store = createStore();
  const runtime = startAppRuntime(store, { live: { followAppVisibility: false }, badges: { notify: () => undefined }, goToLogin: () => undefined });
  await eventually(() => cloud.openWatches.length, 1);

  await expect(signOut(store)).rejects.toMatchObject({ kind: 'network' });
  expect(store.get(authStatusAtom)).toBe('signed-in');
  expect(cloud.openWatches).toHaveLength(1);
  expect(cloud.watches).toHaveLength(2);
  await runtime.stop();
});

test('When a call finds the session expired, then the runtime forgets it, stops watching and goes to 登录', async () => {
  const cloud = installFakeCloud()
    .on('auth', 'wxLogin', { bound: true, ...loginResult() })
    .on('dashboard', 'overview', overviewAnswer());
  const store = createStore();
  const sentToLogin: string[] = [];
  const runtime = startAppRuntime(store, { live: { followAppVisibility: false }, badges: { notify: () => undefined }, goToLogin: () => sentToLogin.push('登录') });
  await eventually(() => cloud.openWatches.length, 1);

  cloud.on('dashboard', 'overview', refusal('UNAUTHENTICATED', '登录已过期，请重新登录'));
  await expect(fetchOverview()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  expect(sentToLogin).toEqual(['登录']);
  expect(store.get(authStatusAtom)).toBe('signed-out');
  await eventually(() => cloud.openWatches.length, 0);
  await runtime.stop();
});
