import * as z from 'zod';
import { DEAD_LETTER_STATUSES, OUTBOX_EVENT_TYPES, type OutboxEventType } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** The events the PC system is told of through the outbox (pc-protocol's outbound events; shared checks the two lists agree). */
export const OUTBOX_TYPES = OUTBOX_EVENT_TYPES;
export type OutboxType = OutboxEventType;

/**
 * One event for the PC system, written in the same transaction as the change it reports and delivered by
 * the `outbox` timer (packages/shared/src/outbox/). Items of one customer form a stream ordered by `seq`
 * (allocated from the customer's outbox_streams document in that transaction, so the order is the
 * order in which the changes committed); a stream's next item waits until the one before it is delivered
 * or dead.
 */
export const outboxSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  /** The stream: our customer id (the event names the customer by its externalId). */
  customerId: z.string(),
  /** Position in the customer's stream, from 0, without gaps. */
  seq: z.number().int().min(0),
  type: z.enum(OUTBOX_TYPES),
  /** X-PD-Delivery: the same on every try and on a replay. */
  deliveryId: z.string(),
  /** The body as sent: `{ type, data, occurredAt }` exactly as pc-protocol's outbound schema defines it. */
  event: z.object({ type: z.enum(OUTBOX_TYPES), data: z.record(z.string(), z.unknown()), occurredAt: z.string() }),
  /** fileIDs of a reply's images: each try adds their temporary URLs to the event (the PC side can't open fileIDs). */
  attachments: z.array(z.string()).optional(),
  /** What the event is about: the reply's message id, the ticket id, the conversation id. */
  relatedId: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  /** Tries made so far (a replay starts counting again). */
  attempts: z.number().int().min(0),
  /** When the next try is due; tries stop when the retry window since `windowStartedAt` has passed. */
  nextAttemptAt: z.date(),
  windowStartedAt: z.date(),
  lastAttemptAt: z.date().nullable(),
  /** The last failed try: HTTP status (null: no answer) and what went wrong. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  deadAt: z.date().nullable(),
  replays: z.number().int().min(0),
});
export type OutboxDoc = z.infer<typeof outboxSchema>;

export const outbox = declareCollection({
  collectionName: 'outbox',
  description: '发往 PC 客服系统的事件（按客户排序投递，重试，死信）',
  schema: outboxSchema,
  createIndexes: [
    // A stream's items in order (the delivery run reads the next ones); unique: two writers can't take one place.
    uniqueIndex('uniq_customer_seq', ['customerId', 1], ['seq', 1]),
    index('by_provider_related', ['serviceProviderId', 1], ['relatedId', 1]),
    index('by_provider_status_created', ['serviceProviderId', 1], ['status', 1], ['createdAt', -1]),
  ],
  ...FUNCTIONS_ONLY,
});

/**
 * One customer's outbox stream (`_id` `os_<customerId>`): where the next item goes (nextSeq), how far
 * delivery got (doneSeq: every item before it is delivered or dead), when the stream wants a delivery run
 * (dueAt; null when idle) and who is working it (a lease, so two runs never send one item at the same time).
 * A stream is the customer's, not a provider's: a customer that moves to another provider keeps its one
 * order on the PC side, its earlier provider's items first.
 */
export const outboxStreamSchema = z.object({
  _id: z.string(),
  customerId: z.string(),
  nextSeq: z.number().int().min(0),
  doneSeq: z.number().int().min(0),
  dueAt: z.date().nullable(),
  leaseId: z.string().nullable(),
  leaseUntil: z.date().nullable(),
  updatedAt: z.date(),
});
export type OutboxStreamDoc = z.infer<typeof outboxStreamSchema>;

export const outboxStreams = declareCollection({
  collectionName: 'outbox_streams',
  description: '每个客户的待投递队列状态（顺序、到期时间、投递租约）',
  schema: outboxStreamSchema,
  // The delivery run takes the due streams, earliest first.
  createIndexes: [index('by_due', ['dueAt', 1])],
  ...FUNCTIONS_ONLY,
});

/**
 * An outbox item that could not be delivered in its retry window (or that the PC system refused as
 * malformed), for HQ: listed and replayed with admin.deadLetters / admin.replayDeadLetters, and readable
 * in the console's 数据库 page as they are. `_id` is the outbox item's id.
 */
export const deadLetterSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  customerId: z.string(),
  type: z.enum(OUTBOX_TYPES),
  deliveryId: z.string(),
  relatedId: z.string(),
  status: z.enum(DEAD_LETTER_STATUSES),
  attempts: z.number().int().min(0),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deadAt: z.date(),
  replayedAt: z.date().nullable(),
});
export type DeadLetterDoc = z.infer<typeof deadLetterSchema>;

export const deadLetters = declareCollection({
  collectionName: 'outbox_dead_letters',
  description: '投递失败的事件（死信），总部可重放',
  schema: deadLetterSchema,
  createIndexes: [index('by_status_dead', ['status', 1], ['deadAt', -1]), index('by_provider_status_dead', ['serviceProviderId', 1], ['status', 1], ['deadAt', -1])],
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
  /** A routed consultation not answered in this many minutes goes back to HQ (chat.bounced); absent: DEFAULT_BOUNCE_MINUTES. */
  bounceMinutes: z.number().int().min(1).optional(),
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
