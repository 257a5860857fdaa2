/**
 * The `outbox` timer through the emulator, delivering to the PC-side simulator's webhook (the reference
 * receiver: it verifies signatures, dedupes delivery ids and counts out-of-order events per customer):
 * delivery and order, the reply's delivery state, backoff timing with the base delay at 0.2 s, 500s and
 * refused connections, a 400 as a dead letter at once, dead-lettering after the 24 h window (the window's
 * start moved back in the database: the clock the run reads is the real one), replay from the admin
 * function, leases under concurrent runs and after a crash.
 * api-contract.md "PC-system protocol"; docs/pc-protocol.md "Retries, duplicates and order".
 */
import { COLLECTIONS, type CustomerDoc } from '@partner-desk/database';
import { outboundEventSchema } from '@partner-desk/pc-protocol';
import { signRequest } from '@partner-desk/pc-protocol/signing';
import { addCustomer, callAs, fireTimer, rawDocs, seedDesk, startWithPcReceiver, TINY_PNG, uploadImage, warmUp, type Desk, type PcReceiver } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox timer', () => {
  let emu: RunningEmulators;
  let pc: PcReceiver;
  let acme: Desk;
  let other: Desk;
  let alice: string;
  let eve: string;

  beforeAll(async () => {
    ({ emu, pc } = await startWithPcReceiver({ baseDelaySeconds: 0.2 }));
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin' }, 0);
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' }, 0);
    alice = acme.openIds['acme-alice'];
    eve = other.openIds['other-eve'];
    await warmUp(emu, 'chat', alice);
  }, 60_000);
  afterAll(() => emu?.stop());
  beforeEach(async () => {
    await pc.setMode('normal');
  });

  const customer = (name: string) => addCustomer(emu, acme.tenant, { name });
  async function reply(c: CustomerDoc, content: string, as = alice): Promise<string> {
    const r = await callAs(emu, as, 'chat', 'send', { customerId: c._id, content });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data.messageId;
  }
  const itemsOf = async (c: CustomerDoc) => (await rawDocs(emu, COLLECTIONS.outbox, { customerId: c._id })).sort((a, b) => a.seq - b.seq);
  const streamOf = async (c: CustomerDoc) => (await rawDocs(emu, COLLECTIONS.outboxStreams, { customerId: c._id }))[0];
  const syncStatusOf = async (messageId: string) => (await rawDocs(emu, COLLECTIONS.chatMessages, { _id: messageId }))[0].syncStatus;
  const receivedFor = async (c: CustomerDoc) => (await pc.deliveries()).filter((d) => d.customerExternalId === c.externalId);
  const runOutbox = async () => (await fireTimer(emu, 'outbox')).data;

  test('When replies and a ticket escalation are queued and the timer fires, then each is delivered once, signed, in stream order, and the replies show 已同步', async () => {
    const [one, two] = [await customer('投递客户一'), await customer('投递客户二')];
    const ids = [await reply(one, '第一条'), await reply(two, '另一位客户'), await reply(one, '第二条'), await reply(one, '第三条')];
    const created = await callAs(emu, alice, 'tickets', 'create', { customerId: one._id, title: '导出失败', content: '月结报表导出失败', type: 'system_issue' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(await callAs(emu, alice, 'tickets', 'escalate', { id: created.data.ticketId, reason: '需总部排查' })).toEqual({ ok: true, data: {} });
    expect(await Promise.all(ids.map(syncStatusOf))).toEqual(['pending', 'pending', 'pending', 'pending']);

    const report = await runOutbox();
    expect(report).toMatchObject({ delivered: 5, retried: 0, deadLettered: 0, claimedStreams: 2, unfinishedStreams: 0 });

    const items = await itemsOf(one);
    expect(items.map((i) => [i.seq, i.type, i.status, i.attempts])).toEqual([
      [0, 'chat.reply', 'delivered', 1],
      [1, 'chat.reply', 'delivered', 1],
      [2, 'chat.reply', 'delivered', 1],
      [3, 'ticket.escalated', 'delivered', 1],
    ]);
    // What arrived, in arrival order: customer one's four in seq order, under each item's own delivery id.
    const got = await receivedFor(one);
    expect(got.map((d) => [d.deliveryId, d.type, d.outcome, d.outOfOrder])).toEqual(items.map((i) => [i.deliveryId, i.type, 'applied', false]));
    expect((await receivedFor(two)).map((d) => d.deliveryId)).toEqual((await itemsOf(two)).map((i) => i.deliveryId));
    // The simulator applied them: the replies are in the customer's chat on the PC side, the escalation on HQ's desk.
    const conversation = pc.simulator.store.state.conversations[one.externalId];
    expect(conversation.entries.filter((e) => e.from === 'provider').map((e) => e.content)).toEqual(['第一条', '第二条', '第三条']);
    const hq = await fetch(`${pc.simulator.url}/api/hq`).then((r) => r.json() as Promise<{ cases: { ticketId: string; processingHistory: unknown[] }[] }>);
    expect(hq.cases.find((c) => c.ticketId === created.data.ticketId)?.processingHistory).toHaveLength(2);

    expect(await Promise.all(ids.map(syncStatusOf))).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    const opened = await callAs(emu, alice, 'chat', 'messages', { customerId: one._id, pageSize: 5 });
    expect(opened.ok && opened.data.messages.map((m: any) => m.syncStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    // Everything done: the streams are idle, nobody holds them.
    expect(await streamOf(one)).toMatchObject({ nextSeq: 4, doneSeq: 4, dueAt: null, leaseId: null, leaseUntil: null });

    // A second run finds nothing due and sends nothing.
    const stats = await pc.stats();
    expect(await runOutbox()).toMatchObject({ dueStreams: 0, delivered: 0 });
    expect((await pc.stats()).webhook.total).toBe(stats.webhook.total);
    expect(stats.webhook).toMatchObject({ duplicates: 0, unauthorized: 0, malformed: 0, outOfOrder: 0 });
  });

  test('When a reply’s delivery state changes, then the provider’s users are told to look again (their chat signal moves); a retry that changes nothing is quiet', async () => {
    const chatSignal = async () => (await emu.database.find(COLLECTIONS.userSignals, { _id: `wx:${alice}` }))[0].chat as number;
    const c = await customer('信号客户');
    const id = await reply(c, '等投递的回复');
    await pc.setMode('error500');
    const before = await chatSignal();
    await runOutbox();
    // Tried once and failed: still 待同步, nothing for the app to fetch.
    expect([await syncStatusOf(id), await chatSignal()]).toEqual(['pending', before]);

    await pc.setMode('normal');
    const [head] = await itemsOf(c);
    await sleep(head.nextAttemptAt.getTime() - Date.now() + 20);
    await runOutbox();
    // 已同步: the signal moved once, so an open chat refetches and shows it.
    expect([await syncStatusOf(id), await chatSignal()]).toEqual(['delivered', before + 1]);
  });

  test('When the webhook answers 500, then the stream’s head is retried after 0.2 s, 0.4 s, 0.8 s (+≤20 %), the items behind it wait, the reply shows 同步失败 from the third failure, and all go once the PC side is back', async () => {
    const c = await customer('故障客户');
    const [first, second] = [await reply(c, '故障中的第一条'), await reply(c, '故障中的第二条')];
    await pc.setMode('error500');
    const outageBefore = (await pc.stats()).webhook.outage;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await runOutbox();
      const [head, behind] = await itemsOf(c);
      expect([head.status, head.attempts, head.lastStatus, behind.attempts]).toEqual(['pending', attempt, 500, 0]);
      expect(head.lastError).toMatch(/^HTTP 500/);
      delays.push(head.nextAttemptAt.getTime() - head.lastAttemptAt.getTime());
      // The stream waits for the head's next try: a run before then sends nothing.
      expect((await streamOf(c)).dueAt).toEqual(head.nextAttemptAt);
      const tries = (await pc.stats()).webhook.outage;
      await runOutbox();
      expect((await pc.stats()).webhook.outage).toBe(tries);
      expect(await syncStatusOf(first)).toBe(attempt >= 3 ? 'failed' : 'pending');
      await sleep(head.nextAttemptAt.getTime() - Date.now() + 20);
    }
    // Only the head was ever tried: three tries, all refused with 500.
    expect((await pc.stats()).webhook.outage - outageBefore).toBe(3);
    [200, 400, 800].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base);
      expect(delays[i]).toBeLessThan(base * 1.2);
    });
    expect(await syncStatusOf(second)).toBe('pending');

    await pc.setMode('normal');
    expect(await runOutbox()).toMatchObject({ delivered: 2 });
    expect((await itemsOf(c)).map((i) => [i.status, i.attempts])).toEqual([
      ['delivered', 4],
      ['delivered', 1],
    ]);
    expect([await syncStatusOf(first), await syncStatusOf(second)]).toEqual(['delivered', 'delivered']);
    expect((await receivedFor(c)).map((d) => d.outcome)).toEqual(['applied', 'applied']);
  });

  test('When the PC side refuses connections, then the try fails with no status and is retried later', async () => {
    const c = await customer('断连客户');
    await reply(c, '断连中');
    await pc.setMode('close');
    await runOutbox();
    const [item] = await itemsOf(c);
    expect([item.status, item.attempts, item.lastStatus]).toEqual(['pending', 1, null]);
    expect(item.lastError).toMatch(/连接失败|no answer/);
    await pc.setMode('normal');
    await sleep(item.nextAttemptAt.getTime() - Date.now() + 20);
    await runOutbox();
    expect((await itemsOf(c))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  test('When the PC side answers 400 (the body is not a valid event), then the item is a dead letter at once and the items behind it go on', async () => {
    const c = await customer('拒收客户');
    await reply(c, '会被拒收');
    const next = await reply(c, '之后的一条');
    const [bad] = await itemsOf(c);
    // A body the receiver's schema refuses (as a receiver of another version might): the same bytes would be refused again.
    await emu.database.update(COLLECTIONS.outbox, { _id: bad._id }, { $set: { 'event.data.content': '' } }, { multi: false, upsert: false, merge: true });
    await runOutbox();
    const [dead, after] = await itemsOf(c);
    expect([dead.status, dead.attempts, dead.lastStatus]).toEqual(['dead', 1, 400]);
    expect(dead.lastError).toMatch(/^HTTP 400: .*data\.content/);
    expect(after.status).toBe('delivered');
    expect(await syncStatusOf(next)).toBe('delivered');
    expect(await syncStatusOf(bad.relatedId)).toBe('failed');
    expect(await rawDocs(emu, COLLECTIONS.deadLetters, { _id: bad._id })).toEqual([
      expect.objectContaining({ status: 'dead', type: 'chat.reply', customerId: c._id, deliveryId: bad.deliveryId, attempts: 1, lastStatus: 400, replayedAt: null }),
    ]);
  });

  test('When an item fails after its 24 h window, then it is dead-lettered; HQ lists it and replays it, and it is delivered under the same delivery id at the end of its stream', async () => {
    const c = await customer('死信客户');
    const late = await reply(c, '迟迟未送达');
    const [item] = await itemsOf(c);
    // The item was queued 24 h and a second ago (the window's start moved back): its next failure is its last.
    await emu.database.update(COLLECTIONS.outbox, { _id: item._id }, { $set: { windowStartedAt: new Date(Date.now() - 86_401_000), attempts: 29 } }, { multi: false, upsert: false, merge: true });
    await pc.setMode('error500');
    const report = await runOutbox();
    expect(report.deadLettered).toBe(1);
    const [dead] = await itemsOf(c);
    expect([dead.status, dead.attempts, dead.deadAt instanceof Date]).toEqual(['dead', 30, true]);
    expect(await syncStatusOf(late)).toBe('failed');
    expect(await streamOf(c)).toMatchObject({ doneSeq: 1, nextSeq: 1, dueAt: null });

    const listed = await callAs(emu, null, 'admin', 'deadLetters', { providerId: acme.tenant.provider._id });
    expect(listed.ok && listed.data.deadLetters.find((d: any) => d.id === item._id)).toEqual({
      id: item._id,
      providerId: acme.tenant.provider._id,
      customerId: c._id,
      type: 'chat.reply',
      deliveryId: item.deliveryId,
      relatedId: late,
      status: 'dead',
      attempts: 30,
      lastStatus: 500,
      lastError: expect.stringMatching(/^HTTP 500/),
      createdAt: item.createdAt.toISOString(),
      deadAt: dead.deadAt.toISOString(),
      replayedAt: null,
    });
    // Only the console replays: a signed-in user is refused, and so is a payload that names nothing.
    expect(await callAs(emu, alice, 'admin', 'replayDeadLetters', { ids: [item._id] })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await callAs(emu, null, 'admin', 'replayDeadLetters', {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await callAs(emu, null, 'admin', 'replayDeadLetters', { ids: [item._id], all: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    // Meanwhile the customer got another reply; the replay goes after it.
    await pc.setMode('normal');
    const newer = await reply(c, '后来的一条');
    expect(await callAs(emu, null, 'admin', 'replayDeadLetters', { ids: [item._id, 'ob_missing'] })).toEqual({ ok: true, data: { replayed: [item._id], skipped: [{ id: 'ob_missing', reason: '死信不存在' }], remaining: 0 } });
    const replayed = (await itemsOf(c)).find((i) => i._id === item._id)!;
    expect(replayed).toMatchObject({ status: 'pending', seq: 2, attempts: 0, replays: 1, deadAt: null, deliveryId: item.deliveryId });
    expect(replayed.windowStartedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await syncStatusOf(late)).toBe('pending');
    expect(await callAs(emu, null, 'admin', 'replayDeadLetters', { ids: [item._id] })).toEqual({ ok: true, data: { replayed: [], skipped: [{ id: item._id, reason: '已重放' }], remaining: 0 } });

    await runOutbox();
    const got = await receivedFor(c);
    expect((await itemsOf(c)).map((i) => [i.seq, i.relatedId])).toEqual([[1, newer], [2, late]]);
    expect(got.map((d) => d.deliveryId)).toEqual([(await itemsOf(c))[0].deliveryId, item.deliveryId]);
    // The replayed event happened before the newer one: the receiver sees it late and says so (its occurredAt is kept).
    expect(got.map((d) => d.outOfOrder)).toEqual([false, true]);
    expect([await syncStatusOf(late), await syncStatusOf(newer)]).toEqual(['delivered', 'delivered']);
    expect((await rawDocs(emu, COLLECTIONS.deadLetters, { _id: item._id }))[0]).toMatchObject({ status: 'replayed', replayedAt: expect.any(Date) });
    expect(await rawDocs(emu, COLLECTIONS.auditLog, { action: 'admin.replayDeadLetters', targetId: item._id })).toHaveLength(1);
  });

  test('When four timer runs fire at once over many streams, then every item is sent exactly once, in order per customer', async () => {
    const customers = await Promise.all(Array.from({ length: 6 }, (_, i) => customer(`并发客户${i}`)));
    for (let round = 0; round < 5; round++) for (const c of customers) await reply(c, `第${round + 1}轮`);
    await pc.reset();
    const reports = await Promise.all([0, 1, 2, 3].map(() => runOutbox()));
    // However the runs shared the streams, each was worked by one of them at a time.
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(30);
    const stats = await pc.stats();
    expect(stats.webhook).toMatchObject({ total: 30, distinct: 30, duplicates: 0, outOfOrder: 0 });
    for (const c of customers) expect((await receivedFor(c)).map((d) => d.deliveryId)).toEqual((await itemsOf(c)).map((i) => i.deliveryId));
  });

  test('When a run died after sending but before recording, then its lease keeps others off until it expires, and the item is sent again under the same delivery id, which the receiver acknowledges once', async () => {
    const c = await customer('崩溃客户');
    await reply(c, '发送后崩溃');
    const [item] = await itemsOf(c);
    // The dead run: it sent the item (signed, as the outbox signs) and held the stream's lease, then vanished.
    const body = JSON.stringify(item.event);
    const sent = await fetch(pc.simulator.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(process.env.PD_PC_SECRET!, body, { deliveryId: item.deliveryId }) }, body });
    expect(sent.status).toBe(200);
    const stream = await streamOf(c);
    await emu.database.update(COLLECTIONS.outboxStreams, { _id: stream._id }, { $set: { leaseId: 'run_dead:os', leaseUntil: new Date(Date.now() + 60_000) } }, { multi: false, upsert: false, merge: true });

    expect(await runOutbox()).toMatchObject({ leasedStreams: 1, delivered: 0 });
    expect((await itemsOf(c))[0].status).toBe('pending');

    await emu.database.update(COLLECTIONS.outboxStreams, { _id: stream._id }, { $set: { leaseUntil: new Date(Date.now() - 1000) } }, { multi: false, upsert: false, merge: true });
    expect(await runOutbox()).toMatchObject({ delivered: 1 });
    expect((await itemsOf(c))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await receivedFor(c)).map((d) => [d.deliveryId, d.outcome])).toEqual([
      [item.deliveryId, 'applied'],
      [item.deliveryId, 'duplicate'],
    ]);
  });

  test('When a customer moves to another provider with an event still queued, then its one stream keeps the order: the earlier provider’s event first, each recorded in its own provider’s scope', async () => {
    const c = await customer('转移客户');
    await pc.setMode('error500');
    const before = await reply(c, '原服务商的回复');
    await runOutbox();
    // The vendor moves the customer to another provider (as customer.upserted or the sync does: same customer, new owner).
    await emu.database.update(COLLECTIONS.customers, { _id: c._id }, { $set: { serviceProviderId: other.tenant.provider._id, serviceProviderName: other.tenant.provider.name } }, { multi: false, upsert: false, merge: true });
    const after = await reply(c, '新服务商的回复', eve);
    const items = await itemsOf(c);
    expect(items.map((i) => [i.seq, i.serviceProviderId, i.status])).toEqual([
      [0, acme.tenant.provider._id, 'pending'],
      [1, other.tenant.provider._id, 'pending'],
    ]);
    await pc.setMode('normal');
    await sleep(items[0].nextAttemptAt.getTime() - Date.now() + 20);
    expect(await runOutbox()).toMatchObject({ delivered: 2 });
    expect((await receivedFor(c)).map((d) => d.deliveryId)).toEqual(items.map((i) => i.deliveryId));
    expect([await syncStatusOf(before), await syncStatusOf(after)]).toEqual(['delivered', 'delivered']);
    expect(items[1].event.data).toMatchObject({ providerId: other.tenant.provider._id, providerName: other.tenant.provider.name });
  });

  test('When a reply carries images, then each try hands the PC side temporary URLs it can fetch, valid for a day', async () => {
    const c = await customer('图片客户');
    const fileID = await uploadImage(emu, { openid: alice }, acme.tenant.users['acme-alice']._id);
    const sent = await callAs(emu, alice, 'chat', 'send', { customerId: c._id, content: '', images: [fileID] });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    await runOutbox();
    const log = (await fetch(`${pc.simulator.url}/api/log?limit=50`).then((r) => r.json())) as { entries: { body: string }[] };
    const [entry] = log.entries.filter((e) => e.body.includes(sent.data.messageId));
    const event = outboundEventSchema.parse(JSON.parse(entry.body));
    expect(event.type).toBe('chat.reply');
    const data = event.data as { content: string; images?: { url: string; expiresAt: string }[] };
    expect(data.content).toBe('[图片]');
    expect(data.images).toHaveLength(1);
    expect(Date.parse(data.images![0].expiresAt) - Date.now()).toBeGreaterThan(86_000_000);
    const image = await fetch(data.images![0].url);
    expect([image.status, Buffer.from(await image.arrayBuffer()).equals(TINY_PNG)]).toEqual([200, true]);
  });
});
