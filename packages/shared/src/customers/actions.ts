import { DETAIL_HISTORY_PAGE_SIZE, MAX_CUSTOMER_REGIONS } from '@partner-desk/contract';
import { auditRepository, userActor } from '../admin/audit';
import type { ActionHandler } from '../router';
import { toClearContact, toCustomerDetail, toCustomerListItem, toLicence, toTicketItem } from './customer-view';
import { planCustomerList } from './list-plan';
import { customersRepository } from './repository';
import { computeUsageScore, usageHistoryStart } from './usage-score';

/*
 * customers: the provider's own customers. Every read handler reads in one parallel round after the
 * session (a customer of another provider reads as missing: NOT_FOUND).
 */
const OPEN_TICKETS_SHOWN = 5;

export const listCustomers: ActionHandler<'customers', 'list'> = async ({ page, pageSize, ...filters }, session) => {
  const result = await customersRepository(session).listCustomers(planCustomerList(filters), { page, pageSize });
  return { customers: result.items.map(toCustomerListItem), total: result.total, page, pageSize };
};

/** The list's region filter: every region the provider's customers are in, with how many. */
export const listCustomerRegions: ActionHandler<'customers', 'regions'> = async (_payload, session) => {
  const rows = await customersRepository(session).regions(MAX_CUSTOMER_REGIONS);
  return { regions: rows.map(({ value, count }) => ({ region: value, count })) };
};

/**
 * The detail page from one call: the customer (contacts masked), its licence, current open issues, usage
 * score and the first page of history, all read in one parallel round. Tickets and usage are scoped by
 * provider too, so reading them alongside the customer can't leak another provider's data.
 */
export const showCustomer: ActionHandler<'customers', 'detail'> = async ({ id }, session) => {
  const repo = customersRepository(session);
  const now = new Date();
  const historyPage = { page: 1, pageSize: DETAIL_HISTORY_PAGE_SIZE };
  const [customer, openTickets, usage, history] = await Promise.all([
    repo.getCustomer(id),
    repo.openTickets(id, OPEN_TICKETS_SHOWN),
    repo.usageSince(id, usageHistoryStart(now)),
    repo.customerTickets(id, undefined, historyPage),
  ]);
  return {
    customer: toCustomerDetail(customer),
    openTickets: openTickets.map(toTicketItem),
    licence: toLicence(customer, now),
    usageScore: computeUsageScore(usage, customer.portCount, now),
    history: { tickets: history.items.map(toTicketItem), total: history.total, ...historyPage },
  };
};

/** 查看: the contact in clear, and an audit entry saying who looked at whose (written before answering). */
export const revealCustomerContact: ActionHandler<'customers', 'revealContact'> = async ({ id }, session) => {
  const contact = await customersRepository(session).getContact(id);
  await auditRepository().record(
    { serviceProviderId: session.serviceProviderId, action: 'customers.revealContact', targetType: 'customer', targetId: contact._id, details: { customerName: contact.name } },
    userActor(session),
  );
  return toClearContact(contact);
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
