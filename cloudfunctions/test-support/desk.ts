import { randomBytes } from 'node:crypto';
import { COLLECTIONS, type CustomerDoc } from '@partner-desk/database';
import { encryptField } from '@partner-desk/shared';
import type { RunningEmulators } from '../../emulator/src/suite';
import { callAs, seedTenant, signInAs, type SeededTenant } from './product-emulators';

/** What the ticket, message and chat tests arrange: a provider with signed-in users and customers. */
export interface Desk {
  tenant: SeededTenant;
  /** username → OPENID signed in as that user. */
  openIds: Record<string, string>;
  customers: CustomerDoc[];
}

export async function seedCustomer(emu: RunningEmulators, tenant: SeededTenant, name: string, overrides: Partial<CustomerDoc> = {}): Promise<CustomerDoc> {
  const now = new Date();
  const customer: CustomerDoc = {
    _id: `c_${randomBytes(6).toString('hex')}`,
    serviceProviderId: tenant.provider._id,
    serviceProviderName: tenant.provider.name,
    externalId: `ext-${randomBytes(4).toString('hex')}`,
    name,
    contactPerson: encryptField('张三'),
    phone: encryptField('13900000000'),
    email: encryptField('c@example.com'),
    region: '上海',
    softwareVersion: 'V8.0',
    portCount: 10,
    purchaseDate: new Date('2025-01-01T00:00:00Z'),
    expiryDate: new Date('2027-01-01T00:00:00Z'),
    status: 'active',
    usageScore: 60,
    unresolvedIssues: 0,
    lastActiveTime: now,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await emu.database.insert(COLLECTIONS.customers, [customer]);
  return customer;
}

/** A provider named `name` with the given accounts all signed in, and `customerCount` customers. */
export async function seedDesk(emu: RunningEmulators, name: string, accounts: Record<string, 'admin' | 'agent'>, customerCount = 2): Promise<Desk> {
  const tenant = await seedTenant(emu, name, accounts);
  const openIds: Record<string, string> = {};
  for (const [username, user] of Object.entries(tenant.users)) {
    openIds[username] = `o-${username}-${randomBytes(3).toString('hex')}`;
    await signInAs(emu, openIds[username], user);
  }
  const customers: CustomerDoc[] = [];
  for (let i = 0; i < customerCount; i++) customers.push(await seedCustomer(emu, tenant, `${name}客户${i + 1}`));
  return { tenant, openIds, customers };
}

/** Raw stored documents matching top-level equalities, filtered here so arranging tests need no index. */
export async function rawDocs(emu: RunningEmulators, collection: string, filter: Record<string, unknown> = {}): Promise<any[]> {
  const all = (await emu.database.find(collection, {})) as any[];
  return all.filter((doc) => Object.entries(filter).every(([k, v]) => doc[k] === v));
}

/** Everything the given collections hold, to show that a refused call changed nothing. */
export async function snapshot(emu: RunningEmulators, collections: string[]) {
  const out: Record<string, unknown[]> = {};
  for (const c of collections) out[c] = await emu.database.find(c, {});
  return out;
}

interface Operation {
  collection?: string;
  action: string;
  startedAt: number;
  endedAt: number;
}

/**
 * The most sequential round trips over a few calls, as the function's worker timed its own requests
 * (the hub's `sequentialRoundTrips`): requests issued together count once, whatever the machine's load.
 */
export async function worstRoundTrips(emu: RunningEmulators, fn: string, call: () => Promise<unknown>, tries = 3): Promise<number> {
  let worst = 0;
  for (let i = 0; i < tries; i++) {
    await call();
    const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=${fn}&limit=1`).then((r) => r.json())) as { invocations: { sequentialRoundTrips: number }[] };
    worst = Math.max(worst, list.invocations[list.invocations.length - 1].sequentialRoundTrips);
  }
  return worst;
}

/** The database operations of the last invocation of `fn`, from the hub's invocation log. */
export async function lastInvocationOperations(emu: RunningEmulators, fn: string): Promise<Operation[]> {
  const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=${fn}`).then((r) => r.json())) as { invocations: { operations: Operation[] }[] };
  return list.invocations[list.invocations.length - 1].operations;
}

async function invocations(emu: RunningEmulators, fn: string) {
  const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=${fn}`).then((r) => r.json())) as { invocations: { logs: { message: string }[] }[] };
  return list.invocations;
}

export const invocationCount = async (emu: RunningEmulators, fn: string) => (await invocations(emu, fn)).length;

/** How many transaction retries the invocations after the first `skip` logged (the log is bounded: an estimate for reports). */
export async function retriesLogged(emu: RunningEmulators, fn: string, skip: number): Promise<number> {
  const all = await invocations(emu, fn);
  return all.slice(skip).reduce((n, inv) => n + inv.logs.filter((l) => l.message.includes('[transaction] conflict')).length, 0);
}

/**
 * Starts the function's workers before a concurrency test: a cold start on a loaded machine can pass
 * the function's timeout, which is not what those tests measure.
 */
export async function warmUp(emu: RunningEmulators, fn: string, openId: string, workers = 8): Promise<void> {
  await Promise.all(Array.from({ length: workers }, () => callAs(emu, openId, fn, '__warm_up__', {})));
}

export { callAs };

/** Bad payloads every action must refuse with INVALID_ARGUMENT: wrong types, operators, huge strings. */
export const HUGE = 'x'.repeat(1024 * 1024);
