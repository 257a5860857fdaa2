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
export const INBOUND_OUTCOMES = ['applied', 'parked'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];
/**
 * `_id` is the delivery id (X-PD-Delivery): written in the same transaction as the change the delivery
 * made (or the parked event it became), so a delivery is applied once, and a crash between the two is
 * impossible. `subject` names what it was about (a customer's externalId, a ticket id), for the console.
 */
export const inboundDeliverySchema = z.object({
  _id: z.string(),
  type: z.string(),
  outcome: z.enum(INBOUND_OUTCOMES),
  subject: z.string(),
  receivedAt: z.date(),
});
export type InboundDeliveryDoc = z.infer<typeof inboundDeliverySchema>;

export const inboundDeliveries = declareCollection({
  collectionName: 'inbound_deliveries',
  description: '已处理的 PC 端投递（按投递 id 去重；applied 已生效 / parked 已暂存）',
  schema: inboundDeliverySchema,
  createIndexes: [index('by_received', ['receivedAt', -1])],
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

/** The last row of the feed a sync applied, in the feed's order (updatedAt, then externalId). */
export const syncKeySchema = z.object({ updatedAt: z.string(), externalId: z.string() });

/**
 * The scheduled sync with the vendor's existing system (packages/shared/src/sync/), one document
 * (`_id: 'customers'`). `cursor` is the newest updatedAt applied; `since`/`page`/`lastKey` say where the next
 * page read starts, saved after every page, so a run killed halfway continues there. `lease` keeps two
 * runs from paging at once; `alertsCheckedAt` is when the daily expiry / unresolved-issue pass last finished.
 */
export const syncStateSchema = z.object({
  _id: z.string(),
  cursor: z.string().nullable(),
  since: z.string().nullable(),
  page: z.number().int().min(1),
  lastKey: syncKeySchema.nullable(),
  lease: z.object({ runId: z.string(), until: z.date() }).nullable(),
  alertsCheckedAt: z.date().nullable(),
  lastRunAt: z.date().nullable(),
  lastResult: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Totals since the first run, for the console. */
  totals: z.object({ runs: z.number().int(), pages: z.number().int(), applied: z.number().int(), skipped: z.number().int(), alerts: z.number().int() }),
  updatedAt: z.date(),
});
export type SyncStateDoc = z.infer<typeof syncStateSchema>;

export const syncState = declareCollection({
  collectionName: 'sync_state',
  description: '与现有系统的定时同步：游标（cursor）、续读位置（since/page/lastKey）、运行租约与上次结果',
  schema: syncStateSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});
