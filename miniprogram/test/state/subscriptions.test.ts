/**
 * Subscribe messages: what a tap asks WeChat for (the template ids in effect), and how the answer reaches
 * profile.recordSubscribeAccepts — at 登录 only once signed in. WeChat's dialog is handed in (there is no
 * WeChat in jsdom); in H5 nothing is asked at all.
 */
import { createStore } from 'jotai';
import { SUBSCRIBE_TEMPLATES } from '@partner-desk/contract';
import { askForSubscriptions } from '../../src/services/subscribe';
import { profile } from '../../src/state/profile';
import { applySignIn } from '../../src/state/session';
import { SUBSCRIBE_AT, subscribeOnTap } from '../../src/state/subscriptions';
import { installFakeCloud } from '../support/fake-cloud';
import { loginResult, profileAnswer } from '../support/fixtures';

afterEach(() => {
  process.env.TARO_ENV = 'h5';
});

test('When in a browser, then nothing is asked and nothing reported', async () => {
  const cloud = installFakeCloud();
  const asked: unknown[] = [];
  expect(await askForSubscriptions(SUBSCRIBE_AT.signIn, undefined, async (option) => asked.push(option))).toBeNull();
  expect(asked).toEqual([]);
  expect(cloud.calls).toEqual([]);
});

test('When 登录 is tapped in WeChat, then the contract’s three templates are asked for and the answer is reported once signed in', async () => {
  process.env.TARO_ENV = 'weapp';
  const cloud = installFakeCloud().on('profile', 'recordSubscribeAccepts', { credits: { new_consultation: 1, hq_ticket_update: 0, bounce_warning: 0 } });
  const store = createStore();
  const options: { tmplIds: string[] }[] = [];
  const dialog = async (option: unknown) => {
    options.push(option as { tmplIds: string[] });
    return {
      errMsg: 'requestSubscribeMessage:ok',
      [SUBSCRIBE_TEMPLATES.new_consultation.templateId]: 'accept',
      [SUBSCRIBE_TEMPLATES.hq_ticket_update.templateId]: 'reject',
      [SUBSCRIBE_TEMPLATES.bounce_warning.templateId]: 'ban',
    };
  };

  const reported = subscribeOnTap(store, SUBSCRIBE_AT.signIn, (keys, ids) => askForSubscriptions(keys, ids, dialog));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(options).toEqual([{ tmplIds: [SUBSCRIBE_TEMPLATES.new_consultation.templateId, SUBSCRIBE_TEMPLATES.hq_ticket_update.templateId, SUBSCRIBE_TEMPLATES.bounce_warning.templateId] }]);
  // Not signed in yet: nothing reported.
  expect(cloud.callsOf('profile', 'recordSubscribeAccepts')).toEqual([]);

  applySignIn(store, loginResult());
  const answer = await reported;
  expect(cloud.callsOf('profile', 'recordSubscribeAccepts').map((c) => c.payload)).toEqual([
    {
      requestId: answer!.requestId,
      accepted: [
        { templateKey: 'new_consultation', result: 'accept' },
        { templateKey: 'hq_ticket_update', result: 'reject' },
        { templateKey: 'bounce_warning', result: 'ban' },
      ],
    },
  ]);
  expect(answer!.requestId).toMatch(/^sub-[a-z0-9]+-[a-z0-9]+$/);
});

test('When profile.get named other template ids (the functions’ env overrides), then those are the ones asked for', async () => {
  process.env.TARO_ENV = 'weapp';
  installFakeCloud().on('profile', 'recordSubscribeAccepts', { credits: { new_consultation: 0, hq_ticket_update: 3, bounce_warning: 0 } });
  const store = createStore();
  applySignIn(store, loginResult());
  profile.set(store, profileAnswer());
  const options: { tmplIds: string[] }[] = [];
  await subscribeOnTap(store, SUBSCRIBE_AT.ticketReplyOrEscalate, (keys, ids) =>
    askForSubscriptions(keys, ids, async (option) => {
      options.push(option as { tmplIds: string[] });
      return { 'tmpl-ticket-update': 'accept' };
    }),
  );
  expect(options).toEqual([{ tmplIds: ['tmpl-ticket-update'] }]);
});
