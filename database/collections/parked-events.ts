import * as z from 'zod';
import { declareCollection, FUNCTIONS_ONLY, index } from '../declaration';

/** Why an inbound event waits: it names a customer or a provider code we don't know yet. */
export const PARK_REASONS = ['unknown_customer', 'unknown_provider'] as const;
export type ParkReason = (typeof PARK_REASONS)[number];
export const PARKED_STATUSES = ['parked', 'applied'] as const;

/**
 * An event from the PC system that could not be applied yet (pc-gateway): a consultation of a customer
 * that has not arrived, a customer of a provider code no provider has. Never dropped: it is applied when
 * what it waits for arrives (customer.upserted, the sync, admin.importCustomers, admin.createProvider),
 * once (`status` is read and written in the transaction that applies it). `_id` is the delivery id.
 * Admins see these in the console: the raw body as received, the event as parsed, the reason in words.
 */
export const parkedEventSchema = z.object({
  _id: z.string(),
  type: z.string(),
  reason: z.enum(PARK_REASONS),
  /** The reason in words, for the console (Chinese, with the missing id). */
  reasonText: z.string(),
  /** The vendor's customer id it waits for (consultation.message), or null. */
  customerExternalId: z.string().nullable(),
  /** The vendor's provider code it waits for (customer.upserted), or null. */
  providerExternalId: z.string().nullable(),
  event: z.record(z.string(), z.unknown()),
  rawBody: z.string(),
  status: z.enum(PARKED_STATUSES),
  receivedAt: z.date(),
  appliedAt: z.date().nullable(),
  /** What applied it: customer.upserted, sync, admin.importCustomers, admin.createProvider. */
  appliedBy: z.string().nullable(),
});
export type ParkedEventDoc = z.infer<typeof parkedEventSchema>;

export const parkedEvents = declareCollection({
  collectionName: 'parked_inbound_events',
  description: '暂存的 PC 端事件（客户或服务商编码尚未同步到本系统；到达后自动补处理）',
  schema: parkedEventSchema,
  createIndexes: [
    index('by_status_customer', ['status', 1], ['customerExternalId', 1], ['receivedAt', 1]),
    index('by_status_provider', ['status', 1], ['providerExternalId', 1], ['receivedAt', 1]),
    index('by_status_received', ['status', 1], ['receivedAt', 1]),
  ],
  ...FUNCTIONS_ONLY,
});
