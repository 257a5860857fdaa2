/**
 * The scheduled sync through the emulator against the PC-side simulator's existing system (the reference
 * implementation of `GET /customers`), with a small relay in front of it that can hold a page past the
 * function's time limit, answer 500, or change the data between two pages. The function runs with a
 * time limit of 8 s here (a copy of cloudbaserc.json with only that changed), so a run killed by the
 * platform takes seconds; its paging keeps 4 s of those back (run-sync.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { COLLECTIONS } from '@partner-desk/database';
import type { ExistingSystemCustomer } from '@partner-desk/pc-protocol';
import { decryptField } from '@partner-desk/shared';
import { parseImportDate } from '@partner-desk/shared/admin/customer-import';
import { DEFAULT_EXPIRY_ALERT_DAYS, licenceAlertDue } from '@partner-desk/shared/customers/alerts';
import { deriveCustomerStatus } from '@partner-desk/shared/customers/status';
import { computeUsageBreakdown } from '@partner-desk/shared/customers/usage-score';
import { callAs, invokeFunction, PRODUCT_ROOT, rawDocs, seedTenant, startProductEmulators, uniqueId, type SeededTenant } from '../../../test-support';
import { closeServer, listenOn } from '../../../emulator/src/http-util';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { PcSimulator } from '../../../pc-simulator/src/simulator';

const DAY = 86_400_000;
const SYNC_TIME_LIMIT_S = 8;
const BULK_SIZE = 25;

type Behaviour = 'pass' | 'hang' | 'fail';

/**
 * The existing system as the sync reaches it: every request goes on to the simulator unchanged (the
 * signature covers the timestamp and the empty body, not the address), unless `plan` says to hold it
 * (never answered until released) or answer 500; `afterServe` runs between a page and the next request.
 */
class FeedRelay {
  requests: { since: string | null; page: number; pageSize: number }[] = [];
  plan: (page: number, index: number) => Behaviour = () => 'pass';
  afterServe: ((page: number) => Promise<void>) | null = null;
  private held: http.ServerResponse[] = [];
  private server?: http.Server;
  private port = 0;
  constructor(private readonly target: () => string) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = http.createServer((req, res) => void this.relay(req, res));
    this.port = await listenOn(this.server, 0, '127.0.0.1');
  }

  async stop() {
    this.release();
    if (this.server) await closeServer(this.server);
  }

  /** Answers the held requests (503), as a hung system that finally gives up. */
  release() {
    for (const res of this.held.splice(0)) if (!res.writableEnded) res.writeHead(503).end();
  }

  reset() {
    this.requests = [];
    this.plan = () => 'pass';
    this.afterServe = null;
  }

  private async relay(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://relay');
    const page = Number(url.searchParams.get('page') ?? 1);
    const index = this.requests.push({ since: url.searchParams.get('updatedSince'), page, pageSize: Number(url.searchParams.get('pageSize')) }) - 1;
    const behaviour = this.plan(page, index);
    if (behaviour === 'hang') return void this.held.push(res);
    if (behaviour === 'fail') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"SIMULATED","message":"down"}}');
    const headers: Record<string, string> = {};
    for (const name of ['x-pd-timestamp', 'x-pd-delivery', 'x-pd-signature']) headers[name] = String(req.headers[name] ?? '');
    const answer = await fetch(`${this.target()}${req.url}`, { headers });
    const body = await answer.text();
    await this.afterServe?.(page);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(body);
  }
}

/** The product's cloudbaserc.json with only sync's timeout shortened, its functions where `npm run build` put them. */
function projectWithShortSync(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-sync-project-'));
  const rc = JSON.parse(fs.readFileSync(path.join(PRODUCT_ROOT, 'cloudbaserc.json'), 'utf8'));
  rc.functionRoot = path.join(PRODUCT_ROOT, 'build', 'functions');
  rc.framework.plugins.functions.inputs.functionRootPath = rc.functionRoot;
  for (const fn of rc.functions) if (fn.name === 'sync') fn.timeout = SYNC_TIME_LIMIT_S;
  fs.writeFileSync(path.join(root, 'cloudbaserc.json'), JSON.stringify(rc, null, 2));
  return root;
}

const chinaDay = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);

describe('sync: the existing system\'s customers, every 10 minutes', () => {
  let emu: RunningEmulators;
  let simulator: PcSimulator;
  let relay: FeedRelay;
  let projectRoot: string;
  let alpha: SeededTenant;
  let beta: SeededTenant;
  let bulkInstant: string;

  /** The data set: 45 customers of two providers, the first 25 stamped in one instant (a bulk load), licences around every alert threshold. */
  function dataSet(now: number): ExistingSystemCustomer[] {
    const offsets = [-10, -100, 3, 7, 20, 30, 45, 60, 75, 90, 120, 400];
    bulkInstant = new Date(now - 5 * DAY).toISOString();
    return Array.from({ length: 45 }, (_, i) => {
      const expiry = now + offsets[i % offsets.length] * DAY;
      return {
        externalId: `K9${String(i).padStart(7, '0')}`,
        providerExternalId: i % 3 === 0 ? beta.provider.externalId! : alpha.provider.externalId!,
        name: `同步客户${i}`,
        contactPerson: `联系人${i}`,
        phone: `1390000${String(i).padStart(4, '0')}`,
        email: `c${i}@example.cn`,
        region: i % 2 ? '上海市' : '浙江省杭州市',
        ...(i % 5 ? { industry: '制造' } : {}),
        softwareVersion: 'V9.1 云版',
        portCount: 5 + (i % 7),
        purchaseDate: new Date(expiry - 365 * DAY).toISOString(),
        expiryDate: new Date(expiry).toISOString(),
        lastActiveTime: i % 4 ? new Date(now - i * 3600_000).toISOString() : null,
        usage: i % 4 === 1 ? { date: chinaDay(now - DAY), activeUsers: 3 + (i % 5), logins: 10 + i, modulesUsed: 4, documentsCreated: 20 + i } : null,
        updatedAt: i < BULK_SIZE ? bulkInstant : new Date(now - 5 * DAY + (i - BULK_SIZE + 1) * 1000).toISOString(),
      };
    });
  }

  beforeAll(async () => {
    relay = new FeedRelay(() => simulator.existingSystemUrl);
    await relay.start();
    // The functions read the existing system's address through {{env.PD_EXISTING_SYSTEM_URL}}: the relay's.
    process.env.PD_EXISTING_SYSTEM_URL = relay.url;
    projectRoot = projectWithShortSync();
    emu = await startProductEmulators({ root: projectRoot });
    simulator = new PcSimulator({ secret: process.env.PD_PC_SECRET!, port: 0, log: () => {} });
    await simulator.start();
    alpha = await seedTenant(emu, uniqueId('alpha'));
    beta = await seedTenant(emu, uniqueId('beta'));
    simulator.seed({ providers: [{ code: alpha.provider.externalId!, name: alpha.provider.name }, { code: beta.provider.externalId!, name: beta.provider.name }], customers: dataSet(Date.now()) }, 'sync test');
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await simulator?.stop();
    await emu?.stop();
    if (projectRoot) fs.rmSync(projectRoot, { recursive: true, force: true });
  });

  afterEach(() => relay.reset());

  const syncNow = async (options: { pageSize?: number; maxPages?: number } = {}) => invokeFunction(emu, 'sync', options);
  const state = async () => (await rawDocs(emu, COLLECTIONS.syncState, { _id: 'customers' }))[0];
  const alertKeys = async () => (await rawDocs(emu, COLLECTIONS.messages, { type: 'customer_alert' })).filter((m) => [alpha.provider._id, beta.provider._id].includes(m.serviceProviderId)).map((m) => `${m.serviceProviderId}|${m.dedupeKey}`);
  const simulated = () => simulator.store.state.customers;

  /** Every customer of the existing system is ours as the contract says, and every licence alert it warrants is raised exactly once. */
  async function expectMirrored() {
    const now = new Date();
    const owners = new Map([alpha, beta].map((t) => [t.provider.externalId!, t.provider._id]));
    const stored = new Map((await rawDocs(emu, COLLECTIONS.customers, {})).map((c) => [c.externalId, c]));
    const expectedAlerts: string[] = [];
    for (const row of simulated()) {
      const doc = stored.get(row.externalId);
      const expiryDate = parseImportDate(row.expiryDate);
      expect({ externalId: row.externalId, doc: doc && { ...doc, contactPerson: decryptField(doc.contactPerson), phone: decryptField(doc.phone), email: decryptField(doc.email) } }).toMatchObject({
        externalId: row.externalId,
        doc: {
          serviceProviderId: owners.get(row.providerExternalId),
          name: row.name,
          contactPerson: row.contactPerson,
          phone: row.phone,
          email: row.email,
          region: row.region,
          softwareVersion: row.softwareVersion,
          portCount: row.portCount,
          expiryDate,
          purchaseDate: parseImportDate(row.purchaseDate),
          lastActiveTime: row.lastActiveTime ? new Date(row.lastActiveTime) : null,
          sourceUpdatedAt: new Date(row.updatedAt),
          status: deriveCustomerStatus(expiryDate, now, 30),
          unresolvedIssues: 0,
        },
      });
      if (row.industry) expect(doc!.industry).toBe(row.industry);
      if (row.usage) {
        const [record] = await rawDocs(emu, COLLECTIONS.usageRecords, { customerId: doc!._id });
        expect(record).toMatchObject({ activeUsers: row.usage.activeUsers, logins: row.usage.logins, serviceProviderId: doc!.serviceProviderId });
        expect(doc!.usageScore).toBe(computeUsageBreakdown([{ ...row.usage, date: parseImportDate(row.usage.date) }], row.portCount, now).score);
      }
      const alert = licenceAlertDue({ ...doc!, expiryDate }, now, DEFAULT_EXPIRY_ALERT_DAYS);
      if (alert) expectedAlerts.push(`${doc!.serviceProviderId}|${alert.dedupeKey}`);
    }
    expect(stored.size).toBe(simulated().length);
    return expectedAlerts.sort();
  }

  test('When the sync is fired through the hub, then every customer of the existing system is stored under its provider with status, usage score and each licence alert once; a second run changes nothing', async () => {
    const fired = await fetch(`${emu.hubUrl}/timers/sync:fire`, { method: 'POST' });
    const first = (await fired.json()) as any;
    expect(first).toMatchObject({ ok: true, data: { busy: false, error: null, caughtUp: true, inserted: 45, updated: 0, unchanged: 0, parked: 0 } });
    const expected = await expectMirrored();
    // 45 customers: 43 with a threshold crossed or a recent expiry (the long-expired ones and those far out have none).
    expect(expected.length).toBeGreaterThan(20);
    expect((await alertKeys()).sort()).toEqual(expected);
    expect(await state()).toMatchObject({ cursor: new Date(simulated().at(-1)!.updatedAt).toISOString(), page: 1, lease: null, lastError: null, totals: { runs: 1, applied: 45 } });

    const second = (await syncNow()) as any;
    expect(second.body).toMatchObject({ ok: true, data: { inserted: 0, updated: 0, alerts: 0, caughtUp: true } });
    expect((await alertKeys()).sort()).toEqual(expected);
  });

  test('When a customer is edited in the simulator, then the next sync carries the edit (licence 5 days out: the 7-day alert), once however often it runs', async () => {
    const target = simulated()[40];
    const edit = await fetch(`${simulator.url}/api/customers/${target.externalId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portCount: 60, expiryDate: chinaDay(Date.now() + 5 * DAY), softwareVersion: 'V10 旗舰版' }),
    });
    expect(edit.status).toBe(200);
    const run = (await syncNow()) as any;
    expect(run.body).toMatchObject({ ok: true, data: { updated: 1, inserted: 0, error: null } });
    const [doc] = await rawDocs(emu, COLLECTIONS.customers, { externalId: target.externalId });
    expect(doc).toMatchObject({ portCount: 60, softwareVersion: 'V10 旗舰版', status: 'expiring' });
    const expected = await expectMirrored();
    expect(expected).toContain(`${doc.serviceProviderId}|expiry:${doc._id}:${chinaDay(Date.now() + 5 * DAY)}:7`);
    expect((await alertKeys()).sort()).toEqual(expect.arrayContaining(expected));
    const before = await alertKeys();
    await syncNow();
    await syncNow();
    expect((await alertKeys()).sort()).toEqual(before.sort());
  });

  test('When a sync is killed halfway (a page held past the function\'s time limit) and run again, then it continues from its cursor to the same end state with no duplicate alert', async () => {
    // 30 new customers, stamped one after another, then the sync reads 10 a page and the third page hangs.
    for (let i = 0; i < 30; i++) {
      const added = await fetch(`${simulator.url}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ providerExternalId: alpha.provider.externalId, name: `续读客户${i}`, contactPerson: '周九', phone: '13700001234', email: 'zhou@example.com', region: '南京市', softwareVersion: 'V9', portCount: 4, purchaseDate: '2025-01-01', expiryDate: chinaDay(Date.now() + (i % 2 ? 25 : 200) * DAY) }),
      });
      expect(added.status).toBe(200);
    }
    const cursorBefore = (await state()).cursor;
    relay.plan = (page, index) => (index === 2 ? 'hang' : 'pass');
    const killed = await syncNow({ pageSize: 10 });
    expect(killed).toMatchObject({ status: 500, body: { error: { code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' } } });
    relay.release();
    const midway = await state();
    // Two pages applied and their position saved; the lease ends with the function's time (a second before its
    // limit, counted from when the handler started: a cold start's loading may still be running when it is killed).
    expect(new Date(midway.cursor).getTime()).toBeGreaterThan(new Date(cursorBefore).getTime());
    expect(new Date(midway.lease.until).getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    while (Date.now() <= new Date(midway.lease.until).getTime()) await new Promise((r) => setTimeout(r, 50));
    // Two pages of 10, each starting with the row of the instant already applied (updatedSince is inclusive): 18 new.
    const storedMidway = (await rawDocs(emu, COLLECTIONS.customers, {})).filter((c) => c.name.startsWith('续读客户')).length;
    expect(storedMidway).toBe(18);

    relay.requests = [];
    relay.plan = () => 'pass';
    const resumed = (await syncNow({ pageSize: 10 })) as any;
    expect(resumed.body).toMatchObject({ ok: true, data: { inserted: 12, caughtUp: true, error: null } });
    // It started where the killed run stopped: from the cursor, not from the beginning.
    expect(relay.requests[0]).toMatchObject({ since: midway.since, page: 1 });
    const expected = await expectMirrored();
    const keys = await alertKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(expect.arrayContaining(expected));
  }, 60_000);

  test('When the feed fails on a page, or the position saved after a page is lost, then the run stops there and the next one gets the same end state without duplicates', async () => {
    for (let i = 0; i < 12; i++) {
      await fetch(`${simulator.url}/api/customers/${simulated()[i + 25].externalId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ region: `重庆市${i}` }) });
    }
    relay.plan = (page, index) => (index === 1 ? 'fail' : 'pass');
    const failed = (await syncNow({ pageSize: 5 })) as any;
    // The first page (5 rows, the first of them the instant already applied) is in; the second answered 500.
    expect(failed.body).toMatchObject({ ok: true, data: { updated: 4, caughtUp: false, error: expect.stringContaining('HTTP 500') } });
    expect(await state()).toMatchObject({ lastError: expect.stringContaining('HTTP 500'), lease: null });

    relay.plan = () => 'pass';
    expect(((await syncNow({ pageSize: 5 })) as any).body).toMatchObject({ ok: true, data: { updated: 8, caughtUp: true, error: null } });
    const end = await rawDocs(emu, COLLECTIONS.customers, {});
    const keys = (await alertKeys()).sort();

    // A crash after the writes but before the position was saved: the next run reads those rows again and writes nothing.
    await emu.database.update(COLLECTIONS.syncState, { _id: 'customers' }, { $set: { since: null, page: 1, lastKey: null, cursor: null } }, { multi: false, upsert: false, merge: true });
    const replay = (await syncNow({ pageSize: 50 })) as any;
    expect(replay.body).toMatchObject({ ok: true, data: { inserted: 0, updated: 0, moved: 0, unchanged: simulated().length, alerts: 0, caughtUp: true } });
    expect(await rawDocs(emu, COLLECTIONS.customers, {})).toEqual(end);
    expect((await alertKeys()).sort()).toEqual(keys);
    await expectMirrored();
  }, 60_000);

  test('When customers are edited while the sync pages through them (one instant bigger than a page, then later rows), then no row is skipped: the look-back finds the one that slid onto a page already read', async () => {
    // Back to the bulk instant: the position as if the sync had read up to the first bulk row.
    const bulk = simulated().filter((c) => c.updatedAt === bulkInstant).map((c) => c.externalId).sort();
    expect(bulk.length).toBe(BULK_SIZE);
    await emu.database.update(COLLECTIONS.syncState, { _id: 'customers' }, { $set: { since: bulkInstant, page: 1, lastKey: { updatedAt: bulkInstant, externalId: bulk[0] }, cursor: bulkInstant } }, { multi: false, upsert: false, merge: true });
    // The region of every bulk customer but the first is changed in our copy, so a row the sync reads again is restored (seen) and one it skipped stays wrong.
    for (const externalId of bulk.slice(1)) await emu.database.update(COLLECTIONS.customers, { externalId }, { $set: { region: '未同步', sourceUpdatedAt: new Date(0) } }, { multi: false, upsert: false, merge: true });

    // After the first page (10 bulk rows), one of them is edited: it moves to the end, and every bulk row after it moves back one place.
    let edited = '';
    relay.afterServe = async (page) => {
      if (edited) return;
      edited = bulk[3];
      const res = await fetch(`${simulator.url}/api/customers/${edited}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '分页中改名的客户' }) });
      expect(res.status).toBe(200);
    };
    const run = (await syncNow({ pageSize: 10 })) as any;
    expect(run.body).toMatchObject({ ok: true, data: { caughtUp: true, error: null } });
    // Page 2 of the bulk instant was followed by page 1 again (the look-back).
    expect(relay.requests.slice(0, 3).map((r) => [r.since, r.page])).toEqual([
      [bulkInstant, 1],
      [bulkInstant, 2],
      [bulkInstant, 1],
    ]);
    const stored = await rawDocs(emu, COLLECTIONS.customers, {});
    expect(stored.filter((c) => c.region === '未同步').map((c) => c.externalId)).toEqual([]);
    expect(stored.find((c) => c.externalId === edited)).toMatchObject({ name: '分页中改名的客户' });
    await expectMirrored();
  }, 60_000);

  test('When a row names a provider code nobody has, then it is parked, and creating the provider with that code stores it', async () => {
    const code = uniqueId('SPN', '-');
    const added = await fetch(`${simulator.url}/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ providerExternalId: code, name: '新服务商的客户', contactPerson: '吴十', phone: '13900009999', email: 'wu@example.com', region: '成都市', softwareVersion: 'V9', portCount: 2, purchaseDate: '2025-01-01', expiryDate: '2030-01-01' }),
    });
    const { customer } = (await added.json()) as { customer: ExistingSystemCustomer };
    expect(((await syncNow()) as any).body).toMatchObject({ ok: true, data: { parked: 1, inserted: 0 } });
    expect(await rawDocs(emu, COLLECTIONS.parkedEvents, { providerExternalId: code })).toEqual([expect.objectContaining({ type: 'customer.upserted', reason: 'unknown_provider', status: 'parked' })]);
    // Read again (the position is back at the same instant): parked once.
    expect(((await syncNow()) as any).body).toMatchObject({ ok: true, data: { parked: 0 } });

    const created = await callAs(emu, null, 'admin', 'createProvider', { name: uniqueId('成都服务商'), externalId: code });
    expect(created).toMatchObject({ ok: true });
    expect((await rawDocs(emu, COLLECTIONS.customers, { externalId: customer.externalId }))[0]).toMatchObject({ name: '新服务商的客户', serviceProviderId: created.ok && created.data.providerId });
  });

  test('When a second run starts while one is paging, then it finds the lease taken and does nothing', async () => {
    relay.plan = (page, index) => (index === 0 ? 'hang' : 'pass');
    const first = syncNow();
    while (relay.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const second = (await syncNow()) as any;
    expect(second.body).toMatchObject({ ok: true, data: { busy: true, pages: 0 } });
    relay.release();
    expect(((await first) as any).body).toMatchObject({ ok: true, data: { busy: false, error: expect.stringContaining('HTTP 503') } });
    expect(await state()).toMatchObject({ lease: null });
  });
});
