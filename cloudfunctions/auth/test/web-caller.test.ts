import { COLLECTIONS } from '@partner-desk/database';
import { seedTenant, startProductEmulators, uniqueName as unique } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/** A browser (H5) caller, through the web emulator's gateway exactly as @cloudbase/js-sdk calls it. */
describe('auth for a web caller through the web emulator', () => {
  let emu: RunningEmulators;
  let webUrl: string;
  beforeAll(async () => {
    emu = await startProductEmulators();
    const { host, port } = emu.web.getInfo();
    webUrl = `http://${host}:${port}`;
  });
  afterAll(() => emu?.stop());

  async function signInAnonymously(): Promise<{ accessToken: string; uid: string }> {
    const res = await fetch(`${webUrl}/auth/v1/signin/anonymously?client_id=${emu.config.envId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const credentials = (await res.json()) as { access_token: string };
    const me = (await fetch(`${webUrl}/auth/v1/user/me`, { headers: { authorization: `Bearer ${credentials.access_token}` } }).then((r) => r.json())) as { uid: string };
    return { accessToken: credentials.access_token, uid: me.uid };
  }

  async function callAuth(accessToken: string, action: string, payload?: unknown) {
    const res = await fetch(`${webUrl}/v1/functions/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ action, payload }),
    });
    // The gateway answers the function's return value as the body (the SDK hands it over as `result`).
    return (await res.json()) as any;
  }

  test('When a signed-in browser logs in, then its CloudBase uid is bound, wxLogin recognises it and logout unbinds it', async () => {
    const username = unique('web');
    const tenant = await seedTenant(emu, unique('SP'), { [username]: 'agent' });
    const user = tenant.users[username];
    const { accessToken, uid } = await signInAnonymously();
    expect(uid).toEqual(expect.any(String));

    expect(await callAuth(accessToken, 'wxLogin', {})).toEqual({ ok: true, data: { bound: false } });
    const login = await callAuth(accessToken, 'login', { username, password: user.password });
    expect(login).toMatchObject({ ok: true, data: { user: { id: user._id }, provider: { id: tenant.provider._id } } });
    const [session] = await emu.database.find(COLLECTIONS.sessions, { _id: `web:${uid}` });
    expect(session).toMatchObject({ identityType: 'web', userId: user._id });
    const [signal] = await emu.database.find(COLLECTIONS.userSignals, { _id: `web:${uid}` });
    expect(signal).toMatchObject({ _openid: uid });

    expect(await callAuth(accessToken, 'wxLogin', {})).toMatchObject({ ok: true, data: { bound: true, user: { id: user._id } } });
    // Another browser is a different identity.
    const other = await signInAnonymously();
    expect(await callAuth(other.accessToken, 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    expect(await callAuth(accessToken, 'logout', {})).toEqual({ ok: true, data: {} });
    expect(await callAuth(accessToken, 'refresh', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test('When a browser calls the admin function, then it is refused like any end user', async () => {
    const { accessToken } = await signInAnonymously();
    const res = await fetch(`${webUrl}/v1/functions/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ action: 'createProvider', payload: { name: unique('Web') } }),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });
});
