import type { TicketStatus } from '@partner-desk/contract';
import { COLLECTIONS, type CustomerDoc, type UsageRecordDoc } from '@partner-desk/database';
import { db, type Filter } from '../data/database';
import type { Page, Paging } from '../data/paging';
import { scoped, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { CONTACT_FIELDS, LIST_FIELDS, TICKET_ITEM_FIELDS, TICKET_SUMMARY_FIELDS, type CustomerListRow } from './customer-view';
import type { CustomerListPlan } from './list-plan';

const CUSTOMER_NOT_FOUND = '客户不存在';
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
        .field(TICKET_SUMMARY_FIELDS)
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

    /** Creates a customer of this provider (admin import); uniq_provider_external refuses a second one with the same externalId. */
    insertCustomer: (doc: Omit<CustomerDoc, '_id' | 'serviceProviderId'>) => customers.insert(doc),

    /** Existing customers with these externalIds, in chunks the SDK's page limit allows, in parallel. */
    async findByExternalIds(externalIds: string[]): Promise<Map<string, Pick<CustomerDoc, '_id' | 'externalId'>>> {
      const chunks: string[][] = [];
      for (let i = 0; i < externalIds.length; i += 100) chunks.push(externalIds.slice(i, i + 100));
      const pages = await Promise.all(chunks.map((chunk) => customers.query({ externalId: _.in(chunk) }).field({ _id: true, externalId: true }).limit(chunk.length).get()));
      const found = new Map<string, Pick<CustomerDoc, '_id' | 'externalId'>>();
      for (const { data } of pages) for (const doc of data) found.set(doc.externalId, doc);
      return found;
    },

    /** Updates the customer with this externalId (uniq_provider_external: at most one); answers how many changed. */
    updateByExternalId: (externalId: string, data: Partial<Omit<CustomerDoc, '_id' | 'serviceProviderId'>>) => customers.updateWhere({ externalId }, data),
  };
}

/**
 * The customers domain's writes inside a transaction of its tenant. Other domains (tickets) change a
 * customer's open-issue count only through this.
 */
export function customersInTransaction(transaction: ScopedTransaction) {
  const customers = transaction.scoped(COLLECTIONS.customers);
  return {
    /** Read in the transaction: a decision on it is safe because adjustUnresolvedIssues writes the same document. */
    getCustomer: (id: string) => customers.getById(id, CUSTOMER_NOT_FOUND),
    findCustomer: (id: string) => customers.findById(id),

    /**
     * Moves a customer's open-issue count, never below zero. The new count is computed from the version
     * this transaction read, and this write to the same document makes a concurrent change to it a
     * write-write conflict (one of the two retries), so no count is lost.
     */
    async adjustUnresolvedIssues(customer: Pick<CustomerDoc, '_id' | 'unresolvedIssues'>, delta: 1 | -1, now: Date): Promise<void> {
      await customers.update(customer._id, { unresolvedIssues: Math.max(0, (customer.unresolvedIssues ?? 0) + delta), updatedAt: now }, CUSTOMER_NOT_FOUND);
    },
  };
}
