import { COLLECTIONS } from '@partner-desk/database';
import { startProductEmulators, callAs, warmUp, worstRoundTrips, invocationCount, retriesLogged, HUGE, lastInvocationOperations, rawDocs, addCustomer, seedDesk, snapshot, type Desk } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

const T = COLLECTIONS.tickets;

describe('tickets function', () => {
  let emu: RunningEmulators;
  let acme: Desk;
  let other: Desk;
  let alice: string;
  let bob: string;
  let eve: string;

  beforeAll(async () => {
    emu = await startProductEmulators();
    acme = await seedDesk(emu, 'acme', { 'acme-alice': 'admin', 'acme-bob': 'agent', 'acme-carol': 'agent' });
    other = await seedDesk(emu, 'other', { 'other-eve': 'admin' });
    alice = acme.openIds['acme-alice'];
    bob = acme.openIds['acme-bob'];
    eve = other.openIds['other-eve'];
  }, 60_000);
  afterAll(() => emu?.stop());

  const create = (openId: string, customerId: string, extra: Record<string, unknown> = {}) =>
    callAs(emu, openId, 'tickets', 'create', { customerId, title: '打印机无法连接', content: '客户反馈开单后无法打印', type: 'system_issue', ...extra });
  const customerDoc = async (id: string) => (await rawDocs(emu, COLLECTIONS.customers, { _id: id }))[0];
  const ticketDoc = async (id: string) => (await rawDocs(emu, T, { _id: id }))[0];

  test('When a ticket is created, then it is open with a GD number, a create step by the user, the customer count +1 and a ticket_update message', async () => {
    const customer = acme.customers[0];
    const before = (await customerDoc(customer._id)).unresolvedIssues;
    const res = await create(alice, customer._id);
    expect(res).toMatchObject({ ok: true, data: { ticketId: expect.any(String), ticketNo: expect.stringMatching(/^GD\d{8}-\d{4}$/) } });
    if (!res.ok) return;
    const doc = await ticketDoc(res.data.ticketId);
    expect(doc).toMatchObject({
      ticketNo: res.data.ticketNo,
      serviceProviderId: acme.tenant.provider._id,
      customerId: customer._id,
      customerName: customer.name,
      status: 'open',
      escalationStatus: 'normal',
      priority: 'normal',
      source: 'provider',
      assigneeId: null,
      images: [],
    });
    expect(doc.processingHistory).toHaveLength(1);
    expect(doc.processingHistory[0]).toMatchObject({ action: 'create', operatorId: acme.tenant.users['acme-alice']._id, operatorName: acme.tenant.users['acme-alice'].name });
    expect(doc.processingHistory[0].timestamp).toBeInstanceOf(Date);
    expect((await customerDoc(customer._id)).unresolvedIssues).toBe(before + 1);
    const messages = await rawDocs(emu, COLLECTIONS.messages, { relatedTicketId: res.data.ticketId });
    expect(messages).toEqual([expect.objectContaining({ type: 'ticket_update', serviceProviderId: acme.tenant.provider._id, readStatus: 'unread' })]);
  });

  test('When tickets are created one after another on a day, then their numbers count up per provider from the same counter', async () => {
    const a = await create(alice, acme.customers[1]._id);
    const b = await create(bob, acme.customers[1]._id);
    const c = await create(eve, other.customers[0]._id);
    if (!a.ok || !b.ok || !c.ok) throw new Error(JSON.stringify([a, b, c]));
    const n = (no: string) => Number(no.split('-')[1]);
    expect(n(b.data.ticketNo)).toBe(n(a.data.ticketNo) + 1);
    expect(a.data.ticketNo.slice(0, 10)).toBe(b.data.ticketNo.slice(0, 10));
    // The other provider numbers its own tickets: its first of the day is 0001 even though acme is further on.
    expect(c.data.ticketNo).toMatch(/-0001$/);
  });

  test('When ten tickets are created at once, then all get distinct consecutive numbers', async () => {
    await warmUp(emu, 'tickets', alice);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? alice : bob, acme.customers[1]._id, { title: `并发工单${i}` })));
    const numbers = results.map((r) => (r.ok ? Number(r.data.ticketNo.split('-')[1]) : NaN)).sort((x, y) => x - y);
    expect(numbers.every(Number.isFinite)).toBe(true);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers[9] - numbers[0]).toBe(9);
  });

  test('When a new provider’s first tickets of the day are created at once, then the counter is created once and they are 0001 to 0005', async () => {
    const fresh = await seedDesk(emu, 'fresh', { 'fresh-a': 'admin', 'fresh-b': 'agent' }, 1);
    const [a, b] = Object.values(fresh.openIds);
    await warmUp(emu, 'tickets', a);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => create(i % 2 ? a : b, fresh.customers[0]._id, { title: `首单${i}` })));
    const numbers = results.map((r) => (r.ok ? r.data.ticketNo.slice(-5) : r.error.code)).sort();
    expect(numbers).toEqual(['-0001', '-0002', '-0003', '-0004', '-0005']);
    expect(await rawDocs(emu, COLLECTIONS.ticketCounters, { serviceProviderId: fresh.tenant.provider._id })).toEqual([expect.objectContaining({ next: 5 })]);
    expect((await customerDoc(fresh.customers[0]._id)).unresolvedIssues).toBe(5);
  });

  test('When the customer belongs to another provider or does not exist, then create is NOT_FOUND and nothing is written', async () => {
    const before = await snapshot(emu, [T, COLLECTIONS.customers, COLLECTIONS.ticketCounters]);
    for (const customerId of [other.customers[0]._id, 'c_missing']) {
      const res = await create(alice, customerId);
      expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(await snapshot(emu, [T, COLLECTIONS.customers, COLLECTIONS.ticketCounters])).toEqual(before);
  });

  test('When list is filtered, then only matching tickets of the caller come back, newest update first', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '列表客户' });
    const a = await create(alice, customer._id, { title: '发票打印 (100%) 异常', type: 'complaint', priority: 'high' });
    const b = await create(alice, customer._id, { title: '培训安排', type: 'training_implementation' });
    if (!a.ok || !b.ok) throw new Error('create failed');
    await callAs(emu, bob, 'tickets', 'reply', { id: a.data.ticketId, content: '已联系客户' });

    const all = await callAs(emu, alice, 'tickets', 'list', { page: 1, pageSize: 50 });
    if (!all.ok) throw new Error(JSON.stringify(all));
    expect(all.data.total).toBeGreaterThanOrEqual(15);
    expect(all.data).toMatchObject({ page: 1, pageSize: 50 });
    const times = all.data.tickets.map((t: any) => Date.parse(t.updatedAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(all.data.tickets[0]).toEqual({
      id: a.data.ticketId,
      ticketNo: a.data.ticketNo,
      title: '发票打印 (100%) 异常',
      customerId: customer._id,
      customerName: '列表客户',
      type: 'complaint',
      priority: 'high',
      status: 'processing',
      escalationStatus: 'normal',
      assigneeName: acme.tenant.users['acme-bob'].name,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const ids = (r: any) => r.data.tickets.map((t: any) => t.id);
    expect(ids(await callAs(emu, alice, 'tickets', 'list', { status: 'processing' }))).toEqual([a.data.ticketId]);
    expect(ids(await callAs(emu, alice, 'tickets', 'list', { type: 'training_implementation' }))).toEqual([b.data.ticketId]);
    expect(ids(await callAs(emu, alice, 'tickets', 'list', { assigneeId: acme.tenant.users['acme-bob']._id }))).toEqual([a.data.ticketId]);
    expect(ids(await callAs(emu, alice, 'tickets', 'list', { keyword: '(100%)' }))).toEqual([a.data.ticketId]);
    expect(ids(await callAs(emu, alice, 'tickets', 'list', { keyword: b.data.ticketNo.toLowerCase() }))).toEqual([b.data.ticketId]);
    // Regex metacharacters are text: ".*" matches no title.
    expect(await callAs(emu, alice, 'tickets', 'list', { keyword: '.*' })).toMatchObject({ ok: true, data: { total: 0, tickets: [] } });
    // The other provider sees none of these.
    const theirs = await callAs(emu, eve, 'tickets', 'list', { pageSize: 50 });
    expect(theirs.ok && theirs.data.tickets.every((t: any) => t.customerId === other.customers[0]._id)).toBe(true);
    expect(ids(await callAs(emu, eve, 'tickets', 'list', { keyword: a.data.ticketNo }))).toEqual([]);
  });

  test('When list pages through, then pages do not overlap and the total is stable; the list takes two sequential round trips', async () => {
    expect(await worstRoundTrips(emu, 'tickets', () => callAs(emu, alice, 'tickets', 'list', { page: 1, pageSize: 3, status: 'open' }))).toBeLessThanOrEqual(2);
    expect((await lastInvocationOperations(emu, 'tickets')).map((op) => op.collection)).toEqual(['sessions', 'tickets', 'tickets']);
    const p1 = await callAs(emu, alice, 'tickets', 'list', { page: 1, pageSize: 3 });
    const p2 = await callAs(emu, alice, 'tickets', 'list', { page: 2, pageSize: 3 });
    const far = await callAs(emu, alice, 'tickets', 'list', { page: 9999, pageSize: 3 });
    if (!p1.ok || !p2.ok || !far.ok) throw new Error('list failed');
    expect(p1.data.tickets).toHaveLength(3);
    expect(p2.data.total).toBe(p1.data.total);
    const overlap = p1.data.tickets.filter((t: any) => p2.data.tickets.some((u: any) => u.id === t.id));
    expect(overlap).toEqual([]);
    expect(far.data).toMatchObject({ tickets: [], total: p1.data.total, page: 9999 });
  });

  test('When detail is asked, then the ticket comes with its history in ISO times; another provider gets NOT_FOUND', async () => {
    const created = await create(alice, acme.customers[0]._id, { title: '详情工单' });
    if (!created.ok) throw new Error('create failed');
    await callAs(emu, bob, 'tickets', 'reply', { id: created.data.ticketId, content: '远程处理中' });
    const res = await callAs(emu, alice, 'tickets', 'detail', { id: created.data.ticketId });
    if (!res.ok) throw new Error(JSON.stringify(res));
    const bobUser = acme.tenant.users['acme-bob'];
    expect(res.data.ticket).toMatchObject({
      id: created.data.ticketId,
      ticketNo: created.data.ticketNo,
      title: '详情工单',
      content: '客户反馈开单后无法打印',
      status: 'processing',
      assigneeId: bobUser._id,
      assigneeName: bobUser.name,
      serviceProviderId: acme.tenant.provider._id,
      resolvedAt: null,
      allowedActions: ['reply', 'resolve', 'escalate'],
    });
    const [first, second] = res.data.ticket.processingHistory;
    expect(first).toMatchObject({ action: 'create', operatorName: acme.tenant.users['acme-alice'].name });
    expect(second).toEqual({ id: expect.any(String), operatorId: bobUser._id, operatorName: bobUser.name, action: 'reply', content: '远程处理中', timestamp: expect.any(String) });
    expect(new Date(second.timestamp).toISOString()).toBe(second.timestamp);
    expect(Date.now() - Date.parse(second.timestamp)).toBeLessThan(60_000);

    const id = created.data.ticketId;
    for (const [action, payload] of [
      ['detail', { id }],
      ['reply', { id, content: 'x' }],
      ['resolve', { id }],
      ['escalate', { id, reason: 'x' }],
    ] as const) {
      expect(await callAs(emu, eve, 'tickets', action, payload)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '工单不存在' } });
    }
    expect(await rawDocs(emu, COLLECTIONS.outbox, { relatedId: id })).toEqual([]);
    expect((await ticketDoc(created.data.ticketId)).processingHistory).toHaveLength(2);
  });

  test('When a ticket is resolved, then it records the step and resolvedAt, the count drops, and resolving again is FAILED_PRECONDITION', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '解决客户' });
    const created = await create(alice, customer._id);
    if (!created.ok) throw new Error('create failed');
    expect((await customerDoc(customer._id)).unresolvedIssues).toBe(1);
    const signals = async () => (await rawDocs(emu, COLLECTIONS.userSignals, { serviceProviderId: acme.tenant.provider._id })).map((d) => d.tickets);
    const signalsBefore = await signals();
    expect(await callAs(emu, bob, 'tickets', 'resolve', { id: created.data.ticketId, note: '已更换驱动' })).toEqual({ ok: true, data: {} });
    // Every signed-in user of the provider is told the tickets changed.
    expect(await signals()).toEqual(signalsBefore.map((n) => n + 1));
    const doc = await ticketDoc(created.data.ticketId);
    expect(doc.status).toBe('resolved');
    expect(doc.resolvedAt).toBeInstanceOf(Date);
    expect(doc.processingHistory.at(-1)).toMatchObject({ action: 'resolve', content: '已更换驱动', operatorName: acme.tenant.users['acme-bob'].name });
    expect((await customerDoc(customer._id)).unresolvedIssues).toBe(0);

    const again = await callAs(emu, alice, 'tickets', 'resolve', { id: created.data.ticketId });
    expect(again).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '工单已解决，请勿重复操作' } });
    expect(await callAs(emu, alice, 'tickets', 'reply', { id: created.data.ticketId, content: '再回复' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(await callAs(emu, alice, 'tickets', 'escalate', { id: created.data.ticketId, reason: '升级' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect((await ticketDoc(created.data.ticketId)).processingHistory).toHaveLength(2);
    expect((await customerDoc(customer._id)).unresolvedIssues).toBe(0);
    // Refused calls signal nothing.
    expect(await signals()).toEqual(signalsBefore.map((n) => n + 1));
    // A not-escalated ticket tells the PC system nothing.
    expect(await rawDocs(emu, COLLECTIONS.outbox, { relatedId: created.data.ticketId })).toEqual([]);
  });

  test('When the customer count is already 0, then resolving never takes it below 0', async () => {
    const customer = await addCustomer(emu, acme.tenant, { name: '计数客户' });
    const created = await create(alice, customer._id);
    if (!created.ok) throw new Error('create failed');
    await emu.database.update(COLLECTIONS.customers, { _id: customer._id }, { $set: { unresolvedIssues: 0 } }, { multi: false, merge: true, upsert: false });
    expect((await callAs(emu, alice, 'tickets', 'resolve', { id: created.data.ticketId })).ok).toBe(true);
    expect((await customerDoc(customer._id)).unresolvedIssues).toBe(0);
  });

  test('When a ticket is escalated and later resolved, then each writes one outbox row for the PC system', async () => {
    const created = await create(alice, acme.customers[0]._id, { title: '需要总部处理' });
    if (!created.ok) throw new Error('create failed');
    const id = created.data.ticketId;
    expect(await callAs(emu, bob, 'tickets', 'escalate', { id, reason: '涉及数据库损坏，需总部处理' })).toEqual({ ok: true, data: {} });
    const doc = await ticketDoc(id);
    expect(doc).toMatchObject({ escalationStatus: 'escalated', escalationReason: '涉及数据库损坏，需总部处理', status: 'open' });
    expect(doc.escalatedAt).toBeInstanceOf(Date);
    expect(doc.processingHistory.at(-1)).toMatchObject({ action: 'escalate', content: expect.stringContaining('涉及数据库损坏'), operatorName: acme.tenant.users['acme-bob'].name });

    const again = await callAs(emu, alice, 'tickets', 'escalate', { id, reason: '再次升级' });
    expect(again).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '工单已升级，请勿重复升级' } });
    let rows = await rawDocs(emu, COLLECTIONS.outbox, { relatedId: id });
    expect(rows).toEqual([
      expect.objectContaining({
        type: 'ticket.escalated',
        serviceProviderId: acme.tenant.provider._id,
        deliveryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'pending',
        attempts: 0,
        payload: expect.objectContaining({ ticketId: id, ticketNo: created.data.ticketNo, customerId: acme.customers[0]._id, reason: '涉及数据库损坏，需总部处理', title: '需要总部处理' }),
      }),
    ]);
    expect(rows[0].nextAttemptAt).toBeInstanceOf(Date);

    expect((await callAs(emu, alice, 'tickets', 'resolve', { id, note: '总部已修复' })).ok).toBe(true);
    expect(await callAs(emu, alice, 'tickets', 'resolve', { id, note: '重复' })).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    rows = await rawDocs(emu, COLLECTIONS.outbox, { relatedId: id });
    const resolved = rows.filter((r) => r.type === 'ticket.resolved');
    expect(rows).toHaveLength(2);
    expect(resolved).toEqual([expect.objectContaining({ status: 'pending', attempts: 0, payload: expect.objectContaining({ ticketId: id, ticketNo: created.data.ticketNo, customerId: acme.customers[0]._id, note: '总部已修复', resolvedAt: expect.any(String) }) })]);
    expect(new Set(rows.map((r) => r.deliveryId)).size).toBe(2);
  });

  // Resolves at the end let most replies and an escalation land first; resolves early make most later calls refusals.
  test.each([
    ['resolves sent last', (i: number) => i === 41 || i === 45 || i === 49],
    ['resolves sent early', (i: number) => i === 6 || i === 17 || i === 28],
  ])('When 50 replies, resolves and escalations hit one ticket at once (%s), then the history is complete and the state consistent', async (_schedule, isResolve) => {
    const customer = await addCustomer(emu, acme.tenant, { name: '并发客户' });
    const created = await create(alice, customer._id, { title: '并发工单' });
    if (!created.ok) throw new Error('create failed');
    const id = created.data.ticketId;
    const users = ['acme-alice', 'acme-bob', 'acme-carol'];
    const calls = Array.from({ length: 50 }, (_, i) => {
      const username = users[i % 3];
      const who = acme.openIds[username];
      const operatorName = acme.tenant.users[username].name;
      if (isResolve(i)) return { kind: 'resolve', operatorName, marker: `resolve#${i}#`, run: () => callAs(emu, who, 'tickets', 'resolve', { id, note: `resolve#${i}#` }) };
      if (i % 10 === 3) return { kind: 'escalate', operatorName, marker: `escalate#${i}#`, run: () => callAs(emu, who, 'tickets', 'escalate', { id, reason: `escalate#${i}#` }) };
      return { kind: 'reply', operatorName, marker: `reply#${i}#`, run: () => callAs(emu, who, 'tickets', 'reply', { id, content: `reply#${i}#` }) };
    });
    // Warm every worker first: a cold start on a loaded machine is not what this test measures.
    await warmUp(emu, 'tickets', alice);
    const invocationsBefore = await invocationCount(emu, 'tickets');
    const results = await Promise.all(calls.map((c) => c.run()));
    const retries = await retriesLogged(emu, 'tickets', invocationsBefore);

    const okCalls = calls.filter((_, i) => results[i].ok);
    const codes = results.map((r) => (r.ok ? 'OK' : r.error.code));
    const counts = codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
    console.log(`50 concurrent calls on one ticket (${_schedule}):`, JSON.stringify(counts), 'ok by kind:', JSON.stringify(okCalls.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.kind]: (acc[c.kind] ?? 0) + 1 }), {})), 'conflict retries:', retries);
    for (const code of codes) expect(['OK', 'FAILED_PRECONDITION', 'CONFLICT']).toContain(code);

    const doc = await ticketDoc(id);
    expect(doc.processingHistory).toHaveLength(1 + okCalls.length);
    // Every call that answered ok is in the history exactly once, with its operator and kind.
    for (const call of okCalls) {
      const steps = doc.processingHistory.filter((s: any) => s.content.includes(call.marker));
      expect(steps.map((s: any) => [s.action, s.operatorName])).toEqual([[call.kind, call.operatorName]]);
    }
    // Steps are in commit order, so their times never go backwards.
    const stamps = doc.processingHistory.map((s: any) => new Date(s.timestamp).getTime());
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(doc.processingHistory.map((s: any) => s.id)).size).toBe(doc.processingHistory.length);

    const okResolves = okCalls.filter((c) => c.kind === 'resolve').length;
    const okEscalates = okCalls.filter((c) => c.kind === 'escalate').length;
    expect(okResolves).toBeLessThanOrEqual(1);
    expect(okEscalates).toBeLessThanOrEqual(1);
    // The history order is the commit order: nothing after a resolve step.
    const resolveAt = doc.processingHistory.findIndex((s: any) => s.action === 'resolve');
    if (resolveAt >= 0) expect(resolveAt).toBe(doc.processingHistory.length - 1);
    expect(doc.status).toBe(okResolves === 1 ? 'resolved' : okCalls.some((c) => c.kind === 'reply') ? 'processing' : 'open');
    expect(doc.escalationStatus).toBe(okEscalates === 1 ? 'escalated' : 'normal');
    expect((await customerDoc(customer._id)).unresolvedIssues).toBe(1 - okResolves);
    const outbox = await rawDocs(emu, COLLECTIONS.outbox, { relatedId: id });
    expect(outbox.filter((r) => r.type === 'ticket.escalated')).toHaveLength(okEscalates);
    expect(outbox.filter((r) => r.type === 'ticket.resolved')).toHaveLength(okEscalates === 1 && okResolves === 1 && doc.processingHistory.findIndex((s: any) => s.action === 'escalate') < resolveAt ? 1 : 0);
  }, 120_000);

  test('When payloads are malformed, then INVALID_ARGUMENT and nothing changed', async () => {
    const created = await create(alice, acme.customers[0]._id);
    if (!created.ok) throw new Error('create failed');
    const id = created.data.ticketId;
    const before = await snapshot(emu, [T, COLLECTIONS.customers, COLLECTIONS.outbox, COLLECTIONS.ticketCounters]);
    const base = { customerId: acme.customers[0]._id, title: 't', content: 'c', type: 'system_issue' };
    const cases: [string, unknown][] = [
      ['list', { page: 0 }],
      ['list', { page: -1 }],
      ['list', { pageSize: 51 }],
      ['list', { pageSize: 1e9 }],
      ['list', { page: '1' }],
      ['list', { status: 'closed' }],
      ['list', { keyword: { $ne: null } }],
      ['list', { keyword: 'k'.repeat(51) }],
      ['list', { extra: 1 }],
      ['detail', {}],
      ['detail', { id: { $ne: null } }],
      ['detail', { id: HUGE }],
      ['create', { ...base, customerId: { $ne: null } }],
      ['create', { ...base, title: '' }],
      ['create', { ...base, title: 'x'.repeat(101) }],
      ['create', { ...base, content: HUGE }],
      ['create', { ...base, type: 'bug' }],
      ['create', { ...base, priority: 'critical' }],
      ['create', { ...base, images: Array(10).fill('cloud://a.png') }],
      ['create', { ...base, images: ['http://insecure.example.com/a.png'] }],
      ['create', { ...base, images: ['javascript:alert(1)'] }],
      ['create', { ...base, serviceProviderId: other.tenant.provider._id }],
      ['reply', { id }],
      ['reply', { id, content: 42 }],
      ['reply', { id, content: HUGE }],
      ['resolve', { id, note: HUGE }],
      ['resolve', { id: [id] }],
      ['escalate', { id }],
      ['escalate', { id, reason: 'r'.repeat(501) }],
    ];
    for (const [action, payload] of cases) {
      const res = await callAs(emu, alice, 'tickets', action, payload);
      expect([action, payload === undefined ? null : JSON.stringify(payload).slice(0, 80), res.ok ? 'ok' : res.error.code]).toEqual([action, expect.anything(), 'INVALID_ARGUMENT']);
    }
    expect(await callAs(emu, alice, 'tickets', 'close', { id })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
    expect(await snapshot(emu, [T, COLLECTIONS.customers, COLLECTIONS.outbox, COLLECTIONS.ticketCounters])).toEqual(before);
  });

  test('When nobody is signed in, then every action is UNAUTHENTICATED and nothing changes', async () => {
    const before = await snapshot(emu, [T, COLLECTIONS.customers]);
    const id = before[T][0] as { _id: string };
    for (const openId of [null, 'o-stranger']) {
      for (const [action, payload] of [
        ['list', {}],
        ['detail', { id: id._id }],
        ['create', { customerId: acme.customers[0]._id, title: 't', content: 'c', type: 'system_issue' }],
        ['reply', { id: id._id, content: 'x' }],
        ['resolve', { id: id._id }],
        ['escalate', { id: id._id, reason: 'x' }],
      ] as const) {
        expect(await callAs(emu, openId, 'tickets', action, payload)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    }
    expect(await snapshot(emu, [T, COLLECTIONS.customers])).toEqual(before);
  });
});
