import type { TicketStatus } from '@partner-desk/contract';
import { COLLECTIONS, type CustomerDoc, type UsageRecordDoc } from '@partner-desk/database';
import { db, type Filter } from '../data/database';
import type { Page, Paging } from '../data/paging';
import { findManyWithOwner, scoped, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { addDays, startOfBusinessDay } from '../time';
import type { AlertCustomer } from './alerts';
import { CONTACT_FIELDS, LIST_FIELDS, TICKET_ITEM_FIELDS, type CustomerListRow } from './customer-view';
import type { CustomerListPlan } from './list-plan';

const CUSTOMER_NOT_FOUND = '客户不存在';
/** What a customer's alerts are made of (alerts.ts). */
const ALERT_FIELDS = { _id: true, name: true, softwareVersion: true, portCount: true, expiryDate: true, unresolvedIssues: true } as const;
/** The SDK's default page is 20 documents (server: up to 1000); 60 days of records need an explicit limit. */
const USAGE_HISTORY_LIMIT = 100;

/** Named queries over one provider's customers (and what hangs off them); every one goes through the tenant scope. */
export function customersRepository(tenant: TenantRef) {
  const database = db();
  const _ = database.command;
  const customers = scoped(tenant, COLLECTIONS.customers, database);
  const tickets = scoped(tenant, COLLECTIONS.tickets, database);
  const usage = scoped(tenant, COLLECTIONS.usageRecords, database);

  return {
    listCustomers(plan: CustomerListPlan, paging: Paging): Promise<Page<CustomerListRow>> {
      const filter: Filter<CustomerDoc> = { ...plan.equal };
      if (plan.someUnresolved) filter.unresolvedIssues = _.gt(0);
      if (plan.namePattern) filter.name = database.RegExp({ regexp: plan.namePattern, options: 'i' });
      return customers.list({ filter, orderBy: plan.orderBy, paging, fields: LIST_FIELDS });
    },

    /** Regions with their customer counts, most customers first (by_provider_region serves the match). */
    regions: (limit: number) => customers.countBy('region', limit),

    getCustomer: (id: string): Promise<CustomerDoc> => customers.getById(id, CUSTOMER_NOT_FOUND),

    /** The contact fields only (revealContact); NOT_FOUND unless the customer is this provider's. */
    async getContact(id: string) {
      const doc = await customers.findById(id, CONTACT_FIELDS);
      if (!doc) throw new AppError('NOT_FOUND', CUSTOMER_NOT_FOUND);
      return doc;
    },

    /** This provider's customer's name, or null (another provider's reads as missing). */
    findCustomerName: (id: string) => customers.findById(id, { _id: true, name: true }),

    /** Throws NOT_FOUND unless the customer is this provider's; reads only what scoring needs. */
    async assertCustomerExists(id: string): Promise<Pick<CustomerDoc, '_id' | 'portCount'>> {
      const doc = await customers.findById(id, { _id: true, portCount: true });
      if (!doc) throw new AppError('NOT_FOUND', CUSTOMER_NOT_FOUND);
      return doc;
    },

    /** Newest open/processing tickets of a customer (index by_provider_customer_created walks createdAt desc). */
    async openTickets(customerId: string, limit: number) {
      const { data } = await tickets
        .query({ customerId, status: _.in(['open', 'processing']) })
        .orderBy('createdAt', 'desc')
        .field(TICKET_ITEM_FIELDS)
        .limit(limit)
        .get();
      return data;
    },

    customerTickets(customerId: string, status: TicketStatus | undefined, paging: Paging) {
      return tickets.list({ filter: status ? { customerId, status } : { customerId }, orderBy: [['createdAt', 'desc']], paging, fields: TICKET_ITEM_FIELDS });
    },

    /** Daily usage from `since` on (index uniq_customer_date: customerId + date range). */
    async usageSince(customerId: string, since: Date): Promise<UsageRecordDoc[]> {
      const { data } = await usage.query({ customerId, date: _.gte(since) }).orderBy('date', 'desc').limit(USAGE_HISTORY_LIMIT).get();
      return data.map((r) => ({ ...r, date: new Date(r.date) }));
    },

    /**
     * Statuses that time alone changed (no data did): licences that ran out become expired, those now
     * within `expiringDays` become expiring (deriveCustomerStatus's rule, as two conditional updates
     * through by_provider_status_expiry). Answers how many changed.
     */
    async refreshStatuses(now: Date, expiringDays: number): Promise<number> {
      const [expired, expiring] = await Promise.all([
        customers.updateWhere({ status: _.in(['active', 'expiring']), expiryDate: _.lte(now) }, { status: 'expired' }),
        customers.updateWhere({ status: 'active', expiryDate: _.and([_.gt(now), _.lt(startOfBusinessDay(addDays(now, expiringDays + 1)))]) }, { status: 'expiring' }),
      ]);
      return expired + expiring;
    },

    /** Customers whose licence ends in [from, to) (by_provider_status_expiry), with what their alerts say, at most `limit` from `skip`. */
    async expiringBetween(from: Date, to: Date, skip: number, limit: number): Promise<AlertCustomer[]> {
      const { data } = await customers
        .query({ status: _.in(['active', 'expiring', 'expired']), expiryDate: _.and([_.gte(from), _.lt(to)]) })
        .orderBy('expiryDate', 'asc')
        .field(ALERT_FIELDS)
        .skip(skip)
        .limit(limit)
        .get();
      return data.map((c) => ({ ...c, expiryDate: new Date(c.expiryDate) }));
    },

    /** Customers with at least `count` open issues (by_provider_unresolved_updated), most first, at most `limit` from `skip`. */
    async withOpenIssues(count: number, skip: number, limit: number): Promise<AlertCustomer[]> {
      const { data } = await customers.query({ unresolvedIssues: _.gte(count) }).orderBy('unresolvedIssues', 'desc').field(ALERT_FIELDS).skip(skip).limit(limit).get();
      return data.map((c) => ({ ...c, expiryDate: new Date(c.expiryDate) }));
    },

    /**
     * A customer that moved to another provider takes its usage history along (the score is the
     * customer's software use, whoever looks after it): this provider's records of it go to `to`.
     */
    handOverUsage: (customerId: string, to: TenantRef) => usage.updateWhere({ customerId }, { serviceProviderId: to.serviceProviderId }),
  };
}

/** What the upsert and the gateway need of a customer the vendor names, whichever provider owns it. */
export const KNOWN_CUSTOMER_FIELDS = { _id: true, externalId: true, name: true, serviceProviderName: true, portCount: true, createdAt: true, sourceUpdatedAt: true } as const;
export type KnownCustomer = Pick<CustomerDoc, keyof typeof KNOWN_CUSTOMER_FIELDS | 'serviceProviderId'>;

/**
 * Customers named by the vendor's ids, whichever provider owns them (uniq_external: one each), in
 * chunks of the SDK's page, in parallel: the PC system and the sync name customers by these alone.
 */
export async function findCustomersByExternalIds(externalIds: readonly string[]): Promise<Map<string, KnownCustomer>> {
  const _ = db().command;
  const unique = [...new Set(externalIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  const found = new Map<string, KnownCustomer>();
  const pages = await Promise.all(
    chunks.map((chunk) => findManyWithOwner(COLLECTIONS.customers, { externalId: _.in(chunk) }, { ...KNOWN_CUSTOMER_FIELDS, serviceProviderId: true }, chunk.length)),
  );
  for (const page of pages) for (const { document } of page) found.set(document.externalId, { ...document, createdAt: new Date(document.createdAt) });
  return found;
}

/**
 * The customers domain's writes inside a transaction of its tenant. Other domains (tickets) change a
 * customer's open-issue count only through this.
 */
export function customersInTransaction(transaction: ScopedTransaction) {
  const customers = transaction.scoped(COLLECTIONS.customers);
  const usage = transaction.scoped(COLLECTIONS.usageRecords);
  return {
    /** Read in the transaction: a decision on it is safe because adjustUnresolvedIssues writes the same document. */
    getCustomer: (id: string) => customers.getById(id, CUSTOMER_NOT_FOUND),
    findCustomer: (id: string) => customers.findById(id),

    /**
     * Moves a customer's open-issue count, never below zero. The new count is computed from the version
     * this transaction read, and this write to the same document makes a concurrent change to it a
     * write-write conflict (one of the two retries), so no count is lost.
     */
    /** Changes fields of this provider's customer (read in the transaction by the caller). */
    updateCustomer: (id: string, data: Partial<Omit<CustomerDoc, '_id' | 'serviceProviderId'>>) => customers.update(id, data, CUSTOMER_NOT_FOUND),

    /**
     * Writes the whole customer at `id`: a new customer (an insert: a concurrent creator of the same id
     * fails this one with a duplicate key, and the retry finds it), or one another provider held, which
     * now moves to this one (its id is the customer's, and the vendor says who owns it).
     */
    saveCustomer: (id: string, doc: Omit<CustomerDoc, '_id' | 'serviceProviderId'>) => customers.save(id, doc, { takeOverForeign: true }),

    /** The customer's usage of one day (its id derives from customer and day, so a day is one record, replaced by newer figures). */
    saveUsage: (record: Omit<UsageRecordDoc, 'serviceProviderId'>) => {
      const { _id, ...fields } = record;
      return usage.save(_id, fields, { takeOverForeign: true });
    },

    async adjustUnresolvedIssues(customer: Pick<CustomerDoc, '_id' | 'unresolvedIssues'>, delta: 1 | -1, now: Date): Promise<void> {
      await customers.update(customer._id, { unresolvedIssues: Math.max(0, (customer.unresolvedIssues ?? 0) + delta), updatedAt: now }, CUSTOMER_NOT_FOUND);
    },
  };
}
