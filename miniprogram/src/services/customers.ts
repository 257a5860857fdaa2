import type { CustomerDetailResult, CustomerListItem, CustomerTicketItem, ListCustomersPayload, UsageScoreResult } from '@partner-desk/contract';
import { request } from './cloud';

export type { CustomerDetailResult, CustomerListItem, CustomerTicketItem, ListCustomersPayload, UsageScoreResult };

export const listCustomers = (query: ListCustomersPayload) => request('customers', 'list', query);
export const fetchCustomer = (id: string) => request('customers', 'detail', { id });
export const listCustomerTickets = (id: string, page: number, pageSize: number) => request('customers', 'tickets', { id, page, pageSize });
export const fetchUsageScore = (id: string) => request('customers', 'usageScore', { id });
