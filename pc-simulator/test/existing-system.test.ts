/**
 * The existing system's API the `sync` timer reads (api-contract.md, "Scheduled sync": GET
 * /customers?updatedSince=&page=&pageSize=, signed the same way with "" as the body → { customers, hasMore }),
 * and the page's edits that a sync must pick up (every edit stamps updatedAt).
 */
import { customerPageSchema, customerPageSearch, parseWith } from '@partner-desk/pc-protocol';
import { signRequest } from '@partner-desk/pc-protocol/signing';
import type { PcSimulator } from '../src/simulator';
import { FIXTURE, pageApi, SECRET, startTestSimulator } from './support';

let simulator: PcSimulator;
beforeEach(async () => {
  simulator = await startTestSimulator();
});
afterEach(() => simulator.stop());

/** The sync's request: signed with an empty body, as the contract says. */
async function syncPage(query: { updatedSince?: string; page?: number; pageSize?: number }, options: { secret?: string; timestamp?: number } = {}) {
  const res = await fetch(`${simulator.existingSystemUrl}/customers?${customerPageSearch(query)}`, { headers: signRequest(options.secret ?? SECRET, '', { timestamp: options.timestamp }) });
  const body = (await res.json()) as any;
  if (res.status === 200) expect(parseWith(customerPageSchema, body)).toMatchObject({ ok: true });
  return { status: res.status, body };
}

const ids = (page: { customers: { externalId: string }[] }) => page.customers.map((c) => c.externalId);

describe('GET /customers', () => {
  test('When the sync asks without updatedSince, then every customer comes, oldest change first (ties by externalId), with the contract fields', async () => {
    const page = await syncPage({});
    expect(page.status).toBe(200);
    expect(ids(page.body)).toEqual(['K00100001', 'K00100008', 'K00100015']);
    expect(page.body.hasMore).toBe(false);
    expect(page.body.customers[0]).toEqual(FIXTURE.customers[0]);
  });

  test('When it pages, then pages follow each other without overlap and hasMore says whether another page follows', async () => {
    const first = await syncPage({ page: 1, pageSize: 2 });
    const second = await syncPage({ page: 2, pageSize: 2 });
    const third = await syncPage({ page: 3, pageSize: 2 });
    expect([ids(first.body), first.body.hasMore]).toEqual([['K00100001', 'K00100008'], true]);
    expect([ids(second.body), second.body.hasMore]).toEqual([['K00100015'], false]);
    expect([ids(third.body), third.body.hasMore]).toEqual([[], false]);
  });

  test('When updatedSince is given, then customers changed at or after it come (inclusive), so a resumed sync never misses one at its cursor', async () => {
    expect(ids((await syncPage({ updatedSince: '2026-11-02T00:00:00.000Z' })).body)).toEqual(['K00100008', 'K00100015']);
    expect(ids((await syncPage({ updatedSince: '2026-11-02T00:00:00.001Z' })).body)).toEqual([]);
    // The same instant written with an offset is the same cursor.
    expect(ids((await syncPage({ updatedSince: '2026-11-02T08:00:00+08:00' })).body)).toEqual(['K00100008', 'K00100015']);
  });

  test('When the page edits a customer, then its updatedAt moves past every other, and a sync from the old cursor gets exactly that customer with the new values', async () => {
    const cursor = '2026-11-02T00:00:00.001Z';
    const before = Date.now();
    const edit = await pageApi(simulator, 'PUT', '/customers/K00100001', { portCount: 30, expiryDate: '2029-05-06', usage: { date: '2026-12-05', activeUsers: 12, logins: 40, modulesUsed: 5, documentsCreated: 88 } });
    expect(edit.status).toBe(200);
    const updated = edit.body.customer;
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(before);
    // A China calendar day becomes that day's last second (23:59:59 +08:00), as the demo data has expiries.
    expect(updated).toMatchObject({ portCount: 30, expiryDate: '2029-05-06T15:59:59.000Z', usage: { date: '2026-12-05', activeUsers: 12 } });
    // Unchanged fields stay as they were, dates included.
    expect(updated.purchaseDate).toBe(FIXTURE.customers[0].purchaseDate);
    const page = await syncPage({ updatedSince: cursor });
    expect(page.body.customers).toEqual([updated]);
    // Sending the same day back (the form unchanged) keeps the stored time.
    const again = await pageApi(simulator, 'PUT', '/customers/K00100001', { purchaseDate: '2026-05-07', expiryDate: '2029-05-06' });
    expect(again.body.customer).toMatchObject({ purchaseDate: FIXTURE.customers[0].purchaseDate, expiryDate: '2029-05-06T15:59:59.000Z' });
  });

  test('When several edits land within one millisecond, then each still gets its own, later updatedAt', async () => {
    const stamps: string[] = [];
    for (const id of ['K00100001', 'K00100008', 'K00100015', 'K00100001']) stamps.push((await pageApi(simulator, 'PUT', `/customers/${id}`, { region: '上海市' })).body.customer.updatedAt);
    const times = stamps.map(Date.parse);
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
    expect(ids((await syncPage({ updatedSince: stamps[1] })).body)).toEqual(['K00100008', 'K00100015', 'K00100001']);
  });

  test('When a customer is added for a provider code, then it gets the next id and is the newest change; a taken id is refused', async () => {
    const added = await pageApi(simulator, 'POST', '/customers', {
      providerExternalId: 'SP09',
      name: '苏州新客户有限公司',
      contactPerson: '周杰',
      phone: '13900002222',
      email: 'zhoujie@example.com',
      region: '江苏省苏州市',
      softwareVersion: 'V9.1 云版',
      portCount: 10,
      purchaseDate: '2026-12-06',
      expiryDate: '2027-12-05',
    });
    expect(added.status).toBe(200);
    expect(added.body.customer).toMatchObject({ externalId: 'K00100016', providerExternalId: 'SP09', purchaseDate: '2026-12-05T16:00:00.000Z', expiryDate: '2027-12-05T15:59:59.000Z', usage: null, lastActiveTime: null });
    const page = await syncPage({});
    expect(ids(page.body).at(-1)).toBe('K00100016');
    const { updatedAt: _u, ...fields } = added.body.customer;
    const taken = await pageApi(simulator, 'POST', '/customers', { ...fields, externalId: 'K00100001' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'CONFLICT']);
    // updatedAt is the system's to stamp, not the form's.
    expect((await pageApi(simulator, 'POST', '/customers', { ...added.body.customer, externalId: 'K00100099' })).status).toBe(400);
    expect((await syncPage({})).body.customers).toHaveLength(4);
  });

  test('When an edit is invalid, then 400 names each field and nothing changes', async () => {
    const bad = await pageApi(simulator, 'PUT', '/customers/K00100008', { portCount: -1, email: 'nope', expiryDate: '2027-02-30', bogus: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['(body)', 'email', 'expiryDate', 'portCount']);
    expect((await syncPage({})).body.customers[1]).toEqual(FIXTURE.customers[1]);
    expect((await pageApi(simulator, 'PUT', '/customers/K404', { portCount: 1 })).status).toBe(404);
    const missing = await pageApi(simulator, 'POST', '/customers', { name: '只有名字' });
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['providerExternalId', 'contactPerson', 'phone', 'email', 'region', 'softwareVersion', 'portCount', 'purchaseDate', 'expiryDate']);
  });

  test('When the request is unsigned, signed with another secret or stale, then 401; a bad query is 400 naming the parameter', async () => {
    expect((await fetch(`${simulator.existingSystemUrl}/customers`)).status).toBe(401);
    expect((await syncPage({}, { secret: 'other' })).body.error.code).toBe('BAD_SIGNATURE');
    expect((await syncPage({}, { timestamp: Math.floor(Date.now() / 1000) - 600 })).body.error.code).toBe('STALE_TIMESTAMP');
    const res = await fetch(`${simulator.existingSystemUrl}/customers?page=0&pageSize=1000&updatedSince=yesterday`, { headers: signRequest(SECRET, '') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['page', 'pageSize', 'updatedSince']);
  });
});
