import * as z from 'zod';
import { CUSTOMER_STATUSES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

/**
 * A customer (seed §4.1) owned by one provider. contactPerson/phone/email are AES-256-GCM encrypted
 * (`enc:v1:…`); status is derived from expiryDate and stored so lists can filter on it through an index.
 */
export const customerSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  serviceProviderName: z.string(),
  /** The vendor system's id (import and sync upsert by it). */
  externalId: z.string(),
  name: z.string(),
  contactPerson: z.string(), // enc:v1:…
  phone: z.string(), // enc:v1:…
  email: z.string(), // enc:v1:…
  region: z.string(),
  industry: z.string().optional(),
  softwareVersion: z.string(),
  portCount: z.number().int(),
  purchaseDate: z.date(),
  expiryDate: z.date(),
  status: z.enum(CUSTOMER_STATUSES),
  usageScore: z.number().int().min(0).max(100),
  unresolvedIssues: z.number().int().min(0),
  lastActiveTime: z.date().nullable(),
  /**
   * The vendor's version of the data last applied (a sync row's updatedAt, a customer.upserted's
   * occurredAt): an older version arriving later changes nothing. Absent for customers only imported.
   */
  sourceUpdatedAt: z.date().nullable().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type CustomerDoc = z.infer<typeof customerSchema>;

export const customers = declareCollection({
  collectionName: 'customers',
  description: '客户（归属服务商；联系人/电话/邮箱加密存储）',
  schema: customerSchema,
  createIndexes: [
    uniqueIndex('uniq_provider_external', ['serviceProviderId', 1], ['externalId', 1]),
    // The vendor's id names one customer whichever provider owns it: the PC system and the sync find it by this alone.
    uniqueIndex('uniq_external', ['externalId', 1]),
    index('by_provider_updated', ['serviceProviderId', 1], ['updatedAt', -1]),
    index('by_provider_status_expiry', ['serviceProviderId', 1], ['status', 1], ['expiryDate', 1]),
    index('by_provider_region', ['serviceProviderId', 1], ['region', 1], ['updatedAt', -1]),
    // Customer list orders (packages/shared/src/customers/list-plan.ts): each filter combination walks one of these in order.
    index('by_provider_region_status_expiry', ['serviceProviderId', 1], ['region', 1], ['status', 1], ['expiryDate', 1]),
    index('by_provider_unresolved_updated', ['serviceProviderId', 1], ['unresolvedIssues', -1], ['updatedAt', -1]),
    index('by_status_expiry', ['status', 1], ['expiryDate', 1]),
  ],
  ...FUNCTIONS_ONLY,
});

/** Daily usage of one customer's installation, from the vendor's system; the usage score is computed from these. */
export const usageRecordSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  customerId: z.string(),
  /** The day (00:00 Asia/Shanghai) the figures are for. */
  date: z.date(),
  activeUsers: z.number().int().min(0),
  logins: z.number().int().min(0),
  /** Distinct modules used that day. */
  modulesUsed: z.number().int().min(0),
  /** Business documents created that day (orders, vouchers …). */
  documentsCreated: z.number().int().min(0),
});
export type UsageRecordDoc = z.infer<typeof usageRecordSchema>;

export const usageRecords = declareCollection({
  collectionName: 'usage_records',
  description: '客户软件每日使用数据（用于使用深度评分）',
  schema: usageRecordSchema,
  createIndexes: [uniqueIndex('uniq_customer_date', ['customerId', 1], ['date', -1]), index('by_provider_date', ['serviceProviderId', 1], ['date', -1])],
  ...FUNCTIONS_ONLY,
});
