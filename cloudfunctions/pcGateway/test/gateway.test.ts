/**
 * pcGateway through the emulator as the PC system reaches it: signed HTTP requests to the HTTP access
 * path /pc/events (cloudbaserc.json's servicePaths), the function running with the real wx-server-sdk,
 * its answers as docs/pc-protocol.md states them. HTTP access hands the function CloudBase's integration
 * request and sends back its integration response (docs.cloudbase.net/service/access-cloud-function).
 */
import { COLLECTIONS } from '@partner-desk/database';
import type { InboundEvent } from '@partner-desk/pc-protocol';
import { signRequest } from '@partner-desk/pc-protocol/signing';
import { addCustomer, addTicket, callAs, gatewayUrl, invokeFunction, lastInvocation, postPcEvent, rawDocs, seedDesk, snapshot, startProductEmulators, uniqueId, type Desk } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { PcSimulator } from '../../../pc-simulator/src/simulator';

const MINUTE = 60_000;
/** Everything an inbound event may write: a refused or repeated one must leave all of it as it was. */
const TOUCHED = [
  COLLECTIONS.customers,
  COLLECTIONS.chatMessages,
  COLLECTIONS.chatConversations,
  COLLECTIONS.messages,
  COLLECTIONS.tickets,
  COLLECTIONS.userSignals,
  COLLECTIONS.inboundDeliveries,
  COLLECTIONS.parkedEvents,
  COLLECTIONS.usageRecords,
];

const consultation = (customerExternalId: string, content: string, sentAt = new Date(), externalMessageId = uniqueId('pcm')): InboundEvent => ({
  type: 'consultation.message',
  data: { customerExternalId, externalMessageId, customerName: '客户', content, sentAt: sentAt.toISOString() },
  occurredAt: sentAt.toISOString(),
});

const vendorCustomer = (externalId: string, providerExternalId: string, overrides: Record<string, unknown> = {}, occurredAt = new Date()): InboundEvent =>
  ({
    type: 'customer.upserted',
    data: {
      externalId,
      providerExternalId,
      name: `新客户${externalId}`,
      contactPerson: '曹磊',
      phone: '19933873148',
      email: 'caolei66@example.cn',
      region: '天津市',
      industry: '医药',
      softwareVersion: 'V7.5 标准版',
      portCount: 20,
      purchaseDate: '2025-04-25',
      expiryDate: new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10),
      ...overrides,
    },
    occurredAt: occurredAt.toISOString(),
  }) as InboundEvent;

describe('pcGateway: the PC system\'s events at <HTTP access>/pc/events', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let alice: string;

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' }, 4);
    alice = acme.openIds['acme-alice'];
  }, 60_000);
  afterAll(async () => {
    // An unexpected error's cause is only in the function's log: show it when a run had one.
    const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=pcGateway`).then((r) => r.json())) as any;
    for (const inv of list.invocations) for (const l of inv.logs) if (/unexpected error/i.test(l.message)) console.warn('pcGateway logged:', l.message.slice(0, 2000));
    await emu?.stop();
  });

  const code = () => acme.tenant.provider.externalId!;
  const signals = async () => (await rawDocs(emu, COLLECTIONS.userSignals, { serviceProviderId: acme.tenant.provider._id })).map((s) => ({ chat: s.chat, messages: s.messages, tickets: s.tickets, customers: s.customers }));
  const customerByExternalId = async (externalId: string) => (await rawDocs(emu, COLLECTIONS.customers, { externalId }))[0];

  test('When a customer writes on the PC side, then the owning provider has the message, a waiting conversation, one message-centre entry linking the chat and a signal; replaying the delivery changes nothing', async () => {
    const customer = acme.customers[0];
    const sentAt = new Date(Date.now() - 3 * MINUTE);
    const before = await signals();
    const first = await postPcEvent(emu, consultation(customer.externalId, '打印模板在新版本里错位了，能帮忙看看吗？', sentAt, 'pc-msg-0001'));
    expect(first).toMatchObject({ status: 200, body: { ok: true } });

    const [message] = await rawDocs(emu, COLLECTIONS.chatMessages, { externalMessageId: 'pc-msg-0001' });
    expect(message).toMatchObject({ serviceProviderId: acme.tenant.provider._id, customerId: customer._id, senderType: 'customer', content: '打印模板在新版本里错位了，能帮忙看看吗？', status: 'delivered' });
    expect(message.timestamp.toISOString()).toBe(sentAt.toISOString());
    const conversations = await callAs(emu, alice, 'chat', 'conversations', { pageSize: 10 });
    expect(conversations.ok && conversations.data.conversations.find((c: any) => c.customerId === customer._id)).toMatchObject({ unreadCount: 1, waitingSince: sentAt.toISOString(), lastSenderType: 'customer' });
    const entries = await rawDocs(emu, COLLECTIONS.messages, { relatedCustomerId: customer._id, type: 'customer_alert' });
    expect(entries).toEqual([expect.objectContaining({ title: `客户「${customer.name}」发起咨询`, link: { kind: 'chat', id: customer._id }, readStatus: 'unread', serviceProviderId: acme.tenant.provider._id })]);
    expect(await signals()).toEqual(before.map((s) => ({ ...s, chat: s.chat + 1, messages: s.messages + 1 })));
    expect(await rawDocs(emu, COLLECTIONS.inboundDeliveries, { _id: first.deliveryId })).toEqual([expect.objectContaining({ type: 'consultation.message', outcome: 'applied', subject: customer.externalId })]);

    const state = await snapshot(emu, TOUCHED);
    const replay = await postPcEvent(emu, consultation(customer.externalId, '打印模板在新版本里错位了，能帮忙看看吗？', sentAt, 'pc-msg-0001'), { deliveryId: first.deliveryId });
    expect(replay).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(await snapshot(emu, TOUCHED)).toEqual(state);
    // The same message under another delivery id (the PC side lost our answer and made a new delivery): stored once still.
    const again = await postPcEvent(emu, consultation(customer.externalId, '打印模板在新版本里错位了，能帮忙看看吗？', sentAt, 'pc-msg-0001'));
    expect(again).toMatchObject({ status: 200, body: { ok: true } });
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { externalMessageId: 'pc-msg-0001' })).toHaveLength(1);
  });

  test('When more messages of the same consultation arrive, some late, then they sort by sentAt, the unread count grows, and the message centre keeps one entry per consultation', async () => {
    const customer = acme.customers[1];
    const t0 = Date.now() - 10 * MINUTE;
    expect((await postPcEvent(emu, consultation(customer.externalId, '第二条', new Date(t0 + 2 * MINUTE)))).status).toBe(200);
    expect((await postPcEvent(emu, consultation(customer.externalId, '第三条', new Date(t0 + 3 * MINUTE)))).status).toBe(200);
    // Delivered last, written first.
    expect((await postPcEvent(emu, consultation(customer.externalId, '第一条', new Date(t0 + 1 * MINUTE)))).status).toBe(200);

    const page = await callAs(emu, alice, 'chat', 'messages', { customerId: customer._id, pageSize: 10 });
    expect(page.ok && page.data.messages.map((m: any) => m.content)).toEqual(['第三条', '第二条', '第一条']);
    const [conversation] = await rawDocs(emu, COLLECTIONS.chatConversations, { _id: `conv_${customer._id}` });
    // Opening the chat above read it; before that the three were unread and the preview stayed the newest.
    expect(conversation).toMatchObject({ lastMessage: '第三条', unreadCount: 0 });
    expect(conversation.waitingSince.toISOString()).toBe(new Date(t0 + 2 * MINUTE).toISOString());
    expect(await rawDocs(emu, COLLECTIONS.messages, { relatedCustomerId: customer._id, type: 'customer_alert' })).toHaveLength(1);

    // The provider answers; the customer's next question is a new consultation: a second entry.
    expect(await callAs(emu, alice, 'chat', 'send', { customerId: customer._id, content: '您好，请稍等' })).toMatchObject({ ok: true });
    expect((await postPcEvent(emu, consultation(customer.externalId, '还有一个问题'))).status).toBe(200);
    expect(await rawDocs(emu, COLLECTIONS.messages, { relatedCustomerId: customer._id, type: 'customer_alert' })).toHaveLength(2);
  });

  test('When the signature is wrong, the timestamp 301 s old, a header missing or repeated, or the body malformed, then 401/401/401/401/400 with their codes and nothing changes', async () => {
    const customer = acme.customers[2];
    const event = consultation(customer.externalId, '不该被写入');
    const state = await snapshot(emu, TOUCHED);
    const now = Math.floor(Date.now() / 1000);

    expect(await postPcEvent(emu, event, { secret: 'not-the-secret' })).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    expect(await postPcEvent(emu, event, { timestamp: now - 301 })).toMatchObject({ status: 401, body: { error: { code: 'STALE_TIMESTAMP', message: expect.stringContaining('300') } } });
    expect(await postPcEvent(emu, event, { timestamp: now + 400 })).toMatchObject({ status: 401, body: { error: { code: 'STALE_TIMESTAMP' } } });
    expect(await postPcEvent(emu, event, { headers: { 'X-PD-Signature': '' } })).toMatchObject({ status: 401, body: { error: { code: 'MISSING_SIGNATURE_HEADER' } } });
    expect(await postPcEvent(emu, event, { headers: { 'X-PD-Delivery': 'has spaces in it' } })).toMatchObject({ status: 401, body: { error: { code: 'MALFORMED_SIGNATURE_HEADER' } } });
    // A body changed after signing is a bad signature, even when the change makes it valid.
    const signedFor = JSON.stringify(event);
    const tampered = await fetch(`${emu.http.getInfo()!.url}/pc/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequest(process.env.PD_PC_SECRET!, signedFor) },
      body: signedFor.replace('不该被写入', '改过的内容'),
    });
    expect(tampered.status).toBe(401);

    // Signed correctly, but not an event: 400 saying what is wrong. Not signed and not an event: 401 first.
    expect(await postPcEvent(emu, null, { raw: '{"type":"consultation.message",' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    const missing = await postPcEvent(emu, { ...event, data: { ...event.data, content: '' } });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'INVALID_EVENT', issues: [{ path: 'data.content', message: expect.any(String) }] } } });
    expect(await postPcEvent(emu, { type: 'consultation.deleted', data: {}, occurredAt: new Date().toISOString() })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_EVENT', issues: [expect.objectContaining({ path: 'type' })] } } });
    expect(await postPcEvent(emu, vendorCustomer(uniqueId('K'), code(), { purchaseDate: '2027-01-01', expiryDate: '2026-01-01' }))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_EVENT', issues: [{ path: 'data.expiryDate', message: '到期日期早于购买日期' }] } } });
    expect(await postPcEvent(emu, null, { raw: 'not json', secret: 'not-the-secret' })).toMatchObject({ status: 401, body: { error: { code: 'BAD_SIGNATURE' } } });
    expect(await snapshot(emu, TOUCHED)).toEqual(state);
  });

  test('When the path, the method or the caller is not the PC system\'s, then 404, 405 or 403 and nothing changes', async () => {
    const state = await snapshot(emu, TOUCHED);
    const get = await postPcEvent(emu, null, { method: 'GET', raw: '' });
    expect(get).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } });
    const deeper = await fetch(`${emu.http.getInfo()!.url}/pc/events/extra`, { method: 'POST', body: '{}' });
    expect(deeper.status).toBe(404);
    // A mini-program calling the function directly (wx.cloud.callFunction) is not the PC system.
    const direct = await invokeFunction(emu, 'pcGateway', { httpMethod: 'POST', path: '/pc/events', body: '{}' }, { OPENID: alice, APPID: 'wx-test-app' });
    expect(direct.body).toMatchObject({ statusCode: 403 });
    expect(await snapshot(emu, TOUCHED)).toEqual(state);
  });

  test('When a consultation names a customer we don\'t know, then it is parked (202) where the console shows it, a redelivery is acknowledged, and customer.upserted for that customer applies it', async () => {
    const externalId = uniqueId('K');
    const sentAt = new Date(Date.now() - 2 * MINUTE);
    const parked = await postPcEvent(emu, consultation(externalId, '我是新客户，怎么开发票？', sentAt, `pcm-${externalId}`));
    expect(parked).toMatchObject({ status: 202, body: { ok: true, parked: true, reason: 'unknown_customer', message: expect.stringContaining(externalId) } });
    const [doc] = await rawDocs(emu, COLLECTIONS.parkedEvents, { _id: parked.deliveryId });
    expect(doc).toMatchObject({ type: 'consultation.message', reason: 'unknown_customer', customerExternalId: externalId, providerExternalId: null, status: 'parked', appliedAt: null, reasonText: expect.stringContaining(externalId) });
    expect(doc.event).toMatchObject({ type: 'consultation.message', data: { customerExternalId: externalId, content: '我是新客户，怎么开发票？' } });
    expect(JSON.parse(doc.rawBody)).toEqual(doc.event);
    expect(await postPcEvent(emu, null, { raw: doc.rawBody, deliveryId: parked.deliveryId })).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await rawDocs(emu, COLLECTIONS.parkedEvents, { customerExternalId: externalId })).toHaveLength(1);

    const arrival = await postPcEvent(emu, vendorCustomer(externalId, code(), { name: '天津瑞丰医药有限公司' }));
    expect(arrival).toMatchObject({ status: 200, body: { ok: true } });
    const customer = await customerByExternalId(externalId);
    expect(customer).toMatchObject({ serviceProviderId: acme.tenant.provider._id, name: '天津瑞丰医药有限公司', status: 'active', unresolvedIssues: 0 });
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id })).toEqual([expect.objectContaining({ externalMessageId: `pcm-${externalId}`, content: '我是新客户，怎么开发票？' })]);
    expect(await rawDocs(emu, COLLECTIONS.parkedEvents, { _id: parked.deliveryId })).toEqual([expect.objectContaining({ status: 'applied', appliedBy: 'customer.upserted', appliedAt: expect.any(Date) })]);
    // Applying again (a second arrival of the customer) changes nothing.
    const state = await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.parkedEvents, COLLECTIONS.messages]);
    expect(await postPcEvent(emu, vendorCustomer(externalId, code(), { name: '天津瑞丰医药有限公司' }))).toMatchObject({ status: 200 });
    expect(await snapshot(emu, [COLLECTIONS.chatMessages, COLLECTIONS.parkedEvents, COLLECTIONS.messages])).toEqual(state);
  });

  test('When a parked consultation\'s customer arrives by admin.importCustomers, then it is applied there too', async () => {
    const externalId = uniqueId('K');
    expect((await postPcEvent(emu, consultation(externalId, '导入前的咨询'))).status).toBe(202);
    const row = { externalId, name: '导入的客户', contactPerson: '赵六', phone: '13500001111', email: 'zhao@example.com', region: '上海', softwareVersion: 'V9', portCount: 3, purchaseDate: '2025-01-01', expiryDate: '2028-01-01' };
    expect(await callAs(emu, null, 'admin', 'importCustomers', { providerId: acme.tenant.provider._id, customers: [row] })).toEqual({ ok: true, data: { inserted: 1, updated: 0 } });
    const customer = await customerByExternalId(externalId);
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id })).toEqual([expect.objectContaining({ content: '导入前的咨询' })]);
    expect(await rawDocs(emu, COLLECTIONS.parkedEvents, { customerExternalId: externalId })).toEqual([expect.objectContaining({ status: 'applied', appliedBy: 'admin.importCustomers' })]);
  });

  test('When customer.upserted names a provider code nobody has, then it is parked; admin.createProvider with that code stores the customer and the consultation parked for it', async () => {
    const providerCode = uniqueId('SPX', '-');
    const externalId = uniqueId('K');
    expect(await postPcEvent(emu, vendorCustomer(externalId, providerCode))).toMatchObject({ status: 202, body: { reason: 'unknown_provider' } });
    expect((await postPcEvent(emu, consultation(externalId, '服务商还没开通时的咨询'))).status).toBe(202);
    expect(await customerByExternalId(externalId)).toBeUndefined();

    const created = await callAs(emu, null, 'admin', 'createProvider', { name: uniqueId('新服务商'), externalId: providerCode });
    expect(created).toMatchObject({ ok: true });
    const providerId = created.ok && created.data.providerId;
    const customer = await customerByExternalId(externalId);
    expect(customer).toMatchObject({ serviceProviderId: providerId, name: `新客户${externalId}` });
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id })).toEqual([expect.objectContaining({ content: '服务商还没开通时的咨询', serviceProviderId: providerId })]);
    expect((await rawDocs(emu, COLLECTIONS.parkedEvents, {})).filter((p) => p.customerExternalId === externalId || p.providerExternalId === providerCode).map((p) => [p.type, p.status, p.appliedBy])).toEqual([
      ['customer.upserted', 'applied', 'admin.createProvider'],
      ['consultation.message', 'applied', 'admin.createProvider'],
    ]);
    // The code is the provider's now: a second provider can't claim it.
    expect(await callAs(emu, null, 'admin', 'createProvider', { name: uniqueId('别家'), externalId: providerCode })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(providerCode) } });
  });

  test('When customer.upserted carries an older version than one applied, then nothing changes (200, recorded), so a late event never undoes a newer one', async () => {
    const externalId = uniqueId('K');
    const t = Date.now();
    expect((await postPcEvent(emu, vendorCustomer(externalId, code(), { portCount: 30 }, new Date(t)))).status).toBe(200);
    const newer = await customerByExternalId(externalId);
    const late = await postPcEvent(emu, vendorCustomer(externalId, code(), { portCount: 5 }, new Date(t - MINUTE)));
    expect(late).toMatchObject({ status: 200, body: { ok: true } });
    expect(await customerByExternalId(externalId)).toEqual(newer);
    expect(await rawDocs(emu, COLLECTIONS.inboundDeliveries, { _id: late.deliveryId })).toHaveLength(1);
    expect((await postPcEvent(emu, vendorCustomer(externalId, code(), { portCount: 8 }, new Date(t + MINUTE)))).status).toBe(200);
    expect(await customerByExternalId(externalId)).toMatchObject({ portCount: 8, _id: newer._id });
  });

  test('When HQ moves an escalated ticket to processing and then resolved, then the history, status, the customer\'s open issues and the provider\'s 工单更新 follow; a replay, a ticket not ours and a refused transition change nothing', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '工单客户', unresolvedIssues: 1 });
    const ticket = await addTicket(emu, customer, { escalationStatus: 'escalated', escalatedAt: new Date(), escalationReason: '需要总部处理' });
    const update = (status: 'processing' | 'resolved', note?: string): InboundEvent => ({ type: 'ticket.updated', data: { ticketId: ticket._id, status, operatorName: '总部 李工', ...(note ? { note } : {}) }, occurredAt: new Date().toISOString() });
    const before = await signals();

    const processing = await postPcEvent(emu, update('processing', '总部已安排工程师远程排查'));
    expect(processing).toMatchObject({ status: 200, body: { ok: true } });
    let [stored] = await rawDocs(emu, COLLECTIONS.tickets, { _id: ticket._id });
    expect(stored).toMatchObject({ status: 'processing', escalationStatus: 'escalated' });
    expect(stored.processingHistory.at(-1)).toMatchObject({ action: 'hq_update', operatorId: 'hq', operatorName: '总部 李工', content: '总部已安排工程师远程排查' });
    const detail = await callAs(emu, alice, 'tickets', 'detail', { id: ticket._id });
    expect(detail.ok && detail.data.ticket.processingHistory.at(-1)).toMatchObject({ action: 'hq_update', operatorName: '总部 李工' });
    expect(await signals()).toEqual(before.map((s) => ({ ...s, tickets: s.tickets + 1, messages: s.messages + 1 })));

    const state = await snapshot(emu, TOUCHED);
    expect(await postPcEvent(emu, update('processing', '总部已安排工程师远程排查'), { deliveryId: processing.deliveryId })).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await snapshot(emu, TOUCHED)).toEqual(state);

    expect(await postPcEvent(emu, update('resolved', '已修复模板'))).toMatchObject({ status: 200 });
    [stored] = await rawDocs(emu, COLLECTIONS.tickets, { _id: ticket._id });
    expect(stored).toMatchObject({ status: 'resolved', resolvedAt: expect.any(Date) });
    expect(stored.processingHistory.at(-1)).toMatchObject({ action: 'resolve', operatorId: 'hq', operatorName: '总部 李工', content: '已修复模板' });
    expect(await customerByExternalId(customer.externalId)).toMatchObject({ unresolvedIssues: 0 });
    expect((await rawDocs(emu, COLLECTIONS.messages, { relatedTicketId: ticket._id })).map((m) => [m.type, m.title]).sort()).toEqual([
      ['ticket_update', `总部已解决工单 ${ticket.ticketNo}`],
      ['ticket_update', `总部更新了工单 ${ticket.ticketNo}`],
    ]);

    const afterResolve = await snapshot(emu, TOUCHED);
    expect(await postPcEvent(emu, update('processing'))).toMatchObject({ status: 409, body: { error: { code: 'TICKET_ALREADY_RESOLVED', ticketStatus: 'resolved' } } });
    expect(await postPcEvent(emu, { ...update('processing'), data: { ...update('processing').data, ticketId: 'tk_not_ours' } } as InboundEvent)).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_TICKET' } } });
    const plain = await addTicket(emu, customer);
    expect(await postPcEvent(emu, { ...update('processing'), data: { ...update('processing').data, ticketId: plain._id } } as InboundEvent)).toMatchObject({ status: 409, body: { error: { code: 'TICKET_NOT_ESCALATED' } } });
    const afterRefusals = await snapshot(emu, TOUCHED);
    expect({ ...afterRefusals, [COLLECTIONS.tickets]: afterRefusals[COLLECTIONS.tickets].filter((t: any) => t._id !== plain._id) }).toEqual(afterResolve);
  });

  test('When one delivery arrives five times at once, then it is applied once and the others are acknowledged as duplicates', async () => {
    const customer = acme.customers[3];
    const event = consultation(customer.externalId, '并发投递', new Date(), 'pc-burst-1');
    const deliveryId = uniqueId('dlv');
    const answers = await Promise.all(Array.from({ length: 5 }, () => postPcEvent(emu, event, { deliveryId })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate).length).toBe(4);
    expect(await rawDocs(emu, COLLECTIONS.chatMessages, { externalMessageId: 'pc-burst-1' })).toHaveLength(1);
    expect(await rawDocs(emu, COLLECTIONS.inboundDeliveries, { _id: deliveryId })).toHaveLength(1);
  });

  test('When a customer asks for a person in the PC-side simulator\'s chat, then its signed consultation.message reaches the gateway once (retries included) and the provider has it', async () => {
    const customer = acme.customers[2];
    const simulator = new PcSimulator({ secret: process.env.PD_PC_SECRET!, port: 0, gatewayUrl: gatewayUrl(emu), retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 5, timeoutMs: 5000 }, log: () => {} });
    await simulator.start();
    try {
      simulator.seed(
        {
          providers: [{ code: code(), name: acme.tenant.provider.name }],
          customers: [{ externalId: customer.externalId, providerExternalId: code(), name: customer.name, contactPerson: '王建华', phone: '13812345678', email: 'wang@example.com', region: customer.region, softwareVersion: customer.softwareVersion, portCount: customer.portCount, purchaseDate: customer.purchaseDate.toISOString(), expiryDate: customer.expiryDate.toISOString(), lastActiveTime: null, usage: null, updatedAt: new Date().toISOString() }],
        },
        'gateway test',
      );
      const said = await fetch(`${simulator.url}/api/chat/${customer.externalId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: '转人工，报表导出一直失败' }) });
      expect(said.status).toBe(200);
      await simulator.outgoing.idle();
      const [delivery] = simulator.store.state.outgoing;
      expect(delivery).toMatchObject({ type: 'consultation.message', state: 'delivered', lastStatus: 200 });
      const stored = await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id, content: '转人工，报表导出一直失败' });
      expect(stored).toHaveLength(1);
      expect(await rawDocs(emu, COLLECTIONS.inboundDeliveries, { _id: delivery.deliveryId })).toHaveLength(1);
      // The simulator tries it again (as after a lost answer): acknowledged, stored once.
      simulator.outgoing.retry(delivery.deliveryId);
      await simulator.outgoing.idle();
      expect(simulator.store.state.outgoing[0]).toMatchObject({ state: 'delivered', attempts: 2 });
      expect(await rawDocs(emu, COLLECTIONS.chatMessages, { customerId: customer._id, content: '转人工，报表导出一直失败' })).toHaveLength(1);
    } finally {
      await simulator.stop();
    }
  });

  test('When a consultation message is applied, then the function\'s work is a few database round trips (the figure printed from the invocation log)', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '计数客户' });
    const figures: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await postPcEvent(emu, consultation(customer.externalId, `第${i}条`))).status).toBe(200);
      figures.push((await lastInvocation(emu, 'pcGateway')).sequentialRoundTrips);
    }
    // The first starts the consultation (its message-centre entry: one read, one write more).
    console.info(`pcGateway consultation.message: sequential round trips per event ${figures.join(', ')} (the first starts a consultation)`);
    // Lookup with the delivery check (1), the transaction (its reads and writes, one at a time), the signals after it.
    expect(Math.max(...figures)).toBeLessThanOrEqual(12);
  });
});
