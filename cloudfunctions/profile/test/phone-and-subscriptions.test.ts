import { SUBSCRIBE_TEMPLATES } from '@partner-desk/contract';
import { COLLECTIONS } from '@partner-desk/database';
import { decryptField, maskPhone } from '@partner-desk/shared';
import { subscribeTemplateId, takeSubscribeCredit } from '@partner-desk/shared/profile';
import { phoneNumberForCode } from '../../../emulator/src/admin';
import { callAs, rawDocs, seedTenant, signInAs, snapshot, startProductEmulators, uniqueName as unique, warmUp, type SeededTenant } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

/** 绑定手机 (profile.bindPhone over cloud.openapi.phonenumber.getPhoneNumber) and subscribe-message credits. */
describe('profile: phone binding and subscribe credits', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
    // takeSubscribeCredit runs here, in the test process, on the real wx-server-sdk against the emulator (as a sender function would).
    Object.assign(process.env, emu.env);
  });
  afterAll(() => emu?.stop());

  async function signedIn(role: 'admin' | 'agent' = 'agent'): Promise<{ tenant: SeededTenant; user: SeededTenant['users'][string]; openId: string }> {
    const username = unique(role);
    const tenant = await seedTenant(emu, unique('SP'), { [username]: role });
    const openId = unique('o-');
    await signInAs(emu, openId, tenant.users[username]);
    return { tenant, user: tenant.users[username], openId };
  }
  /** A code as WeChat's getPhoneNumber button hands it out: 64 hex characters. */
  const phoneCode = () => `${unique('c')}${'0123456789abcdef'.repeat(4)}`.slice(0, 64).replace(/[^0-9a-z]/g, 'a');
  const exchanges = async () => ((await fetch(`${emu.hubUrl}/openapi/phone-numbers`).then((r) => r.json())) as { requests: any[] }).requests;
  const userDoc = async (id: string) => (await rawDocs(emu, COLLECTIONS.users, { _id: id }))[0];

  describe('bindPhone', () => {
    test('When the getPhoneNumber code is exchanged, then WeChat’s number is stored encrypted on the own account, answered masked, shown masked by get, and the hub records the call', async () => {
      const { user, openId } = await signedIn();
      const code = phoneCode();
      const number = phoneNumberForCode(code);
      const res = await callAs(emu, openId, 'profile', 'bindPhone', { code });
      expect(res).toEqual({ ok: true, data: { phone: maskPhone(number), phoneBoundAt: expect.any(String) } });
      const stored = await userDoc(user._id);
      expect(JSON.stringify(stored)).not.toContain(number);
      expect(decryptField(stored.phone)).toBe(number);
      expect(stored.phoneBoundAt).toBeInstanceOf(Date);
      expect(await callAs(emu, openId, 'profile', 'get', {})).toMatchObject({ ok: true, data: { user: { phone: maskPhone(number), phoneBound: true, phoneBoundAt: (stored.phoneBoundAt as Date).toISOString() } } });
      expect((await exchanges()).filter((r) => r.code === code)).toEqual([
        { id: expect.any(String), at: expect.any(String), code, purePhoneNumber: number, appid: 'wx-test-app', invocationId: expect.any(String), errCode: 0, errMsg: 'ok' },
      ]);
    });

    test('When the code is too short, not one WeChat gave, or used already, then INVALID_ARGUMENT in Chinese and the account is unchanged', async () => {
      const { user, openId } = await signedIn();
      const code = phoneCode();
      expect(await callAs(emu, openId, 'profile', 'bindPhone', { code })).toMatchObject({ ok: true });
      const before = await userDoc(user._id);
      for (const bad of [code, 'abc', `${code.slice(0, 40)}!!`]) {
        expect(await callAs(emu, openId, 'profile', 'bindPhone', { code: bad })).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '手机号授权已失效或已使用，请重新点击「绑定手机」授权' } });
      }
      expect(await userDoc(user._id)).toEqual(before);
    });

    test('When the phone is then typed by hand, then it no longer counts as bound by WeChat', async () => {
      const { openId } = await signedIn();
      await callAs(emu, openId, 'profile', 'bindPhone', { code: phoneCode() });
      expect(await callAs(emu, openId, 'profile', 'update', { phone: '13912345678' })).toMatchObject({ ok: true, data: { user: { phone: '139****5678', phoneBound: false, phoneBoundAt: null } } });
    });

    test('When nobody is signed in or the payload is malformed, then WeChat is not asked and nothing changes; binding changes only the caller’s own account', async () => {
      const a = await signedIn();
      const b = await signedIn();
      const count = (await exchanges()).length;
      const before = await snapshot(emu, [COLLECTIONS.users]);
      expect(await callAs(emu, unique('o-'), 'profile', 'bindPhone', { code: phoneCode() })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      for (const payload of [{}, { code: '' }, { code: 12 }, { code: { $ne: null } }, { code: 'x'.repeat(1024 * 1024) }, { code: phoneCode(), userId: b.user._id }]) {
        expect(await callAs(emu, a.openId, 'profile', 'bindPhone', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      }
      expect((await exchanges()).length).toBe(count);
      expect(await snapshot(emu, [COLLECTIONS.users])).toEqual(before);
      await callAs(emu, a.openId, 'profile', 'bindPhone', { code: phoneCode() });
      expect(await userDoc(b.user._id)).toEqual(before[COLLECTIONS.users].find((u: any) => u._id === b.user._id));
    });
  });

  describe('recordSubscribeAccepts and takeSubscribeCredit', () => {
    const record = (openId: string, requestId: string, accepted: { templateKey: string; result: string }[]) => callAs(emu, openId, 'profile', 'recordSubscribeAccepts', { requestId, accepted });

    test('When the user accepts some templates, then each accept is one credit of that user and template; a retry of the same request counts nothing again', async () => {
      const { tenant, user, openId } = await signedIn();
      const choice = [
        { templateKey: 'new_consultation', result: 'accept' },
        { templateKey: 'hq_ticket_update', result: 'reject' },
        { templateKey: 'bounce_warning', result: 'ban' },
      ];
      expect(await record(openId, 'req-login-0001', choice)).toEqual({ ok: true, data: { credits: { new_consultation: 1, hq_ticket_update: 0, bounce_warning: 0 } } });
      const docs = await snapshot(emu, [COLLECTIONS.subscribeCredits]);
      expect(await record(openId, 'req-login-0001', choice)).toEqual({ ok: true, data: { credits: { new_consultation: 1, hq_ticket_update: 0, bounce_warning: 0 } } });
      expect(await snapshot(emu, [COLLECTIONS.subscribeCredits])).toEqual(docs);
      expect(await record(openId, 'req-reply-0002', [{ templateKey: 'new_consultation', result: 'accept' }, { templateKey: 'hq_ticket_update', result: 'accept' }])).toEqual({
        ok: true,
        data: { credits: { new_consultation: 2, hq_ticket_update: 1, bounce_warning: 0 } },
      });
      const [stored] = await rawDocs(emu, COLLECTIONS.subscribeCredits, { _id: `sc_${user._id}_new_consultation` });
      expect(stored).toEqual({
        _id: `sc_${user._id}_new_consultation`,
        serviceProviderId: tenant.provider._id,
        userId: user._id,
        templateKey: 'new_consultation',
        credits: 2,
        acceptedTotal: 2,
        lastResult: 'accept',
        lastResultAt: expect.any(Date),
        recentRequestIds: ['req-login-0001', 'req-reply-0002'],
        updatedAt: expect.any(Date),
      });
      const profile = await callAs(emu, openId, 'profile', 'get', {});
      expect(profile.ok && profile.data.subscriptions.map((s: { key: string; credits: number }) => [s.key, s.credits])).toEqual([
        ['new_consultation', 2],
        ['hq_ticket_update', 1],
        ['bounce_warning', 0],
      ]);
    });

    test('When the sender takes credits, then each send takes one, none is left to take twice, and a user without credit gets false', async () => {
      const { tenant, user, openId } = await signedIn();
      const me = { serviceProviderId: tenant.provider._id, userId: user._id };
      expect(await takeSubscribeCredit(me, 'hq_ticket_update')).toBe(false);
      await record(openId, 'req-take-0001', [{ templateKey: 'hq_ticket_update', result: 'accept' }]);
      await record(openId, 'req-take-0002', [{ templateKey: 'hq_ticket_update', result: 'accept' }]);
      const taken = await Promise.all(Array.from({ length: 5 }, () => takeSubscribeCredit(me, 'hq_ticket_update')));
      expect(taken.filter(Boolean)).toHaveLength(2);
      expect((await rawDocs(emu, COLLECTIONS.subscribeCredits, { _id: `sc_${user._id}_hq_ticket_update` }))[0]).toMatchObject({ credits: 0, acceptedTotal: 2 });
      expect(await takeSubscribeCredit(me, 'hq_ticket_update')).toBe(false);
      // Another provider can't take this user's credit (the tenant scope), and other templates are untouched.
      await record(openId, 'req-take-0003', [{ templateKey: 'bounce_warning', result: 'accept' }]);
      expect(await takeSubscribeCredit({ serviceProviderId: 'sp_other', userId: user._id }, 'bounce_warning')).toBe(false);
      expect(await takeSubscribeCredit(me, 'bounce_warning')).toBe(true);
    });

    test('When several dialogs are recorded at once (different request ids), then every accept is counted', async () => {
      const { openId } = await signedIn();
      await warmUp(emu, 'profile', openId, 4);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => record(openId, `req-burst-${i}-0000`, [{ templateKey: 'new_consultation', result: 'accept' }])));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await record(openId, 'req-burst-final', [{ templateKey: 'bounce_warning', result: 'reject' }])).toMatchObject({ ok: true, data: { credits: { new_consultation: 6 } } });
    }, 60_000);

    test('When sends take credits while a new accept is recorded, then no count is lost: accepts − sends, whatever the order', async () => {
      const { tenant, user, openId } = await signedIn();
      const me = { serviceProviderId: tenant.provider._id, userId: user._id };
      for (let i = 0; i < 10; i++) await record(openId, `req-mix-seed-${i}`, [{ templateKey: 'new_consultation', result: 'accept' }]);
      await warmUp(emu, 'profile', openId, 3);
      for (let round = 0; round < 3; round++) {
        const [taken] = await Promise.all([
          Promise.all(Array.from({ length: 3 }, () => takeSubscribeCredit(me, 'new_consultation'))),
          record(openId, `req-mix-${round}-0000`, [{ templateKey: 'new_consultation', result: 'accept' }]),
        ]);
        expect(taken.filter(Boolean).length).toBe(3);
      }
      const [stored] = await rawDocs(emu, COLLECTIONS.subscribeCredits, { _id: `sc_${user._id}_new_consultation` });
      expect(stored).toMatchObject({ acceptedTotal: 13, credits: 13 - 9 });
    }, 60_000);

    test('When the template ids are read, then the contract’s are in effect unless the functions’ environment variable names another', async () => {
      const { openId } = await signedIn();
      const res = await callAs(emu, openId, 'profile', 'get', {});
      expect(res.ok && res.data.subscriptions.map((s: { templateId: string }) => s.templateId)).toEqual([
        SUBSCRIBE_TEMPLATES.new_consultation.templateId,
        SUBSCRIBE_TEMPLATES.hq_ticket_update.templateId,
        SUBSCRIBE_TEMPLATES.bounce_warning.templateId,
      ]);
      expect(subscribeTemplateId('bounce_warning', { PD_TEMPLATE_BOUNCE_WARNING: ' tpl-from-env ' })).toBe('tpl-from-env');
      expect(subscribeTemplateId('bounce_warning', { PD_TEMPLATE_BOUNCE_WARNING: '' })).toBe(SUBSCRIBE_TEMPLATES.bounce_warning.templateId);
    });

    test('When the payload is malformed or nobody is signed in, then it is refused and no credit is written', async () => {
      const { openId } = await signedIn();
      const before = await snapshot(emu, [COLLECTIONS.subscribeCredits]);
      const ok = { templateKey: 'new_consultation', result: 'accept' };
      const bad: unknown[] = [
        {},
        { requestId: 'req-bad-0001', accepted: [] },
        { requestId: 'short', accepted: [ok] },
        { requestId: 'req bad 0001', accepted: [ok] },
        { requestId: 'req-bad-0001', accepted: [{ templateKey: 'marketing', result: 'accept' }] },
        { requestId: 'req-bad-0001', accepted: [{ templateKey: 'new_consultation', result: 'maybe' }] },
        { requestId: 'req-bad-0001', accepted: [ok, ok] },
        { requestId: 'req-bad-0001', accepted: [ok], userId: 'u_other' },
        { requestId: 'req-bad-0001', accepted: [{ ...ok, credits: 99 }] },
      ];
      for (const payload of bad) expect(await callAs(emu, openId, 'profile', 'recordSubscribeAccepts', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(await record(unique('o-'), 'req-anon-0001', [ok])).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await snapshot(emu, [COLLECTIONS.subscribeCredits])).toEqual(before);
    });
  });
});
