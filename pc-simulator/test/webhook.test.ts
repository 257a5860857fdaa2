/**
 * POST /webhook, where our outbox delivers (api-contract.md, "PC-system protocol": a PC system refuses a
 * bad or missing signature or a timestamp older than 300 s with 401, a body that is not a valid event with
 * 400, changing nothing; a delivery id seen before is acknowledged with 200 and not applied twice).
 */
import http from 'node:http';
import { newDeliveryId } from '@partner-desk/pc-protocol/signing';
import type { PcSimulator } from '../src/simulator';
import { chatReply, pageApi, postWebhook, startTestSimulator } from './support';

let simulator: PcSimulator;
beforeEach(async () => {
  simulator = await startTestSimulator();
});
afterEach(() => simulator.stop());

const stats = async () => (await pageApi(simulator, 'GET', '/stats')).body.webhook;
const chatOf = async (id: string) => (await pageApi(simulator, 'GET', `/chat/${id}`)).body.conversation;

const escalation = (ticketId: string, customerExternalId = 'K00100008') => ({
  type: 'chat.escalated' as const,
  data: {
    customerExternalId,
    ticketId,
    ticketNo: 'GD20261206-0001',
    reason: '授权文件导入失败，需要总部处理',
    content: '客户导入授权文件时报错 E102',
    transcript: [
      { senderType: 'customer' as const, content: '授权文件导不进去', timestamp: '2026-12-06T01:58:00.000Z' },
      { senderType: 'service_provider' as const, content: '我帮您升级给总部', timestamp: '2026-12-06T01:59:00.000Z' },
    ],
  },
  occurredAt: '2026-12-06T02:00:00.000Z',
});

describe('POST /webhook', () => {
  test('When a signed chat.reply arrives, then 200 and the reply shows in the customer chat, from the provider, and the chat is with a person now', async () => {
    const before = await chatOf('K00100001');
    expect(before).toBeNull();
    const answer = await postWebhook(simulator, chatReply('您好，已为您重置密码', 'cm_1'));
    expect(answer).toMatchObject({ status: 200, body: { ok: true } });
    const chat = await chatOf('K00100001');
    expect(chat.mode).toBe('human');
    expect(chat.entries).toEqual([expect.objectContaining({ from: 'provider', content: '您好，已为您重置密码', senderName: '张客服', providerName: '上海云帆信息技术有限公司', messageId: 'cm_1' })]);
    expect(await stats()).toMatchObject({ total: 1, distinct: 1, duplicates: 0, byType: { 'chat.reply': 1 } });
  });

  test('When the same delivery comes again (a retry), then it is acknowledged with 200 and not applied twice', async () => {
    const deliveryId = newDeliveryId();
    expect((await postWebhook(simulator, escalation('tk_1'), { deliveryId })).status).toBe(200);
    expect(await postWebhook(simulator, escalation('tk_1'), { deliveryId })).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(await postWebhook(simulator, escalation('tk_1'), { deliveryId })).toMatchObject({ status: 200, body: { duplicate: true } });
    const hq = (await pageApi(simulator, 'GET', '/hq')).body;
    expect(hq.cases).toHaveLength(1);
    expect(hq.cases[0]).toMatchObject({ ticketId: 'tk_1', ticketNo: 'GD20261206-0001', source: 'chat', status: 'escalated', customerName: '杭州云栖科技有限公司', reason: '授权文件导入失败，需要总部处理', content: '客户导入授权文件时报错 E102' });
    expect(hq.cases[0].transcript.map((t: { content: string }) => t.content)).toEqual(['授权文件导不进去', '我帮您升级给总部']);
    // One system note in the chat, not three.
    expect((await chatOf('K00100008')).entries.filter((e: { from: string }) => e.from === 'system')).toHaveLength(1);
    expect(await stats()).toMatchObject({ total: 3, distinct: 1, duplicates: 2 });
    const { deliveries } = (await pageApi(simulator, 'GET', '/deliveries')).body;
    expect(deliveries.map((d: { deliveryId: string; outcome: string }) => [d.deliveryId, d.outcome])).toEqual([
      [deliveryId, 'applied'],
      [deliveryId, 'duplicate'],
      [deliveryId, 'duplicate'],
    ]);
    // Scripts page through with `after`: the sequence number of the last one they read.
    const rest = (await pageApi(simulator, 'GET', `/deliveries?after=${deliveries[0].seq}&limit=1`)).body;
    expect([rest.deliveries.map((d: { seq: number }) => d.seq), rest.next]).toEqual([[deliveries[1].seq], deliveries[1].seq]);
  });

  test('When the signature is missing, bad or stale, then 401 with the reason and nothing changes', async () => {
    const event = chatReply('不该出现');
    const now = Math.floor(Date.now() / 1000);
    const refusals = [
      await postWebhook(simulator, event, { secret: 'not-the-secret' }),
      await postWebhook(simulator, event, { timestamp: now - 301 }),
      await postWebhook(simulator, event, { timestamp: now + 400 }),
      await postWebhook(simulator, event, { headers: { 'X-PD-Signature': 'sha256=' + '0'.repeat(64) } }),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [401, 'BAD_SIGNATURE'],
      [401, 'STALE_TIMESTAMP'],
      [401, 'STALE_TIMESTAMP'],
      [401, 'BAD_SIGNATURE'],
    ]);
    const unsigned = await fetch(simulator.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as any).error).toMatchObject({ code: 'MISSING_SIGNATURE_HEADER', message: expect.stringContaining('X-PD-Timestamp') });
    expect(await chatOf('K00100001')).toBeNull();
    expect(await stats()).toMatchObject({ total: 0, distinct: 0, unauthorized: 5 });
    // A refused delivery id is not remembered: the same id, correctly signed, is applied.
    expect((await postWebhook(simulator, event, { deliveryId: refusals[0].deliveryId })).body).toEqual({ ok: true });
  });

  test('When a signed body is not a valid event, then 400 lists what is wrong and nothing changes', async () => {
    const bad = await postWebhook(simulator, { type: 'chat.reply', data: { customerExternalId: 'K00100001', content: '' }, occurredAt: 'now' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_EVENT');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['data.messageId', 'data.content', 'data.providerId', 'data.sentAt', 'occurredAt']));
    const unknown = await postWebhook(simulator, { type: 'chat.deleted', data: {}, occurredAt: '2026-12-06T02:00:00Z' });
    expect(unknown).toMatchObject({ status: 400, body: { error: { issues: [{ path: 'type' }] } } });
    const notJson = await postWebhook(simulator, {}, { raw: '{"type":' });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    expect(await chatOf('K00100001')).toBeNull();
    expect(await stats()).toMatchObject({ total: 0, malformed: 3 });
  });

  test('When the outage switch says 500, then every delivery gets 500 and is not applied; back to normal, the retry is applied once', async () => {
    expect((await pageApi(simulator, 'PUT', '/webhook/mode', { mode: 'error500' })).body).toEqual({ mode: 'error500' });
    const deliveryId = newDeliveryId();
    const down = await postWebhook(simulator, chatReply('稍后送达', 'cm_2'), { deliveryId });
    expect(down).toMatchObject({ status: 500, body: { error: { code: 'SIMULATED_OUTAGE' } } });
    expect(await chatOf('K00100001')).toBeNull();
    await pageApi(simulator, 'PUT', '/webhook/mode', { mode: 'normal' });
    expect((await postWebhook(simulator, chatReply('稍后送达', 'cm_2'), { deliveryId })).status).toBe(200);
    expect((await chatOf('K00100001')).entries).toHaveLength(1);
    expect(await stats()).toMatchObject({ mode: 'normal', total: 1, distinct: 1, duplicates: 0, outage: 1 });
  });

  test('When the outage switch says close, then the connection is cut without an answer', async () => {
    await pageApi(simulator, 'PUT', '/webhook/mode', { mode: 'close' });
    await expect(postWebhook(simulator, chatReply('到不了'))).rejects.toThrow(/fetch failed/);
    expect(await stats()).toMatchObject({ mode: 'close', total: 0, outage: 1 });
    expect((await pageApi(simulator, 'PUT', '/webhook/mode', { mode: 'down' })).status).toBe(400);
  });

  test('When deliveries about one customer arrive out of order, then they are applied and counted as out of order; other customers are independent', async () => {
    const at = (iso: string, customer = 'K00100001') => ({ ...chatReply('x', undefined, customer), occurredAt: iso });
    await postWebhook(simulator, at('2026-12-06T02:00:02.000Z'));
    await postWebhook(simulator, at('2026-12-06T02:00:01.000Z'));
    await postWebhook(simulator, at('2026-12-06T02:00:00.000Z', 'K00100008'));
    await postWebhook(simulator, at('2026-12-06T02:00:03.000Z'));
    expect(await stats()).toMatchObject({ total: 4, distinct: 4, outOfOrder: 1 });
    const { deliveries } = (await pageApi(simulator, 'GET', '/deliveries')).body;
    expect(deliveries.map((d: { outOfOrder: boolean }) => d.outOfOrder)).toEqual([false, true, false, false]);
  });

  test('When a ticket escalated to HQ is resolved by the provider, then the case is resolved and listed among resolutions; a bounce is listed and noted in the chat', async () => {
    await postWebhook(simulator, {
      type: 'ticket.escalated',
      data: { ticketId: 'tk_9', ticketNo: 'GD20261206-0009', customerExternalId: 'K00100015', title: '报表导出失败', content: '导出 Excel 时报错', type: 'system_issue', reason: '需要研发排查', processingHistory: [{ action: 'create', operatorName: '张客服', content: '创建工单', timestamp: '2026-12-06T01:00:00.000Z' }] },
      occurredAt: '2026-12-06T01:10:00.000Z',
    });
    await postWebhook(simulator, { type: 'ticket.resolved', data: { ticketId: 'tk_9', customerExternalId: 'K00100015', resolvedAt: '2026-12-06T03:00:00.000Z', note: '已修复' }, occurredAt: '2026-12-06T03:00:00.000Z' });
    await postWebhook(simulator, { type: 'chat.bounced', data: { customerExternalId: 'K00100008', conversationId: 'cv_1', waitingSince: '2026-12-06T01:00:00.000Z', reason: '10 分钟内未回复' }, occurredAt: '2026-12-06T01:10:00.000Z' });
    const hq = (await pageApi(simulator, 'GET', '/hq')).body;
    expect(hq.cases).toEqual([expect.objectContaining({ ticketId: 'tk_9', source: 'ticket', ticketType: 'system_issue', status: 'resolved', resolvedByProvider: { at: '2026-12-06T03:00:00.000Z', note: '已修复' } })]);
    expect(hq.resolutions).toEqual([expect.objectContaining({ ticketId: 'tk_9', note: '已修复' })]);
    expect(hq.bounces).toEqual([expect.objectContaining({ customerExternalId: 'K00100008', customerName: '杭州云栖科技有限公司', reason: '10 分钟内未回复' })]);
    expect((await chatOf('K00100008')).entries.at(-1)).toMatchObject({ from: 'system', content: expect.stringContaining('转回总部') });
  });

  test('When a script resets the counters, then counts, log and dedupe memory start over; cases stay', async () => {
    const deliveryId = newDeliveryId();
    await postWebhook(simulator, escalation('tk_2'), { deliveryId });
    expect((await pageApi(simulator, 'POST', '/stats/reset', {})).body.webhook).toMatchObject({ total: 0, distinct: 0, duplicates: 0 });
    expect((await pageApi(simulator, 'GET', '/log')).body.entries).toEqual([]);
    expect((await postWebhook(simulator, escalation('tk_2'), { deliveryId })).body).toEqual({ ok: true });
    expect((await pageApi(simulator, 'GET', '/hq')).body.cases).toHaveLength(1);
  });
});

describe('the door', () => {
  test('When a request names another host (DNS rebinding) or comes from another origin, then 403; page writes must be JSON (415)', async () => {
    const port = simulator.port;
    const raw = (headers: Record<string, string>, method = 'GET', path = '/api/stats', body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await raw({ host: `evil.example:${port}` })).toBe(403);
    expect(await raw({ host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await raw({ host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).toBe(200);
    expect(await raw({ host: `localhost:${port}`, 'content-type': 'text/plain' }, 'PUT', '/api/webhook/mode', '{"mode":"close"}')).toBe(415);
    expect((await pageApi(simulator, 'GET', '/stats')).body.webhook.mode).toBe('normal');
    expect((await fetch(simulator.webhookUrl)).status).toBe(405);
    const huge = await fetch(simulator.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    expect((await pageApi(simulator, 'GET', '/nothing')).status).toBe(404);
  });
});
