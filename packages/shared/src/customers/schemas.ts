import { z } from 'zod';
import { documentIdSchema } from '../data/document-id';
import { CUSTOMER_STATUSES, TICKET_STATUSES, type CustomerStatus, type TicketStatus, type TicketType } from '@partner-desk/contract';
import { pagingSchema } from '../data/paging';
import type { UsageScoreResult } from './usage-score';

export const listCustomersSchema = pagingSchema
  .extend({
    status: z.enum(CUSTOMER_STATUSES).optional(),
    /** Case-insensitive match on the customer's name, taken literally (regex characters are escaped). */
    keyword: z.string().trim().max(50).optional(),
    region: z.string().trim().min(1).max(50).optional(),
    hasUnresolved: z.boolean().optional(),
  })
  .strict();
export type ListCustomersPayload = z.input<typeof listCustomersSchema>;

export const customerIdSchema = z.object({ id: documentIdSchema }).strict();
export type CustomerIdPayload = z.infer<typeof customerIdSchema>;

export const customerTicketsSchema = pagingSchema.extend({ id: documentIdSchema, status: z.enum(TICKET_STATUSES).optional() }).strict();
export type CustomerTicketsPayload = z.input<typeof customerTicketsSchema>;

/** A row of the customer list: contact fields masked (the list is glanced at, often in public). */
export interface CustomerListItem {
  id: string;
  name: string;
  region: string;
  industry: string | null;
  softwareVersion: string;
  portCount: number;
  status: CustomerStatus;
  statusLabel: string;
  usageScore: number;
  unresolvedIssues: number;
  hasUnresolved: boolean;
  expiryDate: string;
  contactPerson: string;
  phone: string;
  lastActiveTime: string | null;
}

export interface CustomerListResult {
  customers: CustomerListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** Seed §4.1 in full, contact fields in clear: detail is only ever answered to the owning provider. */
export interface CustomerDetail {
  id: string;
  externalId: string;
  name: string;
  contactPerson: string;
  phone: string;
  email: string;
  region: string;
  industry: string | null;
  softwareVersion: string;
  portCount: number;
  purchaseDate: string;
  expiryDate: string;
  status: CustomerStatus;
  statusLabel: string;
  serviceProviderId: string;
  serviceProviderName: string;
  usageScore: number;
  unresolvedIssues: number;
  lastActiveTime: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerTicketSummary {
  id: string;
  ticketNo: string;
  title: string;
  status: TicketStatus;
  type: TicketType;
  createdAt: string;
}

export interface CustomerTicketItem extends CustomerTicketSummary {
  priority: string;
  escalationStatus: string;
  assigneeName: string | null;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface CustomerDetailResult {
  customer: CustomerDetail;
  /** Up to 5 open or processing tickets, newest first. */
  openTickets: CustomerTicketSummary[];
}

export interface CustomerTicketsResult {
  tickets: CustomerTicketItem[];
  total: number;
  page: number;
  pageSize: number;
}

export type UsageScoreActionResult = UsageScoreResult;
