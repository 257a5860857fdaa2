import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { listCustomerRegions, listCustomers, listCustomerTickets, revealCustomerContact, scoreCustomerUsage, showCustomer } from '@partner-desk/shared/customers';

/** customers: the caller's own customers. */
export const handlers = {
  list: listCustomers,
  regions: listCustomerRegions,
  detail: showCustomer,
  revealContact: revealCustomerContact,
  tickets: listCustomerTickets,
  usageScore: scoreCustomerUsage,
} satisfies FunctionHandlers<'customers'>;

export const main = createRouter(CONTRACT.customers, handlers, { resolveCaller: readCallerContext });
