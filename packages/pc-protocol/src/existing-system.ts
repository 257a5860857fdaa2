/**
 * The vendor's existing system as the `sync` timer reads it (api-contract.md, "Scheduled sync"):
 *
 *   GET $PD_EXISTING_SYSTEM_URL/customers?updatedSince=<ISO>&page=<n>&pageSize=<m>
 *   (signed like every request, with "" as the body in the signature)
 *   → 200 { customers: [ExistingSystemCustomer …], hasMore }
 *
 * Order and paging (what a resumable sync relies on): customers with `updatedAt >= updatedSince`
 * (inclusive, so a sync resuming from "the newest updatedAt I applied" re-reads that instant rather than
 * missing a customer that shares it), ordered by updatedAt then externalId, `page` from 1.
 * Client-safe: zod only.
 */
import * as z from 'zod';
import { customerImportRowSchema } from '@partner-desk/contract';
import { vendorCustomerSchema, wireTimeSchema } from './events';

export const CUSTOMERS_PATH = '/customers';
export const DEFAULT_SYNC_PAGE_SIZE = 100;
export const MAX_SYNC_PAGE_SIZE = 500;

/** A day's usage of the customer's installation: the product stores it and recomputes the usage score. */
export const dailyUsageSchema = z.object({
  /** The day (Asia/Shanghai) the figures are for. */
  date: z.iso.date(),
  activeUsers: z.number().int().min(0).max(1_000_000),
  logins: z.number().int().min(0).max(10_000_000),
  modulesUsed: z.number().int().min(0).max(1000),
  documentsCreated: z.number().int().min(0).max(10_000_000),
});
export type DailyUsage = z.infer<typeof dailyUsageSchema>;

/** One customer of the sync answer: the vendor's customer, when it last changed, and its latest usage. */
export const existingSystemCustomerSchema = vendorCustomerSchema.extend({
  lastActiveTime: customerImportRowSchema.shape.lastActiveTime,
  /** The latest day's usage figures, or null when the system has none newer than what it sent before. */
  usage: dailyUsageSchema.nullable().optional(),
  updatedAt: wireTimeSchema,
});
export type ExistingSystemCustomer = z.infer<typeof existingSystemCustomerSchema>;

export const customerPageSchema = z.object({
  customers: z.array(existingSystemCustomerSchema),
  hasMore: z.boolean(),
});
export type CustomerPage = z.infer<typeof customerPageSchema>;

/** The query string of `GET /customers`, as strings arrive (URLSearchParams); unknown parameters are ignored. */
export const customerPageQuerySchema = z.object({
  updatedSince: wireTimeSchema.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_SYNC_PAGE_SIZE).default(DEFAULT_SYNC_PAGE_SIZE),
});
export type CustomerPageQuery = z.output<typeof customerPageQuerySchema>;

/** The query as a URLSearchParams-ready record (what a sync sends). */
export function customerPageSearch(query: { updatedSince?: string; page?: number; pageSize?: number }): string {
  const params = new URLSearchParams();
  if (query.updatedSince) params.set('updatedSince', query.updatedSince);
  params.set('page', String(query.page ?? 1));
  params.set('pageSize', String(query.pageSize ?? DEFAULT_SYNC_PAGE_SIZE));
  return params.toString();
}
