import { COLLECTIONS, type CustomerDoc, type TicketDoc } from '@partner-desk/database';
import { addDays, isEncrypted } from '@partner-desk/shared';
import { callAs, seedTenant, signInAs, startProductEmulators, type SeededTenant, addCustomer, addTicket, addUsage, lastInvocation } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('customers function', () => {
  let emu: RunningEmulators;
  let mine: SeededTenant;
  let theirs: SeededTenant;
  const me = 'o-customers-me';
  const other = 'o-customers-other';
  const call = (action: string, payload?: unknown, openId: string | null = me) => callAs(emu, openId, 'customers', action, payload);
  const now = new Date();

  // My customers (8) and one of another provider with a name that matches every keyword below.
  let expiredSoonest: CustomerDoc, expiredLater: CustomerDoc, expiring: CustomerDoc, dotStar: CustomerDoc, paren: CustomerDoc, latin: CustomerDoc, troubled: CustomerDoc, plain: CustomerDoc;
  let foreign: CustomerDoc;

  beforeAll(async () => {
    emu = await startProductEmulators();
    mine = await seedTenant(emu, '上海云帆信息科技有限公司', { yunfan_admin: 'admin' });
    theirs = await seedTenant(emu, '杭州智联软件有限公司', { zhilian_admin: 'admin' });
    await signInAs(emu, me, mine.users.yunfan_admin);
    await signInAs(emu, other, theirs.users.zhilian_admin);
    const t = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    expiredSoonest = await addCustomer(emu, mine, { name: '苏州鑫源商贸有限公司', status: 'expired', expiryDate: addDays(now, -40), updatedAt: t(80), region: '江苏省苏州市' });
    expiredLater = await addCustomer(emu, mine, { name: '无锡瑞丰包装材料有限公司', status: 'expired', expiryDate: addDays(now, -3), updatedAt: t(70), region: '江苏省无锡市' });
    expiring = await addCustomer(emu, mine, { name: '宁波嘉禾食品有限公司', status: 'expiring', expiryDate: addDays(now, 12), updatedAt: t(60), unresolvedIssues: 1 });
    dotStar = await addCustomer(emu, mine, { name: '测试.*通配有限公司', updatedAt: t(50) });
    paren = await addCustomer(emu, mine, { name: '甲(乙)贸易有限公司', updatedAt: t(40) });
    latin = await addCustomer(emu, mine, { name: '深圳agile电子科技有限公司', updatedAt: t(30), region: '广东省深圳市', unresolvedIssues: 4 });
    troubled = await addCustomer(emu, mine, { name: '杭州百川医药连锁有限公司', updatedAt: t(20), unresolvedIssues: 2 });
    plain = await addCustomer(emu, mine, { name: '杭州明德教育科技有限公司', updatedAt: t(10), phone: '13900001111', contactPerson: '欧阳晓东', email: 'ouyang.xiaodong@example.cn' });
    foreign = await addCustomer(emu, theirs, { name: '杭州AGILE(.*)测试有限公司', updatedAt: t(1), unresolvedIssues: 9, status: 'expired', expiryDate: addDays(now, -100) });
  });
  afterAll(() => emu?.stop());

  const ids = (result: any) => result.data.customers.map((c: { id: string }) => c.id);

  describe('list', () => {
    test('When listing without filters, then only my customers come back, most recently updated first, with masked contacts', async () => {
      const result = await call('list', {});
      expect(result).toMatchObject({ ok: true, data: { total: 8, page: 1, pageSize: 20 } });
      expect(ids(result)).toEqual([plain, troubled, latin, paren, dotStar, expiring, expiredLater, expiredSoonest].map((c) => c._id));
      const row = (result as any).data.customers[0];
      expect(row).toEqual({
        id: plain._id,
        name: plain.name,
        region: '浙江省杭州市',
        industry: '制造',
        softwareVersion: 'V9.0 专业版',
        portCount: 10,
        status: 'active',
        statusLabel: '活跃',
        usageScore: 60,
        unresolvedIssues: 0,
        hasUnresolved: false,
        expiryDate: plain.expiryDate.toISOString(),
        contactPerson: '欧***',
        phone: '139****1111',
        lastActiveTime: plain.lastActiveTime!.toISOString(),
      });
      expect(JSON.stringify(result)).not.toContain('13900001111');
      expect(JSON.stringify(result)).not.toContain('ouyang');
    });

    test('When filtering by status, then only that status comes back, the soonest expiry first', async () => {
      expect(ids(await call('list', { status: 'expired' }))).toEqual([expiredSoonest._id, expiredLater._id]);
      expect(ids(await call('list', { status: 'expiring' }))).toEqual([expiring._id]);
      expect((await call('list', { status: 'active' }) as any).data.total).toBe(5);
    });

    test('When the keyword holds regex characters, then they match literally and case-insensitively, never another provider', async () => {
      expect(ids(await call('list', { keyword: '.*' }))).toEqual([dotStar._id]);
      expect(ids(await call('list', { keyword: '(' }))).toEqual([paren._id]);
      expect(ids(await call('list', { keyword: '(乙)' }))).toEqual([paren._id]);
      expect(ids(await call('list', { keyword: 'AGILE' }))).toEqual([latin._id]);
      expect(ids(await call('list', { keyword: '[' }))).toEqual([]);
      expect(ids(await call('list', { keyword: '杭州' }))).toEqual([plain._id, troubled._id]);
      expect(ids(await call('list', { keyword: '  ' }))).toHaveLength(8); // blank: no filter
    });

    test('When filtering by region or unresolved issues, then the matching customers come back in a sensible order', async () => {
      expect(ids(await call('list', { region: '江苏省苏州市' }))).toEqual([expiredSoonest._id]);
      expect(ids(await call('list', { hasUnresolved: true }))).toEqual([latin._id, troubled._id, expiring._id]); // most issues first
      const clean = await call('list', { hasUnresolved: false });
      expect((clean as any).data.customers.every((c: { hasUnresolved: boolean }) => !c.hasUnresolved)).toBe(true);
      expect((clean as any).data.total).toBe(5);
      expect(ids(await call('list', { region: '浙江省杭州市', hasUnresolved: true }))).toEqual([troubled._id, expiring._id]);
      expect(ids(await call('list', { status: 'active', hasUnresolved: true, keyword: 'agile' }))).toEqual([latin._id]);
    });

    test('When paging, then pages split the list and a page past the end is empty with the same total', async () => {
      const first = (await call('list', { page: 1, pageSize: 3 })) as any;
      const second = (await call('list', { page: 2, pageSize: 3 })) as any;
      const past = (await call('list', { page: 9, pageSize: 3 })) as any;
      expect(first.data.customers).toHaveLength(3);
      expect(second.data.customers).toHaveLength(3);
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(6);
      expect(past.data).toEqual({ customers: [], total: 8, page: 9, pageSize: 3 });
    });

    test('When listing, then the function needs two sequential database round trips (session, then page and count)', async () => {
      expect(await call('list', { status: 'active' })).toMatchObject({ ok: true }); // warms the worker
      // Counted from the requests as the function's worker timed them (InvocationRecord.clientRequests):
      // requests sent together overlap there however busy the machine is, so every run must show 2.
      for (let run = 0; run < 5; run++) {
        expect(await call('list', { status: 'active', keyword: '杭州' })).toMatchObject({ ok: true });
        const invocation = await lastInvocation(emu, 'customers');
        expect(invocation.operations.map((o) => o.action)).toEqual(['database.getDocument', 'database.getDocument', 'database.calculateDocument']);
        expect(invocation.clientRequests).toHaveLength(3);
        expect(invocation.sequentialRoundTrips).toBe(2);
      }
    });
  });

  describe('regions', () => {
    test('When the regions are asked for, then each region of my customers comes with its count, most customers first, ties by name; another provider’s never count', async () => {
      const result = (await call('regions', {})) as any;
      expect(result).toEqual({
        ok: true,
        data: {
          regions: [
            { region: '浙江省杭州市', count: 5 },
            { region: '广东省深圳市', count: 1 },
            { region: '江苏省无锡市', count: 1 },
            { region: '江苏省苏州市', count: 1 },
          ],
        },
      });
      // The other provider's one customer (杭州) is counted for it alone.
      expect(((await call('regions', undefined, other)) as any).data.regions).toEqual([{ region: '浙江省杭州市', count: 1 }]);
      // Each region filters the list to exactly its count.
      for (const { region, count } of result.data.regions) expect(((await call('list', { region })) as any).data.total).toBe(count);
    });

    test('When regions are read, then it is one aggregation after the session, and a payload with fields is refused', async () => {
      expect(await call('regions')).toMatchObject({ ok: true });
      const invocation = await lastInvocation(emu, 'customers');
      expect(invocation.sequentialRoundTrips).toBe(2);
      expect(await call('regions', { region: '杭州' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    });
  });

  describe('detail', () => {
    test('When my customer is opened, then one call answers the page: masked contacts, licence with days left, up to five open tickets, the usage score and the first history page', async () => {
      const base = Date.now();
      const open: TicketDoc[] = [];
      for (let i = 0; i < 6; i++) open.push(await addTicket(emu, plain, { status: i % 2 ? 'processing' : 'open', createdAt: new Date(base - i * 60_000) }));
      const resolved = [];
      for (let i = 0; i < 6; i++) resolved.push(await addTicket(emu, plain, { status: 'resolved', createdAt: new Date(base + (i + 1) * 60_000), resolvedAt: new Date() }));
      await addUsage(emu, plain, 40, { activeUsers: 6, logins: 9, modulesUsed: 5, documentsCreated: 30 });
      const result = (await call('detail', { id: plain._id })) as any;
      expect(result.ok).toBe(true);
      expect(result.data.customer).toMatchObject({
        id: plain._id,
        externalId: plain.externalId,
        name: plain.name,
        contactPerson: '欧***',
        phone: '139****1111',
        email: 'ou*************@example.cn',
        serviceProviderId: mine.provider._id,
        serviceProviderName: mine.provider.name,
        purchaseDate: plain.purchaseDate.toISOString(),
        createdAt: plain.createdAt.toISOString(),
        updatedAt: plain.updatedAt.toISOString(),
      });
      // The clear contact never travels with the page: only revealContact answers it.
      expect(JSON.stringify(result)).not.toContain('13900001111');
      expect(JSON.stringify(result)).not.toContain('欧阳晓东');
      expect(result.data.licence).toEqual({
        softwareVersion: 'V9.0 专业版',
        portCount: 10,
        purchaseDate: plain.purchaseDate.toISOString(),
        expiryDate: plain.expiryDate.toISOString(),
        daysLeft: 65,
        status: 'active',
        statusLabel: '活跃',
      });
      expect(result.data.openTickets.map((t: { id: string }) => t.id)).toEqual(open.slice(0, 5).map((t) => t._id));
      // Open issues come in the history's shape: the page shows their priority and whether they were escalated already.
      expect(Object.keys(result.data.openTickets[0]).sort()).toEqual(['assigneeName', 'createdAt', 'escalationStatus', 'id', 'priority', 'resolvedAt', 'status', 'ticketNo', 'title', 'type', 'updatedAt']);
      expect(result.data.openTickets[0]).toEqual(result.data.history.tickets.find((t: { id: string }) => t.id === open[0]._id));
      // History: every ticket of the customer, newest first, 10 a page; the rest through customers.tickets.
      expect(result.data.history).toMatchObject({ total: 12, page: 1, pageSize: 10 });
      expect(result.data.history.tickets.map((t: { id: string }) => t.id)).toEqual([...resolved].reverse().concat(open).slice(0, 10).map((t) => t._id));
      const second = (await call('tickets', { id: plain._id, page: 2, pageSize: 10 })) as any;
      expect(second.data.tickets.map((t: { id: string }) => t.id)).toEqual(open.slice(4).map((t) => t._id));
      // The score is the one customers.usageScore answers (same model, same data).
      const { computedAt: _a, ...score } = ((await call('usageScore', { id: plain._id })) as any).data;
      const { computedAt: _b, ...inDetail } = result.data.usageScore;
      expect(inDetail).toEqual(score);
      expect(inDetail.components.map((c: { key: string }) => c.key)).toEqual(['seats', 'logins', 'modules', 'business', 'recency']);
      expect(inDetail.score).toBeGreaterThan(0);
    });

    test('When the detail is read, then it needs two sequential round trips: the session, then customer, open tickets, usage and history together', async () => {
      expect(await call('detail', { id: troubled._id })).toMatchObject({ ok: true });
      for (let run = 0; run < 3; run++) {
        expect(await call('detail', { id: troubled._id })).toMatchObject({ ok: true });
        const invocation = await lastInvocation(emu, 'customers');
        expect(invocation.clientRequests).toHaveLength(6); // session; customer, open tickets, usage, history page and count
        expect(invocation.sequentialRoundTrips).toBe(2);
      }
    });

    test('When a licence has expired or is about to, then daysLeft counts China calendar days (negative once expired)', async () => {
      const expiringSoon = ((await call('detail', { id: expiring._id })) as any).data.licence;
      expect(expiringSoon).toMatchObject({ daysLeft: 12, status: 'expiring', statusLabel: '即将到期' });
      const lapsed = ((await call('detail', { id: expiredLater._id })) as any).data.licence;
      expect(lapsed).toMatchObject({ daysLeft: -3, status: 'expired', statusLabel: '已过期' });
    });

    test('When another provider’s customer or an unknown id is asked for, then NOT_FOUND and nothing of it is shown', async () => {
      for (const id of [foreign._id, 'cu_does_not_exist']) {
        const result = await call('detail', { id });
        expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
        expect(JSON.stringify(result)).not.toContain('AGILE');
      }
      // …and the owner does see it.
      expect(await call('detail', { id: foreign._id }, other)).toMatchObject({ ok: true, data: { customer: { name: foreign.name } } });
    });
  });

  describe('revealContact', () => {
    const auditOf = async (customerId: string) => (await emu.database.find(COLLECTIONS.auditLog, {})).filter((a) => a.targetId === customerId);

    test('When 查看 is tapped, then the clear contact comes back and an audit entry names who looked at whose contact', async () => {
      const before = Date.now();
      expect(await call('revealContact', { id: plain._id })).toEqual({ ok: true, data: { contactPerson: '欧阳晓东', phone: '13900001111', email: 'ouyang.xiaodong@example.cn' } });
      const entries = await auditOf(plain._id);
      expect(entries).toEqual([
        {
          _id: expect.stringMatching(/^audit_/),
          serviceProviderId: mine.provider._id,
          actorId: mine.users.yunfan_admin._id,
          actorName: mine.users.yunfan_admin.name,
          action: 'customers.revealContact',
          targetType: 'customer',
          targetId: plain._id,
          details: { customerName: plain.name },
          at: expect.any(Date),
        },
      ]);
      expect((entries[0].at as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
      await call('revealContact', { id: plain._id });
      expect(await auditOf(plain._id)).toHaveLength(2);
    });

    test('When another provider’s customer, an unknown id or nobody signed in asks, then NOT_FOUND / UNAUTHENTICATED, no contact and no audit entry', async () => {
      const audit = await emu.database.count(COLLECTIONS.auditLog, {});
      for (const id of [foreign._id, 'cu_does_not_exist']) {
        const result = await call('revealContact', { id });
        expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在' } });
      }
      expect(await call('revealContact', { id: plain._id }, 'o-never-signed-in')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await call('revealContact', { id: { $ne: null } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(await emu.database.count(COLLECTIONS.auditLog, {})).toBe(audit);
      // The owner still sees its own customer's contact.
      expect(await call('revealContact', { id: foreign._id }, other)).toMatchObject({ ok: true, data: { phone: '13812345678' } });
    });
  });

  describe('tickets', () => {
    test('When a customer’s tickets are listed, then they page newest first and filter by status', async () => {
      const c = await addCustomer(emu, mine, { name: '常州通达物流有限公司' });
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await addTicket(emu, c, { status: i < 2 ? 'resolved' : 'open', resolvedAt: i < 2 ? new Date() : null, createdAt: new Date(Date.now() - i * 3600_000) }));
      const page1 = (await call('tickets', { id: c._id, page: 1, pageSize: 3 })) as any;
      expect(page1.data).toMatchObject({ total: 5, page: 1, pageSize: 3 });
      expect(page1.data.tickets.map((t: { id: string }) => t.id)).toEqual(made.slice(0, 3).map((t) => t._id));
      expect(page1.data.tickets[0]).toMatchObject({ ticketNo: made[0].ticketNo, priority: 'normal', escalationStatus: 'normal', assigneeName: null, resolvedAt: expect.any(String) });
      const resolved = (await call('tickets', { id: c._id, status: 'resolved' })) as any;
      expect(resolved.data.total).toBe(2);
      expect(resolved.data.tickets.every((t: { status: string }) => t.status === 'resolved')).toBe(true);
    });

    test('When another provider’s customer is asked for, then NOT_FOUND even though it has tickets', async () => {
      await addTicket(emu, foreign);
      expect(await call('tickets', { id: foreign._id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call('tickets', { id: foreign._id }, other)).toMatchObject({ ok: true, data: { total: 1 } });
    });
  });

  describe('usageScore', () => {
    test('When a customer has 30 days of usage, then the score comes with a Chinese explanation for every component', async () => {
      const c = await addCustomer(emu, mine, { name: '佛山隆基模具厂', portCount: 10 });
      await addUsage(emu, c, 30, { activeUsers: 7, logins: 12, modulesUsed: 6, documentsCreated: 40 });
      const result = (await call('usageScore', { id: c._id })) as any;
      expect(result.ok).toBe(true);
      expect(result.data.score).toBeGreaterThan(0);
      expect(result.data.score).toBeLessThanOrEqual(100);
      expect(['high', 'medium', 'low']).toContain(result.data.level);
      expect(result.data.levelLabel).toMatch(/^[高中低]$/);
      expect(result.data.components).toHaveLength(5);
      for (const component of result.data.components) {
        expect(component).toEqual(expect.objectContaining({ key: expect.any(String), label: expect.stringMatching(/[\u4e00-\u9fa5]/), weight: expect.any(Number), score: expect.any(Number) }));
        expect(component.explanation).toMatch(/[\u4e00-\u9fa5]{4}/);
      }
      expect(result.data.components[0]).toMatchObject({ key: 'seats', value: 7, explanation: expect.stringContaining('开通 10 个端口') });
      expect(result.data.trend).toEqual({ direction: 'flat', delta: 0, previousScore: null });
      expect(Date.parse(result.data.computedAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    test('When another provider’s customer is scored, then NOT_FOUND', async () => {
      await addUsage(emu, foreign, 5, { activeUsers: 3, logins: 3, modulesUsed: 3, documentsCreated: 3 });
      expect(await call('usageScore', { id: foreign._id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call('usageScore', { id: foreign._id }, other)).toMatchObject({ ok: true });
    });
  });

  describe('validation and identity', () => {
    const bad: [string, unknown][] = [
      ['list', { page: 0 }],
      ['list', { page: -1 }],
      ['list', { page: 1e12 }],
      ['list', { pageSize: 51 }],
      ['list', { pageSize: 0 }],
      ['list', { page: '1' }],
      ['list', { status: 'vip' }],
      ['list', { keyword: 'x'.repeat(51) }],
      ['list', { keyword: { $ne: null } }],
      ['list', { keyword: 'x'.repeat(1024 * 1024) }],
      ['list', { region: { $regex: '.*' } }],
      ['list', { hasUnresolved: 'yes' }],
      ['list', { serviceProviderId: 'sp_other' }],
      ['detail', {}],
      ['detail', { id: { $ne: null } }],
      ['detail', { id: 42 }],
      ['detail', { id: 'x'.repeat(1024 * 1024) }],
      ['tickets', { id: plainId(), status: 'closed' }],
      ['tickets', { id: plainId(), pageSize: 500 }],
      ['usageScore', { id: null }],
    ];
    function plainId() {
      return 'cu_any';
    }

    test('When payloads are malformed, then INVALID_ARGUMENT and the database is unchanged', async () => {
      const before = await emu.database.find(COLLECTIONS.customers, {});
      for (const [action, payload] of bad) {
        const result = await call(action, payload);
        expect({ action, payload: JSON.stringify(payload).slice(0, 60), result }).toMatchObject({ result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
      }
      expect(await emu.database.find(COLLECTIONS.customers, {})).toEqual(before);
    });

    test('When the action is unknown, then UNSUPPORTED_ACTION', async () => {
      expect(await call('delete', { id: plain._id })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_ACTION' } });
      expect(await emu.database.count(COLLECTIONS.customers, { _id: plain._id })).toBe(1);
    });

    test('When nobody is signed in, then every action answers UNAUTHENTICATED', async () => {
      for (const [action, payload] of [['list', {}], ['detail', { id: plain._id }], ['revealContact', { id: plain._id }], ['tickets', { id: plain._id }], ['usageScore', { id: plain._id }]] as const) {
        expect(await call(action, payload, 'o-never-signed-in')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
        expect(await call(action, payload, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    });

    test('When contact fields are stored, then they are encrypted at rest', async () => {
      const [stored] = await emu.database.find(COLLECTIONS.customers, { _id: plain._id });
      for (const field of ['contactPerson', 'phone', 'email']) expect(isEncrypted(stored[field])).toBe(true);
    });
  });
});
