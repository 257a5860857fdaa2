import type { ActionHandler } from '../router';
import { toCustomerDetail, toCustomerListItem, toTicketItem, toTicketSummary } from './customer-view';
import { planCustomerList } from './list-plan';
import { customersRepository } from './repository';
import { computeUsageScore, usageHistoryStart } from './usage-score';

/*
 * customers: the provider's own customers. Every handler reads in one parallel round after the session
 * (a customer of another provider reads as missing: NOT_FOUND).
 */
const OPEN_TICKETS_SHOWN = 5;

export const listCustomers: ActionHandler<'customers', 'list'> = async ({ page, pageSize, ...filters }, session) => {
  const result = await customersRepository(session).listCustomers(planCustomerList(filters), { page, pageSize });
  return { customers: result.items.map(toCustomerListItem), total: result.total, page, pageSize };
};

export const showCustomer: ActionHandler<'customers', 'detail'> = async ({ id }, session) => {
  const repo = customersRepository(session);
  // Tickets are scoped by provider too, so reading them alongside can't leak another provider's data.
  const [customer, openTickets] = await Promise.all([repo.getCustomer(id), repo.openTickets(id, OPEN_TICKETS_SHOWN)]);
  return { customer: toCustomerDetail(customer), openTickets: openTickets.map(toTicketSummary) };
};

export const listCustomerTickets: ActionHandler<'customers', 'tickets'> = async ({ id, status, page, pageSize }, session) => {
  const repo = customersRepository(session);
  const [, result] = await Promise.all([repo.assertCustomerExists(id), repo.customerTickets(id, status, { page, pageSize })]);
  return { tickets: result.items.map(toTicketItem), total: result.total, page, pageSize };
};

export const scoreCustomerUsage: ActionHandler<'customers', 'usageScore'> = async ({ id }, session) => {
  const repo = customersRepository(session);
  const now = new Date();
  const [customer, records] = await Promise.all([repo.assertCustomerExists(id), repo.usageSince(id, usageHistoryStart(now))]);
  return computeUsageScore(records, customer.portCount, now);
};
