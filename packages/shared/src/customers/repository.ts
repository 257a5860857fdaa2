import { COLLECTIONS, type CustomerDoc, type TicketDoc, type UsageRecordDoc } from '@partner-desk/database';
import { type TicketStatus } from '@partner-desk/contract';
import { db } from '../data/database';
import type { Page, Paging } from '../data/paging';
import { scoped, type Tenant } from '../data/tenant-scope';
import { AppError } from '../errors';
import { LIST_FIELDS, TICKET_ITEM_FIELDS, TICKET_SUMMARY_FIELDS, type CustomerListRow } from './customer-view';
import type { CustomerListPlan } from './list-plan';

type TenantRef = Pick<Tenant, 'serviceProviderId'>;
const CUSTOMER_NOT_FOUND = '客户不存在';
/** The SDK's default page is 20 documents (server: up to 1000); 60 days of records need an explicit limit. */
const USAGE_HISTORY_LIMIT = 100;

/** Named queries over one provider's customers; every one goes through the tenant scope. */
export function customersRepository(tenant: TenantRef) {
  const database = db();
  const _ = database.command;
  const customers = scoped(tenant, COLLECTIONS.customers, database);
  const tickets = scoped(tenant, COLLECTIONS.tickets, database);
  const usage = scoped(tenant, COLLECTIONS.usageRecords, database);

  return {
    listCustomers(plan: CustomerListPlan, paging: Paging): Promise<Page<CustomerListRow>> {
      const filter: Record<string, unknown> = { ...plan.equal };
      if (plan.someUnresolved) filter.unresolvedIssues = _.gt(0);
      if (plan.namePattern) filter.name = database.RegExp({ regexp: plan.namePattern, options: 'i' });
      return customers.list<CustomerListRow>({ filter, orderBy: plan.orderBy, paging, fields: LIST_FIELDS });
    },

    async getCustomer(id: string): Promise<CustomerDoc> {
      return customers.getById<CustomerDoc>(id, CUSTOMER_NOT_FOUND);
    },

    /** Throws NOT_FOUND unless the customer is this provider's; reads only its id. */
    async assertCustomerExists(id: string): Promise<Pick<CustomerDoc, '_id' | 'portCount'>> {
      const doc = await customers.findById<Pick<CustomerDoc, '_id' | 'portCount'>>(id, { _id: true, portCount: true });
      if (!doc) throw new AppError('NOT_FOUND', CUSTOMER_NOT_FOUND);
      return doc;
    },

    /** Newest open/processing tickets of a customer (index by_provider_customer_created walks createdAt desc). */
    async openTickets(customerId: string, limit: number) {
      const { data } = await tickets
        .where({ customerId, status: _.in(['open', 'processing']) })
        .orderBy('createdAt', 'desc')
        .field(TICKET_SUMMARY_FIELDS)
        .limit(limit)
        .get();
      return data as Pick<TicketDoc, keyof typeof TICKET_SUMMARY_FIELDS>[];
    },

    customerTickets(customerId: string, status: TicketStatus | undefined, paging: Paging) {
      return tickets.list<Pick<TicketDoc, keyof typeof TICKET_ITEM_FIELDS>>({
        filter: status ? { customerId, status } : { customerId },
        orderBy: [['createdAt', 'desc']],
        paging,
        fields: TICKET_ITEM_FIELDS,
      });
    },

    /** Daily usage from `since` on (index uniq_customer_date: customerId + date range). */
    async usageSince(customerId: string, since: Date): Promise<UsageRecordDoc[]> {
      const { data } = await usage.where({ customerId, date: _.gte(since) }).orderBy('date', 'desc').limit(USAGE_HISTORY_LIMIT).get();
      return (data as UsageRecordDoc[]).map((r) => ({ ...r, date: new Date(r.date) }));
    },
  };
}
