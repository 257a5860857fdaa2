/**
 * What the simulator sends to our gateway, checked by a stub gateway with the protocol package's own
 * verifyRequest: the customer chat's hand-off (consultation.message), HQ's ticket steps (ticket.updated),
 * a pushed customer (customer.upserted); retries under one delivery id with the same body (the contract:
 * "X-PD-Delivery … the same on every retry"), order kept per customer, and state kept across a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OutgoingDelivery } from '../src/state';
import type { PcSimulator } from '../src/simulator';
import { eventually, pageApi, postWebhook, StubGateway, startTestSimulator, tempDir } from './support';

let gateway: StubGateway;
let simulator: PcSimulator;
beforeEach(async () => {
  gateway = await new StubGateway().start();
  simulator = await startTestSimulator({ gatewayUrl: gateway.url });
});
afterEach(async () => {
  await simulator.stop();
  await gateway.stop();
});

const say = (customer: string, content: string) => pageApi(simulator, 'POST', `/chat/${customer}/messages`, { content });
const deliveries = async (customer?: string): Promise<OutgoingDelivery[]> => (await pageApi(simulator, 'GET', `/outgoing${customer ? `?customer=${customer}` : ''}`)).body.deliveries;

describe('the customer chat', () => {
  test('When the customer asks an FAQ, then the bot answers and nothing goes to the gateway', async () => {
    const answer = await say('K00100001', '忘记密码了怎么办？');
    expect(answer.status).toBe(200);
    expect(answer.body.conversation).toMatchObject({ mode: 'bot', entries: [{ from: 'customer', content: '忘记密码了怎么办？' }, { from: 'bot', content: expect.stringContaining('忘记密码') }] });
    await simulator.outgoing.idle();
    expect(gateway.requests).toEqual([]);
  });

  test('When the bot cannot answer, then the customer is handed off: a signed consultation.message reaches the gateway, valid, and the message shows as delivered', async () => {
    const answer = await say('K00100008', '打印模板在新版本里错位了');
    const [question, bot] = answer.body.conversation.entries;
    expect(answer.body.conversation.mode).toBe('human');
    expect(bot).toMatchObject({ from: 'bot', content: expect.stringContaining('上海云帆信息技术有限公司') });
    await gateway.waitForRequests(1);
    const [request] = gateway.requests;
    expect(request.verification).toMatchObject({ ok: true, deliveryId: question.deliveryId });
    expect(request.headers['content-type']).toBe('application/json');
    expect(gateway.events[0].event).toEqual({
      type: 'consultation.message',
      data: { customerExternalId: 'K00100008', externalMessageId: question.id, customerName: '杭州云栖科技有限公司', content: '打印模板在新版本里错位了', sentAt: question.at },
      occurredAt: expect.any(String),
    });
    await eventually(async () => expect((await deliveries('K00100008'))[0]).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 200 }));
    // From now on every message of the customer goes to the provider, FAQ or not.
    await say('K00100008', '怎么开发票？');
    await gateway.waitForRequests(2);
    expect(gateway.events.map((e) => e.event.type === 'consultation.message' && e.event.data.content)).toEqual(['打印模板在新版本里错位了', '怎么开发票？']);
  });

  test('When the customer asks for a person after an FAQ answer, then the question the bot answered is what the provider gets', async () => {
    await say('K00100001', '端口不够用，想扩容');
    const answer = await say('K00100001', '转人工');
    await gateway.waitForRequests(1);
    expect(answer.body.conversation.mode).toBe('human');
    expect(gateway.events.map((e) => e.event.type === 'consultation.message' && e.event.data.content)).toEqual(['端口不够用，想扩容']);
    // 「转人工」 with nothing asked yet carries the request itself.
    await pageApi(simulator, 'POST', '/chat/K00100015/handoff', {});
    await gateway.waitForRequests(2);
    expect(gateway.events[1].event).toMatchObject({ data: { customerExternalId: 'K00100015', content: '（客户请求人工服务）' } });
    expect((await pageApi(simulator, 'POST', '/chat/K00100015/handoff', {})).status).toBe(400);
    expect((await pageApi(simulator, 'POST', '/chat/K00100015/end', {})).body.conversation.mode).toBe('bot');
  });

  test('When a provider reply arrives for a handed-off customer, then the chat shows the question and the answer in order', async () => {
    await say('K00100008', '系统登录很慢');
    await gateway.waitForRequests(1);
    await postWebhook(simulator, {
      type: 'chat.reply',
      data: { customerExternalId: 'K00100008', messageId: 'cm_9', content: '我们马上远程查看', providerId: 'sp_s1_01', providerName: '上海云帆信息技术有限公司', senderName: '张客服', sentAt: new Date().toISOString() },
      occurredAt: new Date().toISOString(),
    });
    const chat = await eventually(async () => {
      const body = (await pageApi(simulator, 'GET', '/chat/K00100008')).body;
      expect(body.deliveries).toEqual([expect.objectContaining({ state: 'delivered' })]);
      return body;
    });
    expect(chat.conversation.entries.map((e: { from: string; content: string }) => `${e.from}:${e.content.slice(0, 6)}`)).toEqual(['customer:系统登录很慢', 'bot:已为您转接专', 'provider:我们马上远程']);
  });

  test('When the content is empty or the customer unknown, then 400 / 404 and nothing is sent', async () => {
    expect((await say('K00100001', '   ')).status).toBe(400);
    expect((await say('K404', '你好')).status).toBe(404);
    await simulator.outgoing.idle();
    expect(gateway.requests).toEqual([]);
  });
});

describe('delivery to the gateway', () => {
  test('When the gateway answers 500 and 503, then the delivery is retried with the same id and the same body until it is taken', async () => {
    gateway.answers = [500, 503];
    await say('K00100008', '报表打不开');
    await gateway.waitForRequests(3);
    const [first, second, third] = gateway.requests;
    expect([first.answered, second.answered, third.answered]).toEqual([500, 503, 200]);
    expect(new Set(gateway.requests.map((r) => r.deliveryId)).size).toBe(1);
    expect(new Set(gateway.requests.map((r) => r.raw)).size).toBe(1);
    expect(gateway.requests.every((r) => r.verification.ok)).toBe(true);
    await eventually(async () => expect((await deliveries())[0]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, lastError: null }));
  });

  test('When the gateway answers 400, then the delivery is rejected with the issues and not retried', async () => {
    gateway.answers = [400];
    await say('K00100008', '报表打不开');
    await eventually(async () => expect((await deliveries())[0]).toMatchObject({ state: 'rejected', attempts: 1, lastStatus: 400, issues: [{ path: 'data.content', message: 'Too small' }] }));
    await simulator.outgoing.idle();
    expect(gateway.requests).toHaveLength(1);
  });

  test('When the gateway cannot be reached, then the delivery is retried and given up after the last try; 「重试」 sends it again under the same id', async () => {
    await gateway.stop();
    await say('K00100008', '还在吗');
    await eventually(async () => expect((await deliveries())[0]).toMatchObject({ state: 'failed', attempts: 5, lastStatus: null, lastError: expect.stringContaining('连接失败') }));
    gateway = await new StubGateway().start();
    simulator.setGateway(gateway.url);
    const [failed] = await deliveries();
    expect((await pageApi(simulator, 'POST', `/outgoing/${failed.deliveryId}/retry`, {})).status).toBe(200);
    await gateway.waitForRequests(1);
    expect(gateway.requests[0].verification).toMatchObject({ ok: true, deliveryId: failed.deliveryId });
    expect(gateway.requests[0].raw).toBe(failed.body);
  });

  test('When a customer writes twice while the gateway is failing, then the second message waits for the first: they arrive in order; another customer does not wait', async () => {
    gateway.answers = [500, 500, 500];
    await say('K00100008', '第一条');
    await say('K00100008', '第二条');
    await say('K00100015', '别的客户');
    await eventually(() => expect(gateway.events).toHaveLength(3));
    const contents = gateway.events.map((e) => e.event.type === 'consultation.message' && e.event.data.content);
    expect(contents.indexOf('第一条')).toBeLessThan(contents.indexOf('第二条'));
    // The second message was never sent before the first was taken.
    const tries = gateway.requests.map((r) => JSON.parse(r.raw).data.content);
    expect(tries.indexOf('第二条')).toBeGreaterThan(tries.lastIndexOf('第一条'));
  });
});

describe('the HQ desk and the existing system push', () => {
  const escalate = (ticketId: string) =>
    postWebhook(simulator, {
      type: 'ticket.escalated',
      data: { ticketId, ticketNo: 'GD20261206-0003', customerExternalId: 'K00100001', title: '授权无法导入', content: '报错 E102', type: 'system_issue', reason: '需要总部', processingHistory: [] },
      occurredAt: new Date().toISOString(),
    });

  test('When HQ moves an escalated ticket to processing and then resolved with notes, then two signed ticket.updated events reach the gateway in order', async () => {
    await escalate('tk_7');
    const processing = await pageApi(simulator, 'POST', '/hq/tickets/tk_7/status', { status: 'processing', note: '已安排工程师', operatorName: '总部 李工' });
    expect(processing.body.case).toMatchObject({ status: 'processing' });
    const resolved = await pageApi(simulator, 'POST', '/hq/tickets/tk_7/status', { status: 'resolved', note: '授权已重新签发', operatorName: '总部 李工' });
    expect(resolved.body.case.updates.map((u: { status: string }) => u.status)).toEqual(['processing', 'resolved']);
    await gateway.waitForRequests(2);
    expect(gateway.events.map((e) => e.event)).toEqual([
      { type: 'ticket.updated', data: { ticketId: 'tk_7', status: 'processing', note: '已安排工程师', operatorName: '总部 李工' }, occurredAt: expect.any(String) },
      { type: 'ticket.updated', data: { ticketId: 'tk_7', status: 'resolved', note: '授权已重新签发', operatorName: '总部 李工' }, occurredAt: expect.any(String) },
    ]);
  });

  test('When HQ acts on a ticket it does not have, a resolved one, or without an operator, then 404 / 409 / 400 and nothing is sent', async () => {
    expect((await pageApi(simulator, 'POST', '/hq/tickets/tk_x/status', { status: 'processing', operatorName: '李工' })).status).toBe(404);
    await escalate('tk_8');
    expect((await pageApi(simulator, 'POST', '/hq/tickets/tk_8/status', { status: 'processing', operatorName: '' })).body.error.issues).toEqual([{ path: 'operatorName', message: expect.any(String) }]);
    expect((await pageApi(simulator, 'POST', '/hq/tickets/tk_8/status', { status: 'resolved', operatorName: '李工' })).status).toBe(200);
    expect((await pageApi(simulator, 'POST', '/hq/tickets/tk_8/status', { status: 'processing', operatorName: '李工' })).body.error).toMatchObject({ code: 'CONFLICT' });
    await gateway.waitForRequests(1);
    await simulator.outgoing.idle();
    expect(gateway.events.map((e) => e.event.type === 'ticket.updated' && e.event.data.status)).toEqual(['resolved']);
  });

  test('When a customer is pushed, then a customer.upserted with the existing system fields reaches the gateway', async () => {
    await pageApi(simulator, 'POST', '/customers/K00100015/push', {});
    await gateway.waitForRequests(1);
    expect(gateway.events[0].event).toEqual({
      type: 'customer.upserted',
      data: {
        externalId: 'K00100015',
        providerExternalId: 'SP02',
        name: '北京康宁商贸有限公司',
        contactPerson: '李强',
        phone: '010-88886666',
        email: 'liqiang@example.net',
        region: '北京市',
        softwareVersion: 'V9.0 专业版',
        portCount: 100,
        purchaseDate: '2024-06-01T01:00:00.000Z',
        expiryDate: '2026-06-01T15:59:59.000Z',
      },
      occurredAt: expect.any(String),
    });
  });
});

describe('state kept in the data folder', () => {
  test('When the simulator restarts on its data file, then data, chats, cases and the dedupe memory are still there, and an unfinished delivery goes out under its id', async () => {
    const dir = tempDir('restart');
    const file = path.join(dir, 'pc-simulator.json');
    try {
      await simulator.stop();
      await gateway.stop();
      simulator = await startTestSimulator({ dataFile: file, gatewayUrl: gateway.url });
      await pageApi(simulator, 'PUT', '/customers/K00100008', { portCount: 42 });
      const seen = await postWebhook(simulator, { type: 'chat.bounced', data: { customerExternalId: 'K00100008', conversationId: 'cv_1', waitingSince: '2026-12-06T01:00:00.000Z', reason: '超时' }, occurredAt: '2026-12-06T01:10:00.000Z' });
      await say('K00100008', '网关还没起来'); // the gateway is stopped: the delivery keeps retrying
      await eventually(async () => expect((await deliveries())[0].attempts).toBeGreaterThan(0));
      await simulator.stop();
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).customers.find((c: { externalId: string }) => c.externalId === 'K00100008').portCount).toBe(42);

      gateway = await new StubGateway().start();
      simulator = await startTestSimulator({ dataFile: file, gatewayUrl: gateway.url, seed: null });
      expect(simulator.needsSeed).toBe(false);
      expect((await pageApi(simulator, 'GET', '/customers/K00100008')).body.customer.portCount).toBe(42);
      expect((await pageApi(simulator, 'GET', '/hq')).body.bounces).toHaveLength(1);
      expect((await postWebhook(simulator, { type: 'chat.bounced', data: {}, occurredAt: '' }, { deliveryId: seen.deliveryId, raw: JSON.stringify({ type: 'chat.bounced', data: { customerExternalId: 'K00100008', conversationId: 'cv_1', waitingSince: '2026-12-06T01:00:00.000Z', reason: '超时' }, occurredAt: '2026-12-06T01:10:00.000Z' }) })).body).toEqual({ ok: true, duplicate: true });
      await gateway.waitForRequests(1);
      const [pending] = (await pageApi(simulator, 'GET', '/chat/K00100008')).body.conversation.entries.filter((e: { from: string }) => e.from === 'customer');
      expect(gateway.requests[0].verification).toMatchObject({ ok: true, deliveryId: pending.deliveryId });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
