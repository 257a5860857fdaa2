import { COLLECTIONS } from '@partner-desk/database';
import { startProductEmulators, callAs, warmUp, worstRoundTrips, HUGE, lastInvocationOperations, rawDocs, addCustomer, seedDesk, snapshot, type Desk } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { receiveCustomerMessage as receive } from '@partner-desk/shared/chat';


describe('chat function, and inbound customer messages', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let other: Desk;
  let alice: string;
  let bob: string;
  let eve: string;
  let ext = 0;

  beforeAll(async () => {
    emu = await startProductEmulators();
    // receiveCustomerMessage runs in this process, with wx-server-sdk pointed at the emulator (as a function would be).
    Object.assign(process.env, emu.env);
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' }, 3);
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' }, 1);
    alice = acme.openIds['acme-alice'];
    bob = acme.openIds['acme-bob'];
    eve = other.openIds['other-eve'];
  }, 60_000);
  afterAll(async () => {
    // An INTERNAL answer's cause is only in the function's log: show it when a run had one.
    const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=chat`).then((r) => r.json())) as any;
    for (const inv of list.invocations) for (const l of inv.logs) if (/unexpected error/i.test(l.message)) console.warn('chat function logged:', l.message.slice(0, 2000));
    await emu?.stop();
  });

  const inbound = (customerId: string, content: string, sentAt = new Date(), externalMessageId = `pc-${Date.now()}-${ext++}`) => receive({ customerId, externalMessageId, content, sentAt });
  const conversationOf = async (customerId: string) => (await rawDocs(emu, COLLECTIONS.chatConversations, { _id: `conv_${customerId}` }))[0];
  const conversationsOf = async (openId: string) => {
    const r = await callAs(emu, openId, 'chat', 'conversations', { pageSize: 50 });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data;
  };
  const signalsOf = async (desk: Desk) => (await rawDocs(emu, COLLECTIONS.userSignals, { serviceProviderId: desk.tenant.provider._id })).map((s) => s.chat);

  test('When a customer message arrives, then the provider sees a waiting conversation with one unread; a redelivery changes nothing', async () => {
    const customer = acme.customers[0];
    const sentAt = new Date(Date.now() - 5 * 60_000);
    const signalsBefore = await signalsOf(acme);
    const first = await inbound(customer._id, '你好，开单时提示库存不足，但实际有货', sentAt, 'pc-msg-1');
    expect(first).toEqual({ messageId: expect.stringMatching(/^cm_/), serviceProviderId: acme.tenant.provider._id, duplicate: false });
    expect(await signalsOf(acme)).toEqual(signalsBefore.map((n) => n + 1));

    const list = await conversationsOf(alice);
    expect(list.conversations).toEqual([
      {
        customerId: customer._id,
        customerName: customer.name,
        lastMessage: '你好，开单时提示库存不足，但实际有货',
        lastSenderType: 'customer',
        lastMessageAt: sentAt.toISOString(),
        unreadCount: 1,
        waitingSince: sentAt.toISOString(),
        status: 'open',
        escalatedTicketId: null,
      },
    ]);
    expect(await conversationsOf(eve)).toMatchObject({ conversations: [], total: 0 });

    const again = await inbound(customer._id, '你好，开单时提示库存不足，但实际有货', sentAt, 'pc-msg-1');
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { externalMessageId: 'pc-msg-1' })).toHaveLength(1);
    expect((await conversationOf(customer._id)).unreadCount).toBe(1);
    expect(await signalsOf(acme)).toEqual(signalsBefore.map((n) => n + 1));

    const later = new Date(sentAt.getTime() + 60_000);
    await inbound(customer._id, '在吗？', later);
    const conv = await conversationOf(customer._id);
    expect(conv).toMatchObject({ unreadCount: 2, lastMessage: '在吗？', waitingSince: sentAt, lastMessageAt: later });
  });

  test('When the same customer message is delivered five times at once, then it is stored once and counted once', async () => {
    const customer = acme.customers[2];
    const results = await Promise.all(Array.from({ length: 5 }, () => inbound(customer._id, '并发投递', new Date(), 'pc-burst-1')));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { externalMessageId: 'pc-burst-1' })).toHaveLength(1);
    expect((await conversationOf(customer._id)).unreadCount).toBe(1);
  });

  test('When a new customer’s first messages and a reply race, then one conversation counts both messages and nothing is lost', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '新会话客户' });
    await warmUp(emu, 'chat', alice);
    const [m1, m2, reply] = await Promise.all([
      inbound(customer._id, '第一条', new Date(Date.now() - 2000), 'pc-race-1'),
      inbound(customer._id, '第二条', new Date(Date.now() - 1000), 'pc-race-2'),
      callAs(emu, alice, 'chat', 'send', { customerId: customer._id, content: '您好' }),
    ]);
    expect([m1.duplicate, m2.duplicate, reply.ok]).toEqual([false, false, true]);
    const conv = await conversationOf(customer._id);
    expect(conv.unreadCount).toBe(2);
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id })).toHaveLength(3);
  });

  test('When an inbound message names an unknown customer or the wrong provider, then it is NOT_FOUND and nothing is written', async () => {
    const before = await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations]);
    await expect(inbound('c_missing', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(receive({ serviceProviderId: other.tenant.provider._id, customerId: acme.customers[0]._id, externalMessageId: 'pc-wrong', content: 'x', sentAt: new Date() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(receive({ customerId: acme.customers[0]._id, externalMessageId: '', content: 'x', sentAt: new Date() })).rejects.toThrow();
    expect(await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations])).toEqual(before);
  });

  test('When the provider opens a conversation, then messages come newest first in seed §4.4 shape and the conversation is read', async () => {
    const customer = acme.customers[0];
    const res = await callAs(emu, bob, 'chat', 'messages', { customerId: customer._id, page: 1, pageSize: 10 });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.data).toMatchObject({ total: 2, page: 1, pageSize: 10 });
    expect(res.data.messages.map((m: any) => m.content)).toEqual(['在吗？', '你好，开单时提示库存不足，但实际有货']);
    expect(res.data.messages[0]).toEqual({
      id: expect.any(String),
      customerId: customer._id,
      customerName: customer.name,
      serviceProviderId: acme.tenant.provider._id,
      serviceProviderName: acme.tenant.provider.name,
      senderType: 'customer',
      senderName: customer.name,
      content: '在吗？',
      images: [],
      timestamp: expect.any(String),
      status: 'read',
    });
    expect((await conversationOf(customer._id)).unreadCount).toBe(0);
    const stored = await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id });
    expect(stored.map((m) => m.status)).toEqual(['read', 'read']);
    // Still waiting: reading is not answering.
    expect((await conversationOf(customer._id)).waitingSince).toBeInstanceOf(Date);
    const page2 = await callAs(emu, bob, 'chat', 'messages', { customerId: customer._id, page: 2, pageSize: 1 });
    expect(page2).toMatchObject({ ok: true, data: { total: 2, messages: [{ content: '你好，开单时提示库存不足，但实际有货' }] } });
  });

  test('When the provider replies, then the message, the answered conversation and one chat.reply outbox row are written together', async () => {
    const customer = acme.customers[0];
    const res = await callAs(emu, alice, 'chat', 'send', { customerId: customer._id, content: '您好，请在库存设置中重新计算一下' });
    if (!res.ok) throw new Error(JSON.stringify(res));
    const { messageId } = res.data;
    const [msg] = await rawDocs(emu, COLLECTIONS.chatMessages, { _id: messageId });
    expect(msg).toMatchObject({
      serviceProviderId: acme.tenant.provider._id,
      serviceProviderName: acme.tenant.provider.name,
      customerId: customer._id,
      senderType: 'service_provider',
      senderName: acme.tenant.users['acme-alice'].name,
      status: 'sent',
      externalMessageId: `pd_${messageId}`,
    });
    expect(await conversationOf(customer._id)).toMatchObject({ lastSenderType: 'service_provider', lastMessage: '您好，请在库存设置中重新计算一下', waitingSince: null, unreadCount: 0 });
    const outbox = await rawDocs(emu, COLLECTIONS.outbox, { relatedId: messageId });
    expect(outbox).toEqual([
      expect.objectContaining({
        type: 'chat.reply',
        serviceProviderId: acme.tenant.provider._id,
        status: 'pending',
        attempts: 0,
        payload: { customerId: customer._id, messageId, content: '您好，请在库存设置中重新计算一下', sentAt: msg.timestamp.toISOString(), senderName: acme.tenant.users['acme-alice'].name },
      }),
    ]);
  });

  test('When a send is retried with the same clientMessageId, even five at once, then one message and one outbox row exist and every answer has its id', async () => {
    const customer = acme.customers[1];
    const payload = { customerId: customer._id, content: '稍等，我查一下', clientMessageId: 'client-42' };
    await warmUp(emu, 'chat', alice);
    const first = await callAs(emu, alice, 'chat', 'send', payload);
    const signalsAfterFirst = await signalsOf(acme);
    const burst = await Promise.all(Array.from({ length: 5 }, () => callAs(emu, bob, 'chat', 'send', payload)));
    if (!first.ok) throw new Error(JSON.stringify(first));
    for (const r of burst) expect(r).toEqual({ ok: true, data: { messageId: first.data.messageId } });
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id })).toHaveLength(1);
    expect(await rawDocs(emu, COLLECTIONS.outbox, { relatedId: first.data.messageId })).toHaveLength(1);
    // Retries wrote nothing, so they signal nothing.
    expect(await signalsOf(acme)).toEqual(signalsAfterFirst);

    // A fresh burst with a new id: concurrent first sends still make one message.
    const fresh = { ...payload, clientMessageId: 'client-43' };
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => callAs(emu, i % 2 ? alice : bob, 'chat', 'send', fresh)));
    const ids = new Set(results.map((r) => (r.ok ? r.data.messageId : r.error.code)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^cm_/);
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id })).toHaveLength(2);
    const rows = (await rawDocs(emu, COLLECTIONS.outbox, { type: 'chat.reply' })).filter((r) => r.payload.customerId === customer._id);
    expect(rows.map((r) => r.relatedId).sort()).toEqual([first.data.messageId, [...ids][0]].sort());
    // Without a client id every send is a new message; a conversation that didn't exist now does.
    expect((await conversationOf(customer._id)).lastSenderType).toBe('service_provider');
  });

  test('When a chat is escalated, then an escalated ticket quoting the customer, the escalated conversation, one outbox row and the count are written; a second escalation is refused', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '升级客户' });
    const t0 = Date.now() - 10 * 60_000;
    for (let i = 1; i <= 4; i++) await inbound(customer._id, `客户消息${i}`, new Date(t0 + i * 60_000));
    const res = await callAs(emu, bob, 'chat', 'escalate', { customerId: customer._id, content: '客户数据库报错，需总部排查', reason: '超出服务商处理范围' });
    if (!res.ok) throw new Error(JSON.stringify(res));
    const { ticketId } = res.data;
    const [ticket] = await rawDocs(emu, COLLECTIONS.tickets, { _id: ticketId });
    const bobUser = acme.tenant.users['acme-bob'];
    expect(ticket).toMatchObject({
      serviceProviderId: acme.tenant.provider._id,
      customerId: customer._id,
      type: 'issue_escalation',
      source: 'chat',
      status: 'open',
      escalationStatus: 'escalated',
      escalationReason: '超出服务商处理范围',
      ticketNo: expect.stringMatching(/^GD\d{8}-\d{4}$/),
    });
    expect(ticket.content).toMatch(/^客户数据库报错，需总部排查\n\n客户最近消息：\n/);
    expect(ticket.content).toContain('客户消息4');
    expect(ticket.content).toContain('客户消息2');
    expect(ticket.content).not.toContain('客户消息1');
    expect(ticket.content.indexOf('客户消息2')).toBeLessThan(ticket.content.indexOf('客户消息4'));
    expect(ticket.processingHistory.map((s: any) => [s.action, s.operatorName])).toEqual([
      ['create', bobUser.name],
      ['escalate', bobUser.name],
    ]);
    expect(await conversationOf(customer._id)).toMatchObject({ status: 'escalated', escalatedTicketId: ticketId });
    expect((await rawDocs(emu, COLLECTIONS.customers, { _id: customer._id }))[0].unresolvedIssues).toBe(1);
    const outbox = await rawDocs(emu, COLLECTIONS.outbox, { relatedId: ticketId });
    expect(outbox).toEqual([
      expect.objectContaining({ type: 'chat.escalated', status: 'pending', payload: expect.objectContaining({ ticketId, ticketNo: ticket.ticketNo, customerId: customer._id, reason: '超出服务商处理范围', content: ticket.content }) }),
    ]);
    const list = await conversationsOf(alice);
    expect(list.conversations.find((c: any) => c.customerId === customer._id)).toMatchObject({ status: 'escalated', escalatedTicketId: ticketId });

    const again = await callAs(emu, alice, 'chat', 'escalate', { customerId: customer._id, content: '再升级', reason: '再升级' });
    expect(again).toEqual({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '该会话已升级为工单，请在工单中跟进', details: { ticketId } } });
    expect(await rawDocs(emu, COLLECTIONS.tickets, { customerId: customer._id })).toHaveLength(1);
    expect((await rawDocs(emu, COLLECTIONS.customers, { _id: customer._id }))[0].unresolvedIssues).toBe(1);

    // Resolving the ticket reopens the chat (and tells the PC system), so it can be escalated again.
    expect((await callAs(emu, alice, 'tickets', 'resolve', { id: ticketId, note: '总部已修复' })).ok).toBe(true);
    expect(await conversationOf(customer._id)).toMatchObject({ status: 'open', escalatedTicketId: null });
    expect((await rawDocs(emu, COLLECTIONS.outbox, { relatedId: ticketId })).map((r) => r.type).sort()).toEqual(['chat.escalated', 'ticket.resolved']);
    const second = await callAs(emu, alice, 'chat', 'escalate', { customerId: customer._id, content: '问题复现', reason: '再次出现' });
    expect(second.ok && second.data.ticketId !== ticketId).toBe(true);
  });

  test('When five escalations of one chat race, then exactly one ticket is created', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '竞争升级客户' });
    await inbound(customer._id, '系统打不开了');
    await warmUp(emu, 'chat', alice);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => callAs(emu, i % 2 ? alice : bob, 'chat', 'escalate', { customerId: customer._id, content: `升级${i}`, reason: '紧急' })));
    const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    for (const c of codes) expect(['OK', 'FAILED_PRECONDITION', 'CONFLICT']).toContain(c);
    expect(await rawDocs(emu, COLLECTIONS.tickets, { customerId: customer._id })).toHaveLength(1);
    expect(await rawDocs(emu, COLLECTIONS.outbox, { type: 'chat.escalated', relatedId: (results.find((r) => r.ok) as any).data.ticketId })).toHaveLength(1);
    expect((await rawDocs(emu, COLLECTIONS.customers, { _id: customer._id }))[0].unresolvedIssues).toBe(1);
  });

  test('When a chat without any conversation is escalated, then FAILED_PRECONDITION and nothing is written', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '无会话客户' });
    const before = await snapshot(emu, [COLLECTIONS.tickets, COLLECTIONS.outbox, COLLECTIONS.customers, COLLECTIONS.ticketCounters]);
    expect(await callAs(emu, alice, 'chat', 'escalate', { customerId: customer._id, content: 'x', reason: 'y' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '该客户暂无咨询会话，无法升级' } });
    expect(await snapshot(emu, [COLLECTIONS.tickets, COLLECTIONS.outbox, COLLECTIONS.customers, COLLECTIONS.ticketCounters])).toEqual(before);
  });

  test('When another provider’s customer is used, then every chat action is NOT_FOUND and nothing of theirs changes', async () => {
    const theirs = other.customers[0];
    await inbound(theirs._id, '别家客户的消息');
    const before = await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox, COLLECTIONS.tickets]);
    for (const [action, payload] of [
      ['messages', { customerId: theirs._id }],
      ['send', { customerId: theirs._id, content: '越权回复' }],
      ['send', { customerId: theirs._id, content: '越权回复', clientMessageId: 'probe-1' }],
      ['escalate', { customerId: theirs._id, content: 'x', reason: 'y' }],
    ] as const) {
      expect(await callAs(emu, alice, 'chat', action, payload)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在' } });
    }
    expect(await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox, COLLECTIONS.tickets])).toEqual(before);
    expect((await conversationsOf(alice)).conversations.some((c: any) => c.customerId === theirs._id)).toBe(false);
    expect((await conversationsOf(eve)).conversations.map((c: any) => c.customerId)).toEqual([theirs._id]);
  });

  test('When conversations are listed, then the latest comes first, pages do not overlap, and it takes two sequential round trips', async () => {
    const all = await conversationsOf(alice);
    const times = all.conversations.map((c: any) => Date.parse(c.lastMessageAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const p1 = await callAs(emu, alice, 'chat', 'conversations', { page: 1, pageSize: 2 });
    const p2 = await callAs(emu, alice, 'chat', 'conversations', { page: 2, pageSize: 2 });
    if (!p1.ok || !p2.ok) throw new Error('list failed');
    expect([...p1.data.conversations, ...p2.data.conversations].map((c: any) => c.customerId)).toEqual(all.conversations.slice(0, 4).map((c: any) => c.customerId));
    expect(p2.data.total).toBe(all.total);
    expect(await worstRoundTrips(emu, 'chat', () => callAs(emu, alice, 'chat', 'conversations', { page: 1, pageSize: 5 }))).toBeLessThanOrEqual(2);
    expect((await lastInvocationOperations(emu, 'chat')).map((o) => o.collection)).toEqual(['sessions', 'chat_conversations', 'chat_conversations']);
    // Opening a conversation: the customer check, the page, its count and the read marks all go out together after the session.
    const customerId = acme.customers[0]._id;
    expect(await worstRoundTrips(emu, 'chat', () => callAs(emu, alice, 'chat', 'messages', { customerId, pageSize: 5 }))).toBeLessThanOrEqual(2);
    expect((await lastInvocationOperations(emu, 'chat')).map((o) => o.collection).sort()).toEqual(['chat_conversations', 'chat_messages', 'chat_messages', 'chat_messages', 'customers', 'sessions']);
  });

  test('When payloads are malformed, then INVALID_ARGUMENT and nothing changed', async () => {
    const customerId = acme.customers[0]._id;
    const before = await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox, COLLECTIONS.tickets]);
    const cases: [string, unknown][] = [
      ['conversations', { page: 0 }],
      ['conversations', { pageSize: 51 }],
      ['conversations', { page: -1, pageSize: -1 }],
      ['conversations', { customerId }],
      ['messages', {}],
      ['messages', { customerId: { $ne: null } }],
      ['messages', { customerId, pageSize: 1e9 }],
      ['messages', { customerId: HUGE }],
      ['send', { customerId }],
      ['send', { customerId, content: '' }],
      ['send', { customerId, content: '   ' }],
      ['send', { customerId, content: 'x'.repeat(2001) }],
      ['send', { customerId, content: HUGE }],
      ['send', { customerId, content: { $gt: '' } }],
      ['send', { customerId, content: 'x', clientMessageId: { $ne: null } }],
      ['send', { customerId, content: 'x', clientMessageId: 'has space' }],
      ['send', { customerId, content: 'x', senderType: 'customer' }],
      ['escalate', { customerId, content: 'x' }],
      ['escalate', { customerId, content: 'x', reason: 'r'.repeat(501) }],
      ['escalate', { customerId: [customerId], content: 'x', reason: 'y' }],
    ];
    for (const [action, payload] of cases) {
      const res = await callAs(emu, alice, 'chat', action, payload);
      expect([action, JSON.stringify(payload).slice(0, 60), res.ok ? 'ok' : res.error.code]).toEqual([action, expect.anything(), 'INVALID_ARGUMENT']);
    }
    expect(await callAs(emu, alice, 'chat', 'recall', { customerId })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox, COLLECTIONS.tickets])).toEqual(before);
  });

  test('When nobody is signed in, then every chat action is UNAUTHENTICATED and nothing changes', async () => {
    const customerId = acme.customers[0]._id;
    const before = await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox]);
    for (const openId of [null, 'o-stranger']) {
      for (const [action, payload] of [
        ['conversations', {}],
        ['messages', { customerId }],
        ['send', { customerId, content: 'x' }],
        ['escalate', { customerId, content: 'x', reason: 'y' }],
      ] as const) {
        expect(await callAs(emu, openId, 'chat', action, payload)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    }
    expect(await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.chatConversations, COLLECTIONS.outbox])).toEqual(before);
  });
});
