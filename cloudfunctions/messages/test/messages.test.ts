import { COLLECTIONS, type MessageDoc } from '@partner-desk/database';
import { type MessageType } from '@partner-desk/contract';
import { startProductEmulators, callAs, worstRoundTrips, HUGE, lastInvocationOperations, rawDocs, seedDesk, snapshot, type Desk, uniqueId } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

const M = COLLECTIONS.messages;

describe('messages function', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let other: Desk;
  let alice: string;
  let bob: string;
  let eve: string;
  const base = Date.parse('2026-12-01T00:00:00Z');
  let seq = 0;

  async function seedMessage(desk: Desk, type: MessageType, overrides: Partial<MessageDoc> = {}): Promise<MessageDoc> {
    const n = seq++;
    const doc: MessageDoc = {
      _id: uniqueId('m'),
      serviceProviderId: desk.tenant.provider._id,
      type,
      title: `消息${n}`,
      content: `内容${n}`,
      relatedCustomerId: desk.customers[0]._id,
      relatedCustomerName: desk.customers[0].name,
      relatedTicketId: null,
      readStatus: 'unread',
      readAt: null,
      dedupeKey: uniqueId(`test:${n}`, ':'),
      createdAt: new Date(base + n * 60_000),
      ...overrides,
    };
    await emu.database.insert(M, [doc]);
    return doc;
  }
  const stored = async (id: string) => (await rawDocs(emu, M, { _id: id }))[0];
  const signalsOf = async (desk: Desk) => (await rawDocs(emu, COLLECTIONS.userSignals, { serviceProviderId: desk.tenant.provider._id })).map((s) => s.messages);

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent' }, 1);
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' }, 1);
    alice = acme.openIds['acme-alice'];
    bob = acme.openIds['acme-bob'];
    eve = other.openIds['other-eve'];
  }, 60_000);
  afterAll(() => emu?.stop());

  test('When the list is asked, then the caller’s messages come newest first with ≤60-character summaries', async () => {
    const long = await seedMessage(acme, 'customer_alert', { content: '客户「星辰贸易」的授权将于 30 天后到期，请及时联系客户续费。'.repeat(4) });
    const older = await seedMessage(acme, 'system_notification');
    await emu.database.update(M, { _id: older._id }, { $set: { createdAt: new Date(base - 86400_000) } }, { multi: false, merge: true, upsert: false });
    await seedMessage(other, 'customer_alert', { title: '别人的消息' });

    const res = await callAs(emu, alice, 'messages', 'list', { page: 1, pageSize: 10 });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(res.data).toMatchObject({ total: 2, page: 1, pageSize: 10 });
    expect(res.data.messages.map((m: any) => m.id)).toEqual([long._id, older._id]);
    const [first] = res.data.messages;
    expect(first).toEqual({
      id: long._id,
      type: 'customer_alert',
      title: long.title,
      content: expect.any(String),
      relatedCustomerId: acme.customers[0]._id,
      relatedCustomerName: acme.customers[0].name,
      relatedTicketId: null,
      link: { kind: 'customer', id: acme.customers[0]._id },
      readStatus: 'unread',
      createdAt: long.createdAt.toISOString(),
    });
    expect(Array.from(first.content)).toHaveLength(60);
    expect(first.content.endsWith('…')).toBe(true);
    expect(long.content.startsWith(first.content.slice(0, -1))).toBe(true);
    expect(res.data.messages[1].content).toBe(older.content);
  });

  test('When list is filtered by type and read status and paged, then only matches come back, in two sequential round trips', async () => {
    await seedMessage(acme, 'ticket_update', { readStatus: 'read', readAt: new Date() });
    await seedMessage(acme, 'ticket_update');
    await seedMessage(acme, 'ticket_update');
    const all = await callAs(emu, alice, 'messages', 'list', { pageSize: 50 });
    const byFilter = async (payload: Record<string, unknown>) => {
      const r = await callAs(emu, alice, 'messages', 'list', { pageSize: 50, ...payload });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.data;
    };
    const tickets = await byFilter({ type: 'ticket_update' });
    expect(tickets.total).toBe(3);
    expect(tickets.messages.every((m: any) => m.type === 'ticket_update')).toBe(true);
    const unreadTickets = await byFilter({ type: 'ticket_update', readStatus: 'unread' });
    expect(unreadTickets.total).toBe(2);
    const read = await byFilter({ readStatus: 'read' });
    expect(read.messages.map((m: any) => m.readStatus)).toEqual(['read']);
    if (!all.ok) throw new Error('list failed');
    const p1 = await byFilter({ page: 1, pageSize: 2 });
    const p2 = await byFilter({ page: 2, pageSize: 2 });
    const p9 = await byFilter({ page: 500, pageSize: 2 });
    expect([...p1.messages, ...p2.messages].map((m: any) => m.id)).toEqual(all.data.messages.slice(0, 4).map((m: any) => m.id));
    expect(p9).toMatchObject({ messages: [], total: all.data.total });
    expect(await worstRoundTrips(emu, 'messages', () => callAs(emu, alice, 'messages', 'list', { readStatus: 'unread' }))).toBeLessThanOrEqual(2);
    // The session, then the page, its total and the three unread counts of the tabs, sent together.
    expect((await lastInvocationOperations(emu, 'messages')).map((o) => o.collection)).toEqual(['sessions', 'messages', 'messages', 'messages', 'messages', 'messages']);
  });

  test('When the list is asked with any filter, then it also answers the unread counts per category of the whole centre (the tabs’ marks), equal to unreadCount', async () => {
    await seedMessage(acme, 'customer_alert');
    await seedMessage(acme, 'system_notification', { readStatus: 'read', readAt: new Date() });
    const counts = await callAs(emu, alice, 'messages', 'unreadCount', {});
    if (!counts.ok) throw new Error(JSON.stringify(counts));
    const docs = (await rawDocs(emu, M, { serviceProviderId: acme.tenant.provider._id })).filter((m) => m.readStatus === 'unread');
    expect(counts.data.total).toBe(docs.length);
    for (const payload of [{}, { type: 'ticket_update' }, { readStatus: 'read', page: 3, pageSize: 1 }]) {
      const res = await callAs(emu, bob, 'messages', 'list', payload);
      expect(res).toMatchObject({ ok: true, data: { unread: counts.data } });
    }
    const theirs = await callAs(emu, eve, 'messages', 'list', {});
    expect(theirs).toMatchObject({ ok: true, data: { unread: { total: (await rawDocs(emu, M, { serviceProviderId: other.tenant.provider._id })).filter((m) => m.readStatus === 'unread').length } } });
  });

  test('When a message is listed, then its link says what tapping it opens: its own link, else the ticket, else the customer, else nothing', async () => {
    const ticketMessage = await seedMessage(acme, 'ticket_update', { relatedTicketId: 'tk_linked' });
    const customerMessage = await seedMessage(acme, 'customer_alert');
    const resetMessage = await seedMessage(acme, 'system_notification', { relatedCustomerId: null, relatedCustomerName: null, link: { kind: 'password_resets', id: 'pwr_1' } });
    const plain = await seedMessage(acme, 'system_notification', { relatedCustomerId: null, relatedCustomerName: null });
    const res = await callAs(emu, alice, 'messages', 'list', { pageSize: 50 });
    if (!res.ok) throw new Error(JSON.stringify(res));
    const linkOf = (id: string) => res.data.messages.find((m: any) => m.id === id).link;
    expect(linkOf(ticketMessage._id)).toEqual({ kind: 'ticket', id: 'tk_linked' });
    expect(linkOf(customerMessage._id)).toEqual({ kind: 'customer', id: acme.customers[0]._id });
    expect(linkOf(resetMessage._id)).toEqual({ kind: 'password_resets', id: 'pwr_1' });
    expect(linkOf(plain._id)).toEqual({ kind: 'none', id: null });
    expect(await callAs(emu, alice, 'messages', 'detail', { id: resetMessage._id })).toMatchObject({ ok: true, data: { message: { link: { kind: 'password_resets', id: 'pwr_1' } } } });
  });

  test('When detail is asked, then the full content comes back and the message stays unread; another provider gets NOT_FOUND', async () => {
    const msg = await seedMessage(acme, 'system_notification', { content: '系统将于今晚 23:00 升级维护，预计持续 2 小时，期间工单与咨询功能暂不可用，请提前告知客户。'.repeat(2) });
    const res = await callAs(emu, bob, 'messages', 'detail', { id: msg._id });
    expect(res).toEqual({
      ok: true,
      data: { message: expect.objectContaining({ id: msg._id, content: msg.content, readStatus: 'unread', readAt: null, serviceProviderId: acme.tenant.provider._id }) },
    });
    expect((await stored(msg._id)).readStatus).toBe('unread');
    for (const action of ['detail', 'read']) {
      expect(await callAs(emu, eve, 'messages', action, { id: msg._id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '消息不存在' } });
    }
    expect(await callAs(emu, alice, 'messages', 'read', { id: 'm_missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await stored(msg._id)).readStatus).toBe('unread');
  });

  test('When a message is read twice, then it is read once: readAt stays the first time and signals move once', async () => {
    const msg = await seedMessage(acme, 'customer_alert');
    const signalsBefore = await signalsOf(acme);
    const otherSignalsBefore = await signalsOf(other);
    expect(await callAs(emu, alice, 'messages', 'read', { id: msg._id })).toEqual({ ok: true, data: {} });
    const first = await stored(msg._id);
    expect(first.readStatus).toBe('read');
    expect(first.readAt).toBeInstanceOf(Date);
    expect(await signalsOf(acme)).toEqual(signalsBefore.map((n) => n + 1));
    expect(await callAs(emu, bob, 'messages', 'read', { id: msg._id })).toEqual({ ok: true, data: {} });
    expect((await stored(msg._id)).readAt).toEqual(first.readAt);
    expect(await signalsOf(acme)).toEqual(signalsBefore.map((n) => n + 1));
    expect(await signalsOf(other)).toEqual(otherSignalsBefore);
  });

  test('When unread counts are asked, then they are per type for the caller only, and follow reads', async () => {
    const count = async (openId: string) => {
      const r = await callAs(emu, openId, 'messages', 'unreadCount', {});
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.data;
    };
    const expected = async (desk: Desk) => {
      const docs = (await rawDocs(emu, M, { serviceProviderId: desk.tenant.provider._id })).filter((m) => m.readStatus === 'unread');
      const byType = { system_notification: 0, customer_alert: 0, ticket_update: 0 } as Record<string, number>;
      for (const d of docs) byType[d.type]++;
      return { total: docs.length, byType };
    };
    const before = await count(alice);
    expect(before).toEqual(await expected(acme));
    expect(before.total).toBeGreaterThan(0);
    expect(await count(eve)).toEqual(await expected(other));
    const msg = await seedMessage(acme, 'ticket_update');
    expect((await count(bob)).byType.ticket_update).toBe(before.byType.ticket_update + 1);
    await callAs(emu, bob, 'messages', 'read', { id: msg._id });
    expect(await count(alice)).toEqual(before);
    // Three counts, in parallel after the session read.
    expect(await worstRoundTrips(emu, 'messages', () => count(alice))).toBeLessThanOrEqual(2);
  });

  test('When readAll is called with a type, then only that type of the caller turns read; without one, everything of the caller; never the other provider', async () => {
    const theirs = await seedMessage(other, 'customer_alert');
    await seedMessage(acme, 'customer_alert');
    await seedMessage(acme, 'system_notification');
    const unreadOf = async (desk: Desk, type?: string) => (await rawDocs(emu, M, { serviceProviderId: desk.tenant.provider._id, readStatus: 'unread' })).filter((m) => !type || m.type === type).length;
    const alerts = await unreadOf(acme, 'customer_alert');
    const notifications = await unreadOf(acme, 'system_notification');
    expect(alerts).toBeGreaterThan(0);

    expect(await callAs(emu, alice, 'messages', 'readAll', { type: 'customer_alert' })).toEqual({ ok: true, data: { updated: alerts } });
    expect(await unreadOf(acme, 'customer_alert')).toBe(0);
    expect(await unreadOf(acme, 'system_notification')).toBe(notifications);
    const rest = await unreadOf(acme);
    expect(await callAs(emu, alice, 'messages', 'readAll', {})).toEqual({ ok: true, data: { updated: rest } });
    expect(await unreadOf(acme)).toBe(0);
    expect(await callAs(emu, alice, 'messages', 'readAll', {})).toEqual({ ok: true, data: { updated: 0 } });
    expect((await stored(theirs._id)).readStatus).toBe('unread');
    expect(await unreadOf(other)).toBeGreaterThan(0);
  });

  test('When payloads are malformed, then INVALID_ARGUMENT and nothing changed', async () => {
    const msg = await seedMessage(acme, 'customer_alert');
    const before = await snapshot(emu, [M, COLLECTIONS.userSignals]);
    const cases: [string, unknown][] = [
      ['list', { page: 0 }],
      ['list', { page: -3 }],
      ['list', { pageSize: 0 }],
      ['list', { pageSize: 1e6 }],
      ['list', { page: 1.5 }],
      ['list', { type: 'spam' }],
      ['list', { readStatus: { $ne: null } }],
      ['list', { serviceProviderId: other.tenant.provider._id }],
      ['detail', {}],
      ['detail', { id: 42 }],
      ['detail', { id: HUGE }],
      ['read', { id: { $ne: null } }],
      ['read', { id: [msg._id] }],
      ['read', {}],
      ['readAll', { type: { $in: ['customer_alert'] } }],
      ['readAll', { type: 'x'.repeat(1000) }],
      ['readAll', { all: true }],
      ['unreadCount', { type: 'customer_alert' }],
    ];
    for (const [action, payload] of cases) {
      const res = await callAs(emu, alice, 'messages', action, payload);
      expect([action, JSON.stringify(payload).slice(0, 60), res.ok ? 'ok' : res.error.code]).toEqual([action, expect.anything(), 'INVALID_ARGUMENT']);
    }
    expect(await callAs(emu, alice, 'messages', 'delete', { id: msg._id })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await snapshot(emu, [M, COLLECTIONS.userSignals])).toEqual(before);
  });

  test('When nobody is signed in, then every action is UNAUTHENTICATED and nothing changes', async () => {
    const msg = await seedMessage(acme, 'customer_alert');
    const before = await snapshot(emu, [M]);
    for (const openId of [null, 'o-stranger']) {
      for (const [action, payload] of [
        ['list', {}],
        ['detail', { id: msg._id }],
        ['read', { id: msg._id }],
        ['readAll', {}],
        ['unreadCount', {}],
      ] as const) {
        expect(await callAs(emu, openId, 'messages', action, payload)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    }
    expect(await snapshot(emu, [M])).toEqual(before);
  });
});
