import * as z from 'zod';
import { declareCollection, FUNCTIONS_ONLY, index } from '../declaration';

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;
/** The events the PC system is told of through the outbox. */
export const OUTBOX_TYPES = ['chat.reply', 'chat.escalated', 'ticket.escalated', 'ticket.resolved'] as const;
export type OutboxType = (typeof OUTBOX_TYPES)[number];

/** Durable queue of webhooks to the PC system, delivered by a timer with backoff, parked as dead letters after 24 h. */
export const outboxSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  type: z.enum(OUTBOX_TYPES),
  /** X-PD-Delivery: the same on every retry. */
  deliveryId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  relatedId: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.date(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});
export type OutboxDoc = z.infer<typeof outboxSchema>;

export const outbox = declareCollection({
  collectionName: 'outbox',
  description: '发往 PC 客服系统的待投递事件（重试、死信）',
  schema: outboxSchema,
  createIndexes: [index('by_status_next', ['status', 1], ['nextAttemptAt', 1]), index('by_provider_related', ['serviceProviderId', 1], ['relatedId', 1])],
  ...FUNCTIONS_ONLY,
});

/** Deliveries received from the PC system, so a retried delivery is acknowledged but not applied twice. */
export const inboundDeliverySchema = z.object({ _id: z.string(), type: z.string(), receivedAt: z.date() });
export type InboundDeliveryDoc = z.infer<typeof inboundDeliverySchema>;

export const inboundDeliveries = declareCollection({
  collectionName: 'inbound_deliveries',
  description: '已处理的 PC 端投递（幂等去重）',
  schema: inboundDeliverySchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});

/** Per-provider settings; `_id` is the provider id. */
export const providerSettingsSchema = z.object({
  _id: z.string(),
  /** A customer is "expiring" this many days before expiry. */
  expiringDays: z.number().int().min(1).max(365),
  /** Expiry alerts are raised at these days before expiry. */
  expiryAlertDays: z.array(z.number().int()),
  updatedAt: z.date(),
});
export type ProviderSettingsDoc = z.infer<typeof providerSettingsSchema>;

export const settings = declareCollection({
  collectionName: 'settings',
  description: '服务商设置（到期提醒天数等）',
  schema: providerSettingsSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});

/** Who did what, for the console. */
export const auditEntrySchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string().nullable(),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
  at: z.date(),
});
export type AuditEntryDoc = z.infer<typeof auditEntrySchema>;

export const auditLog = declareCollection({
  collectionName: 'audit_log',
  description: '操作审计日志',
  schema: auditEntrySchema,
  createIndexes: [index('by_provider_at', ['serviceProviderId', 1], ['at', -1])],
  ...FUNCTIONS_ONLY,
});

/** Cursors of the scheduled sync with the vendor's system. */
export const syncStateSchema = z.object({ _id: z.string(), cursor: z.string().nullable(), lastRunAt: z.date().nullable(), lastResult: z.string().nullable() });
export type SyncStateDoc = z.infer<typeof syncStateSchema>;

export const syncState = declareCollection({
  collectionName: 'sync_state',
  description: '定时同步游标',
  schema: syncStateSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});
