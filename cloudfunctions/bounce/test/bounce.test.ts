/**
 * Accept-or-bounce through the emulator: customer messages arrive as the PC system's consultation.message
 * does (receiveCustomerMessage, in this process against the emulator), the `bounce` timer is fired through
 * the hub, and deadlines are moved into the past in the database (the run reads the real clock). Exactly
 * once under concurrent runs and replies; the warning goes out once, as a message and as the bounce_warning
 * subscribe message to users who may get it.
 */
import { SUBSCRIBE_TEMPLATES } from '@partner-desk/contract';
import { COLLECTIONS, type CustomerDoc } from '@partner-desk/database';
import { receiveCustomerMessage } from '@partner-desk/shared/chat';
import { subscribeCreditId } from '@partner-desk/shared/profile';
import { addCustomer, callAs, fireTimer, rawDocs, seedDesk, startProductEmulators, warmUp, type Desk } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('bounce timer', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let alice: string;
  let ext = 0;

  beforeAll(async () => {
    emu = await startProductEmulators();
    Object.assign(process.env, emu.env);
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' }, 0);
    alice = acme.openIds['acme-alice'];
    await warmUp(emu, 'chat', alice);
  }, 60_000);
  afterAll(() => emu?.stop());

  const customer = (name: string) => addCustomer(emu, acme.tenant, { name });
  const writes = (c: CustomerDoc, content: string) => receiveCustomerMessage({ customerId: c._id, externalMessageId: `pc-b-${ext++}`, content, sentAt: new Date() });
  const conversationOf = async (c: CustomerDoc) => (await rawDocs(emu, COLLECTIONS.chatConversations, { customerId: c._id }))[0];
  const setConversation = (c: CustomerDoc, fields: Record<string, unknown>) => emu.database.update(COLLECTIONS.chatConversations, { _id: `conv_${c._id}` }, { $set: fields }, { multi: false, upsert: false, merge: true });
  const bouncedItems = async (c: CustomerDoc) => rawDocs(emu, COLLECTIONS.outbox, { customerId: c._id, type: 'chat.bounced' });
  const messagesAbout = async (c: CustomerDoc, prefix: string) => (await rawDocs(emu, COLLECTIONS.messages, { relatedCustomerId: c._id })).filter((m) => m.dedupeKey.startsWith(prefix));
  const runBounce = async () => (await fireTimer(emu, 'bounce')).data;
  const subscribeSends = async () => ((await fetch(`${emu.hubUrl}/openapi/subscribe-messages`).then((r) => r.json())) as { messages: any[] }).messages;

  test('When a routed consultation passes its deadline, then the timer hands it back to HQ once: bounced, one chat.bounced event, one message; the app shows the state', async () => {
    const c = await customer('超时客户');
    await writes(c, '有人在吗？');
    const waiting = await conversationOf(c);
    expect(waiting.bounceAt.getTime() - waiting.updatedAt.getTime()).toBe(10 * 60_000);
    // Not yet due: nothing happens.
    expect(await runBounce()).toMatchObject({ bounced: 0 });

    await setConversation(c, { bounceAt: new Date(Date.now() - 1000), bounceWarnAt: new Date(Date.now() - 60_000) });
    const reports = await Promise.all([runBounce(), runBounce(), runBounce()]);
    expect(reports.reduce((n, r) => n + r.bounced, 0)).toBe(1);
    // Both due at once (the timer was down): only the bounce, no warning after the fact.
    expect(reports.reduce((n, r) => n + r.warned, 0)).toBe(0);

    const bounced = await conversationOf(c);
    expect(bounced).toMatchObject({ status: 'bounced', waitingSince: null, bounceAt: null, bounceWarnAt: null, bouncedAt: expect.any(Date), unreadCount: 1 });
    const [item] = await bouncedItems(c);
    expect(await bouncedItems(c)).toHaveLength(1);
    expect(item.event).toEqual({
      type: 'chat.bounced',
      occurredAt: bounced.bouncedAt.toISOString(),
      data: {
        customerExternalId: c.externalId,
        conversationId: `conv_${c._id}`,
        waitingSince: waiting.waitingSince.toISOString(),
        reason: '服务商 10 分钟内未回复',
        customerName: '超时客户',
        providerName: acme.tenant.provider.name,
      },
    });
    expect(await messagesAbout(c, 'chat-bounced:')).toEqual([expect.objectContaining({ type: 'customer_alert', title: '咨询已退回总部：超时客户', link: { kind: 'chat', id: c._id } })]);

    const list = await callAs(emu, alice, 'chat', 'conversations', { pageSize: 50 });
    expect(list.ok && list.data.conversations.find((v: any) => v.customerId === c._id)).toMatchObject({ status: 'bounced', bounceAt: null, bouncedAt: bounced.bouncedAt.toISOString(), waitingSince: null });

    // The provider may still answer: the consultation is its own again, and the reply goes to the PC side.
    expect((await callAs(emu, alice, 'chat', 'send', { customerId: c._id, content: '抱歉久等了' })).ok).toBe(true);
    expect(await conversationOf(c)).toMatchObject({ status: 'open', bounceAt: null });
  });

  test('When a reply races the timer at the deadline, then the reply always lands and the bounce happens at most once: answered in time, or bounced once and then answered', async () => {
    const outcomes: string[] = [];
    for (let trial = 0; trial < 6; trial++) {
      const c = await customer(`竞争客户${trial}`);
      await writes(c, '请尽快回复');
      await setConversation(c, { bounceAt: new Date(Date.now() - 10), bounceWarnAt: null });
      const [reply] = await Promise.all([callAs(emu, alice, 'chat', 'send', { customerId: c._id, content: '来了' }), runBounce(), runBounce()]);
      expect(reply.ok).toBe(true);
      const conversation = await conversationOf(c);
      const events = await bouncedItems(c);
      // The reply always lands; a bounce happened only if it committed before the reply, and then once.
      expect(events.length).toBeLessThanOrEqual(1);
      expect(conversation).toMatchObject({ status: 'open', waitingSince: null, bounceAt: null });
      expect(conversation.bouncedAt ? 1 : 0).toBe(events.length);
      expect(await messagesAbout(c, 'chat-bounced:')).toHaveLength(events.length);
      outcomes.push(events.length ? 'bounced-then-answered' : 'answered');
    }
    // Both orders are legal; the test prints which happened (no timing is asserted).
    console.info(`reply vs. bounce at the deadline: ${outcomes.join(', ')}`);
  });

  test('When an answer comes before the deadline, then nothing bounces and no warning goes out', async () => {
    const c = await customer('及时回复客户');
    await writes(c, '你好');
    expect((await callAs(emu, alice, 'chat', 'send', { customerId: c._id, content: '您好' })).ok).toBe(true);
    expect(await conversationOf(c)).toMatchObject({ bounceAt: null, bounceWarnAt: null });
    await runBounce();
    expect(await bouncedItems(c)).toEqual([]);
    expect(await messagesAbout(c, 'chat-bounce')).toEqual([]);
  });

  test('When the warning time passes, then one warning goes out however many runs: a message and a bounce_warning subscribe message to each user who may get it', async () => {
    const c = await customer('将退回客户');
    const [aliceUser, bobUser] = [acme.tenant.users['acme-alice'], acme.tenant.users['acme-bob']];
    // alice accepted the template once; bob never did.
    await emu.database.insert(COLLECTIONS.subscribeCredits, [
      { _id: subscribeCreditId(aliceUser._id, 'bounce_warning'), serviceProviderId: acme.tenant.provider._id, userId: aliceUser._id, templateKey: 'bounce_warning', credits: 1, acceptedTotal: 1, lastResult: 'accept', lastResultAt: new Date(), recentRequestIds: [], updatedAt: new Date() },
    ]);
    await writes(c, '还没人回复');
    const { bounceAt } = await conversationOf(c);
    await setConversation(c, { bounceWarnAt: new Date(Date.now() - 1000) });
    const before = (await subscribeSends()).length;

    const reports = await Promise.all([runBounce(), runBounce(), runBounce()]);
    expect(reports.reduce((n, r) => n + r.warned, 0)).toBe(1);
    expect(reports.reduce((n, r) => n + r.bounced, 0)).toBe(0);
    expect(await conversationOf(c)).toMatchObject({ status: 'open', bounceWarnAt: null, bounceAt });
    expect(await messagesAbout(c, 'chat-bounce-warning:')).toEqual([expect.objectContaining({ title: '咨询即将退回总部：将退回客户' })]);

    const sent = (await subscribeSends()).slice(before).filter((m) => m.templateId === SUBSCRIBE_TEMPLATES.bounce_warning.templateId);
    expect(sent).toEqual([
      expect.objectContaining({
        touser: acme.openIds['acme-alice'],
        page: `pages/chat/detail?customerId=${c._id}`,
        data: { thing1: { value: '将退回客户' }, time2: { value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) }, thing3: { value: '请尽快回复，超时将退回总部' } },
        errCode: 0,
      }),
    ]);
    expect((await rawDocs(emu, COLLECTIONS.subscribeCredits, { _id: subscribeCreditId(aliceUser._id, 'bounce_warning') }))[0].credits).toBe(0);
    expect(bobUser).toBeDefined();
  });

  test('When the timer is called by a mini-program user, then it refuses and runs nothing', async () => {
    const res = await fetch(`${emu.hubUrl}/functions/bounce:invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: {}, wxContext: { OPENID: alice } }) });
    expect(await res.json()).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: '定时任务只能由定时触发器或管理控制台运行' } });
  });
});
