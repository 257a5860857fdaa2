import type {
  CustomerDetailResult,
  CustomerListItem,
  CustomerRegionsResult,
  CustomerTicketItem,
  ListCustomersPayload,
  RevealContactResult,
  UsageScoreResult,
} from '@partner-desk/contract';
import { request } from './cloud';

export type { CustomerDetailResult, CustomerListItem, CustomerRegionsResult, CustomerTicketItem, ListCustomersPayload, RevealContactResult, UsageScoreResult };

export const listCustomers = (query: ListCustomersPayload) => request('customers', 'list', query);
/** The regions of the provider's customers with their counts (the list's region filter), asked for when the filter opens. */
export const listCustomerRegions = () => request('customers', 'regions');
/** Everything 客户详情 shows first (customer, licence, open issues, score, history page 1) in one call. */
export const fetchCustomer = (id: string) => request('customers', 'detail', { id });
/** The contact in clear; the function records who looked. */
export const revealContact = (id: string) => request('customers', 'revealContact', { id });
export const listCustomerTickets = (id: string, page: number, pageSize: number) => request('customers', 'tickets', { id, page, pageSize });
export const fetchUsageScore = (id: string) => request('customers', 'usageScore', { id });
