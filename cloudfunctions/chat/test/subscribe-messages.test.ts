/**
 * Subscribe messages (订阅消息) to a provider's users, sent through the emulator's
 * `cloud.openapi.subscribeMessage.send` (recorded at GET /openapi/subscribe-messages): a new consultation
 * sends `new_consultation` to each user whose 通知开关 is on, who is bound through WeChat, and who has a
 * send left (one per accept); anyone else is skipped, and the message itself is stored whatever happens.
 * WeChat's rules: developers.weixin.qq.com 订阅消息 "一次性订阅" (one send per accept), keyword limits.
 */
import { SUBSCRIBE_TEMPLATES } from '@partner-desk/contract';
import { COLLECTIONS } from '@partner-desk/database';
import { receiveCustomerMessage } from '@partner-desk/shared/chat';
import { keywordValue, notifyHqTicketUpdate, subscribeCreditId } from '@partner-desk/shared/profile';
import { addCustomer, addTicket, callAs, postPcEvent, rawDocs, seedTenant, signInAs, startProductEmulators, uniqueId } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('subscribe messages', () => {
  let emu: RunningEmulators;
  beforeAll(async () => {
    emu = await startProductEmulators();
    Object.assign(process.env, emu.env);
  }, 60_000);
  afterAll(() => emu?.stop());

  const sends = async () => ((await fetch(`${emu.hubUrl}/openapi/subscribe-messages`).then((r) => r.json())) as { messages: any[] }).messages;
  const credit = (tenant: { provider: { _id: string } }, userId: string, key: 'new_consultation' | 'hq_ticket_update', credits: number) => ({
    _id: subscribeCreditId(userId, key),
    serviceProviderId: tenant.provider._id,
    userId,
    templateKey: key,
    credits,
    acceptedTotal: credits,
    lastResult: 'accept' as const,
    lastResultAt: new Date(),
    recentRequestIds: [],
    updatedAt: new Date(),
  });

  test('When a consultation starts, then only users with the switch on, a WeChat binding and a send left get new_consultation, each taking one send; a later message of the same wait sends nothing', async () => {
    const tenant = await seedTenant(emu, 'subscribe-sp', { 'sub-wx': 'admin', 'sub-off': 'agent', 'sub-web': 'agent', 'sub-nocredit': 'agent', 'sub-disabled': 'agent' });
    const u = tenant.users;
    await signInAs(emu, 'o-sub-wx', u['sub-wx']);
    await signInAs(emu, 'o-sub-off', u['sub-off']);
    await signInAs(emu, 'o-sub-nocredit', u['sub-nocredit']);
    await signInAs(emu, 'o-sub-disabled', u['sub-disabled']);
    // sub-web signed in on the web only (a CloudBase uid, no OPENID to send to).
    await emu.database.insert(COLLECTIONS.sessions, [
      { _id: 'web:uid-sub-web', identityType: 'web', userId: u['sub-web']._id, serviceProviderId: tenant.provider._id, role: 'agent', userName: u['sub-web'].name, createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) },
    ]);
    await emu.database.update(COLLECTIONS.users, { _id: u['sub-off']._id }, { $set: { 'notificationSettings.chatMessages': false } }, { multi: false, upsert: false, merge: true });
    await emu.database.update(COLLECTIONS.users, { _id: u['sub-disabled']._id }, { $set: { status: 'disabled' } }, { multi: false, upsert: false, merge: true });
    await emu.database.insert(COLLECTIONS.subscribeCredits, [
      credit(tenant, u['sub-wx']._id, 'new_consultation', 1),
      credit(tenant, u['sub-off']._id, 'new_consultation', 1),
      credit(tenant, u['sub-web']._id, 'new_consultation', 1),
      credit(tenant, u['sub-disabled']._id, 'new_consultation', 1),
    ]);
    const customer = await addCustomer(emu, tenant, { name: '订阅消息测试客户有限公司（一个很长的名字超过二十个字）' });
    const before = (await sends()).length;

    await receiveCustomerMessage({ customerId: customer._id, externalMessageId: 'pc-sub-1', content: '打印模板在新版本里错位了，能帮忙看看吗？谢谢', sentAt: new Date('2026-12-06T02:03:00Z') });
    const first = (await sends()).slice(before);
    expect(first).toEqual([
      expect.objectContaining({
        touser: 'o-sub-wx',
        templateId: SUBSCRIBE_TEMPLATES.new_consultation.templateId,
        page: `pages/chat/detail?customerId=${customer._id}`,
        // thing.DATA is at most 20 characters; time.DATA in China time.
        data: { thing1: { value: '订阅消息测试客户有限公司（一个很长的名…' }, thing2: { value: '打印模板在新版本里错位了，能帮忙看看吗…' }, time3: { value: '2026-12-06 10:03' } },
        errCode: 0,
      }),
    ]);
    const creditsLeft = Object.fromEntries((await rawDocs(emu, COLLECTIONS.subscribeCredits, { serviceProviderId: tenant.provider._id })).map((d) => [d.userId, d.credits]));
    // Only the send made took a credit; skipped users keep theirs.
    expect(creditsLeft).toEqual({ [u['sub-wx']._id]: 0, [u['sub-off']._id]: 1, [u['sub-web']._id]: 1, [u['sub-disabled']._id]: 1 });

    // Same wait: no new consultation, no send.
    await receiveCustomerMessage({ customerId: customer._id, externalMessageId: 'pc-sub-2', content: '在吗', sentAt: new Date() });
    expect((await sends()).length).toBe(before + 1);

    // Answered, then a new wait: sub-wx has no send left, so nothing goes; the message is stored all the same.
    expect((await callAs(emu, 'o-sub-wx', 'chat', 'send', { customerId: customer._id, content: '您好' })).ok).toBe(true);
    await receiveCustomerMessage({ customerId: customer._id, externalMessageId: 'pc-sub-3', content: '又有问题了', sentAt: new Date() });
    expect((await sends()).length).toBe(before + 1);
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id, senderType: 'customer' })).toHaveLength(3);
  });

  test('When HQ updates a ticket, then hq_ticket_update goes to users with ticketUpdates on and a send left, with the ticket number, status and note', async () => {
    const tenant = await seedTenant(emu, 'subscribe-hq', { 'hq-wx': 'admin', 'hq-off': 'agent' });
    await signInAs(emu, 'o-hq-wx', tenant.users['hq-wx']);
    await signInAs(emu, 'o-hq-off', tenant.users['hq-off']);
    await emu.database.update(COLLECTIONS.users, { _id: tenant.users['hq-off']._id }, { $set: { 'notificationSettings.ticketUpdates': false } }, { multi: false, upsert: false, merge: true });
    await emu.database.insert(COLLECTIONS.subscribeCredits, [credit(tenant, tenant.users['hq-wx']._id, 'hq_ticket_update', 2), credit(tenant, tenant.users['hq-off']._id, 'hq_ticket_update', 2)]);
    const report = await notifyHqTicketUpdate({ serviceProviderId: tenant.provider._id }, { ticketId: 'tk_1', ticketNo: 'GD20261206-0001', status: 'processing', note: '总部已安排工程师远程排查', updatedAt: new Date('2026-12-06T02:30:00Z') });
    expect(report).toEqual({ key: 'hq_ticket_update', sent: [{ userId: tenant.users['hq-wx']._id, openId: 'o-hq-wx' }], skipped: [{ userId: tenant.users['hq-off']._id, reason: 'switch_off' }] });
    const [last] = (await sends()).slice(-1);
    expect(last).toMatchObject({
      touser: 'o-hq-wx',
      page: 'pages/ticket/detail?id=tk_1',
      data: { character_string1: { value: 'GD20261206-0001' }, phrase2: { value: '处理中' }, thing3: { value: '总部已安排工程师远程排查' }, time4: { value: '2026-12-06 10:30' } },
    });
  });

  test('When the PC system routes a consultation through the gateway and later HQ updates the escalated ticket, then new_consultation and hq_ticket_update go out, and the conversation counts down to its bounce', async () => {
    const tenant = await seedTenant(emu, 'subscribe-gw', { 'gw-wx': 'admin' });
    const user = tenant.users['gw-wx'];
    await signInAs(emu, 'o-gw-wx', user);
    await emu.database.insert(COLLECTIONS.subscribeCredits, [credit(tenant, user._id, 'new_consultation', 1), credit(tenant, user._id, 'hq_ticket_update', 1)]);
    const customer = await addCustomer(emu, tenant, { name: '网关客户' });
    const before = (await sends()).length;
    const sentAt = new Date();
    const routed = await postPcEvent(emu, { type: 'consultation.message', data: { customerExternalId: customer.externalId, externalMessageId: uniqueId('pcm'), content: '新版本打印错位', sentAt: sentAt.toISOString() }, occurredAt: sentAt.toISOString() });
    expect(routed.status).toBe(200);
    const [conversation] = await rawDocs(emu, COLLECTIONS.chatConversations, { customerId: customer._id });
    expect(conversation.bounceAt.getTime() - conversation.updatedAt.getTime()).toBe(10 * 60_000);
    expect((await sends()).slice(before)).toEqual([expect.objectContaining({ touser: 'o-gw-wx', templateId: SUBSCRIBE_TEMPLATES.new_consultation.templateId, page: `pages/chat/detail?customerId=${customer._id}` })]);

    const ticket = await addTicket(emu, customer, { escalationStatus: 'escalated', escalatedAt: new Date(), escalationReason: '需总部处理' });
    const updated = await postPcEvent(emu, { type: 'ticket.updated', data: { ticketId: ticket._id, status: 'processing', note: '总部已安排工程师', operatorName: '总部 李工' }, occurredAt: new Date().toISOString() });
    expect(updated.status).toBe(200);
    expect((await sends()).slice(before + 1)).toEqual([
      expect.objectContaining({ touser: 'o-gw-wx', templateId: SUBSCRIBE_TEMPLATES.hq_ticket_update.templateId, page: `pages/ticket/detail?id=${ticket._id}`, data: expect.objectContaining({ character_string1: { value: ticket.ticketNo }, phrase2: { value: '处理中' }, thing3: { value: '总部已安排工程师' } }) }),
    ]);
  });

  test('When keyword values are made, then each type keeps WeChat’s limit and an empty value is never sent', () => {
    expect(keywordValue('thing1', '字'.repeat(25))).toBe(`${'字'.repeat(19)}…`);
    expect(keywordValue('phrase2', '已经解决完毕了')).toBe('已经解决…');
    expect(keywordValue('character_string1', 'GD20261206-0001')).toBe('GD20261206-0001');
    expect(keywordValue('thing3', '  ')).toBe('—');
    expect(keywordValue('time4', '2026-12-06 10:30')).toBe('2026-12-06 10:30');
  });
});
