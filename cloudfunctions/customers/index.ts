import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { listCustomers, listCustomerTickets, revealCustomerContact, scoreCustomerUsage, showCustomer } from '@partner-desk/shared/customers';

/** customers: the caller's own customers. */
export const handlers = {
  list: listCustomers,
  detail: showCustomer,
  revealContact: revealCustomerContact,
  tickets: listCustomerTickets,
  usageScore: scoreCustomerUsage,
} satisfies FunctionHandlers<'customers'>;

export const main = createRouter(CONTRACT.customers, handlers, { resolveCaller: readCallerContext });
