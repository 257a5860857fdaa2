/**
 * The one way a customer from the vendor's system is stored: admin.importCustomers, the PC system's
 * customer.upserted and the scheduled sync all call upsertVendorCustomers. By the vendor's id
 * (`externalId`, unique across providers: uniq_external), under the provider the vendor names:
 *
 *  - new: inserted under an id derived from the externalId (two racing creators collide on it);
 *  - this provider's: its vendor fields replaced; our own (open-issue count, creation) kept;
 *  - another provider's: it moves (the vendor says who owns it), with its usage history; its open issues
 *    stay with the provider that has the tickets, so the count starts at 0 for the new owner;
 *  - a version (sync updatedAt, event occurredAt) not newer than the stored one: nothing changes, so a
 *    late or repeated row never undoes a newer one and a re-read page writes nothing.
 * Each row is one transaction with what follows from it: the status from the expiry date (the provider's
 * `expiringDays`), the day's usage record and the recomputed usage score, and the 客户提醒 the customer
 * now warrants (alerts.ts; dedupe keys, so raised once however often it runs). A caller's guard runs in
 * the same transaction (the gateway records the delivery there). Signals go out after the commits.
 */
import { createHash } from 'node:crypto';
import type { CustomerDoc, UsageRecordDoc } from '@partner-desk/database';
import { mapWithConcurrency } from '../concurrency';
import { encryptField } from '../crypto/field-cipher';
import { notifyAfterCommit } from '../data/after-commit';
import { bumpSignals, type SignalTopic } from '../data/signals';
import type { TenantRef } from '../data/tenant-scope';
import { runScopedTransaction, type TransactionGuard } from '../data/transaction';
import { messagesInTransaction } from '../messages/repository';
import { inBusinessTz } from '../time';
import { alertsDue } from './alerts';
import { customersInTransaction, customersRepository, findCustomersByExternalIds, type KnownCustomer } from './repository';
import { deriveCustomerStatus } from './status';
import { computeUsageBreakdown, usageHistoryStart, type DailyUsage } from './usage-score';
import type { VendorCustomerInput } from './vendor-customer';

/** The provider a row goes to, with the settings its status and alerts follow. */
export interface CustomerOwner {
  id: string;
  name: string;
  expiringDays: number;
  expiryAlertDays: readonly number[];
}

export interface VendorCustomerUpsert {
  owner: CustomerOwner;
  customer: VendorCustomerInput;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'moved' | 'unchanged';

export interface UpsertedCustomer {
  externalId: string;
  customerId: string;
  serviceProviderId: string;
  outcome: UpsertOutcome;
  /** 客户提醒 raised by this row (not counting ones raised before). */
  alerts: number;
}

export interface UpsertOptions {
  now?: Date;
  /** Rows in flight at once (each is a transaction). */
  concurrency?: number;
  /** Added to each row's transaction (TransactionGuard): `after` runs whatever the outcome, unchanged included; a stopped row answers null. */
  guard?: (row: VendorCustomerUpsert) => TransactionGuard | undefined;
}

/** A new customer's id: derived from the vendor's id, so two creators of one customer meet on one document. */
export const customerIdOf = (externalId: string): string => `cu_${createHash('sha256').update(`vendor\u0000${externalId}`).digest('hex').slice(0, 32)}`;

/** One day's usage record of a customer: `ur_<customerId>_<yyyymmdd>` (China day), as the demo seed names them. */
export const usageRecordIdOf = (customerId: string, day: Date): string => `ur_${customerId}_${inBusinessTz(day).format('YYYYMMDD')}`;

const isNewer = (version: Date | undefined, stored: Date | null | undefined) => !version || !stored || version.getTime() > new Date(stored).getTime();

/**
 * The usage score after this row: from the day's figures and the stored history when the row brings
 * usage; the import's own score when it gives one; recomputed from history when the ports changed or the
 * customer is new; otherwise undefined (kept). Read before the transaction: scores are derived data, and
 * a concurrent run computes the same one.
 */
async function scoreAfter(customerId: string, input: VendorCustomerInput, known: KnownCustomer | undefined, now: Date): Promise<number | undefined> {
  const portsChanged = !known || known.portCount !== input.portCount;
  if (!input.usage && input.usageScore !== undefined) return input.usageScore;
  if (!input.usage && !portsChanged) return undefined;
  // The history is read where it is now: under the provider that holds the customer (a moving one's goes along after the commit).
  const holder: TenantRef | undefined = known && { serviceProviderId: known.serviceProviderId };
  const history: DailyUsage[] = holder ? await customersRepository(holder).usageSince(customerId, usageHistoryStart(now)) : [];
  const day = input.usage ? [...history.filter((r) => r.date.getTime() !== input.usage!.date.getTime()), input.usage] : history;
  return computeUsageBreakdown(day, input.portCount, now).score;
}

function vendorFields(owner: CustomerOwner, input: VendorCustomerInput, now: Date) {
  const fields = {
    serviceProviderName: owner.name,
    externalId: input.externalId,
    name: input.name,
    contactPerson: encryptField(input.contactPerson),
    phone: encryptField(input.phone),
    email: encryptField(input.email),
    region: input.region,
    softwareVersion: input.softwareVersion,
    portCount: input.portCount,
    purchaseDate: input.purchaseDate,
    expiryDate: input.expiryDate,
    status: deriveCustomerStatus(input.expiryDate, now, owner.expiringDays),
    updatedAt: now,
  };
  return {
    ...fields,
    ...(input.industry !== undefined ? { industry: input.industry } : {}),
    ...(input.lastActiveTime !== undefined ? { lastActiveTime: input.lastActiveTime } : {}),
    ...(input.version ? { sourceUpdatedAt: input.version } : {}),
  };
}

async function upsertOne(row: VendorCustomerUpsert, known: KnownCustomer | undefined, now: Date, guard: TransactionGuard | undefined): Promise<UpsertedCustomer | null> {
  const { owner, customer: input } = row;
  const tenant = { serviceProviderId: owner.id };
  const customerId = known?._id ?? customerIdOf(input.externalId);
  const score = await scoreAfter(customerId, input, known, now);

  return runScopedTransaction(tenant, async (transaction) => {
    if (guard?.before && !(await guard.before(transaction))) return null;
    const customers = customersInTransaction(transaction);
    const own = await customers.findCustomer(customerId);
    const fields = vendorFields(owner, input, now);
    let outcome: UpsertOutcome;
    let stored: CustomerDoc;
    if (own) {
      // Decided on the version this transaction read, and written to the same document: a concurrent writer conflicts.
      if (!isNewer(input.version, own.sourceUpdatedAt)) {
        await guard?.after?.(transaction);
        return { externalId: input.externalId, customerId, serviceProviderId: owner.id, outcome: 'unchanged', alerts: 0 };
      }
      const update = { ...fields, ...(score !== undefined ? { usageScore: score } : {}) };
      await customers.updateCustomer(customerId, update);
      stored = { ...own, ...update };
      outcome = 'updated';
    } else {
      // Absent for this provider: new, or held by another one (then `known`, read before, found it: customers are never
      // removed, so a customer known but not this provider's is another's). A move keeps only its creation time.
      const moving = known !== undefined;
      if (moving && !isNewer(input.version, known.sourceUpdatedAt)) {
        await guard?.after?.(transaction);
        return { externalId: input.externalId, customerId, serviceProviderId: known.serviceProviderId, outcome: 'unchanged', alerts: 0 };
      }
      const doc: Omit<CustomerDoc, '_id' | 'serviceProviderId'> = {
        ...fields,
        lastActiveTime: input.lastActiveTime ?? null,
        usageScore: score ?? 0,
        unresolvedIssues: 0,
        createdAt: known?.createdAt ?? now,
      };
      await customers.saveCustomer(customerId, doc);
      stored = { _id: customerId, serviceProviderId: owner.id, ...doc };
      outcome = moving ? 'moved' : 'inserted';
    }
    if (input.usage) await customers.saveUsage({ _id: usageRecordIdOf(customerId, input.usage.date), customerId, ...input.usage } satisfies Omit<UsageRecordDoc, 'serviceProviderId'>);
    const messages = messagesInTransaction(transaction);
    let alerts = 0;
    for (const alert of alertsDue(stored, now, owner.expiryAlertDays)) if (await messages.raiseOnce(alert, now)) alerts++;
    await guard?.after?.(transaction);
    return { externalId: input.externalId, customerId, serviceProviderId: owner.id, outcome, alerts };
  });
}

/**
 * Stores `rows` (see the file's comment), `concurrency` at a time; answers each row's outcome in order
 * (null where a guard stopped it). Afterwards the owners' users are signalled, and a moved customer's
 * usage history follows it.
 */
export async function upsertVendorCustomers(rows: readonly VendorCustomerUpsert[], options: UpsertOptions = {}): Promise<(UpsertedCustomer | null)[]> {
  const now = options.now ?? new Date();
  const known = await findCustomersByExternalIds(rows.map((r) => r.customer.externalId));
  const results = await mapWithConcurrency(rows, options.concurrency ?? 10, (row) => upsertOne(row, known.get(row.customer.externalId), now, options.guard?.(row)));

  const topics = new Map<string, Set<SignalTopic>>();
  const handOvers: (() => Promise<unknown>)[] = [];
  for (const result of results) {
    if (!result || result.outcome === 'unchanged') continue;
    const set = topics.get(result.serviceProviderId) ?? new Set<SignalTopic>();
    set.add('customers');
    if (result.alerts) set.add('messages');
    topics.set(result.serviceProviderId, set);
    const before = known.get(result.externalId);
    if (result.outcome === 'moved' && before) {
      topics.set(before.serviceProviderId, new Set([...(topics.get(before.serviceProviderId) ?? []), 'customers']));
      handOvers.push(() => customersRepository({ serviceProviderId: before.serviceProviderId }).handOverUsage(result.customerId, { serviceProviderId: result.serviceProviderId }));
    }
  }
  await notifyAfterCommit('customers upserted', ...handOvers, ...[...topics].map(([serviceProviderId, set]) => () => bumpSignals({ serviceProviderId }, [...set])));
  return results;
}
