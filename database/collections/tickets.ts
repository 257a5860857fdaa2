import * as z from 'zod';
import { ESCALATION_STATUSES, TICKET_PRIORITIES, TICKET_SOURCES, TICKET_STATUSES, TICKET_STEP_ACTIONS, TICKET_TYPES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

/** One step of a ticket's life (seed §4.2 processingHistory), appended, never rewritten. */
export const processingStepSchema = z.object({
  id: z.string(),
  operatorId: z.string(),
  operatorName: z.string(),
  action: z.enum(TICKET_STEP_ACTIONS),
  content: z.string(),
  timestamp: z.date(),
  /** Screenshots attached to a reply (cloud:// or https URLs). */
  images: z.array(z.string()).optional(),
});
export type ProcessingStep = z.infer<typeof processingStepSchema>;

export const ticketSchema = z.object({
  _id: z.string(),
  /** Human ticket number, e.g. GD20261205-0001. */
  ticketNo: z.string(),
  serviceProviderId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  title: z.string(),
  content: z.string(),
  type: z.enum(TICKET_TYPES),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  escalationStatus: z.enum(ESCALATION_STATUSES),
  escalationReason: z.string().nullable(),
  escalatedAt: z.date().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  images: z.array(z.string()),
  /** Where the ticket came from: the provider, an escalated chat, or HQ. */
  source: z.enum(TICKET_SOURCES),
  processingHistory: z.array(processingStepSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
});
export type TicketDoc = z.infer<typeof ticketSchema>;

export const tickets = declareCollection({
  collectionName: 'tickets',
  description: '工单（含处理记录 processingHistory）',
  schema: ticketSchema,
  createIndexes: [
    // Numbers come from a per-provider daily counter, so they are unique within a provider (and found by exact keyword).
    uniqueIndex('uniq_provider_ticket_no', ['serviceProviderId', 1], ['ticketNo', 1]),
    index('by_provider_updated', ['serviceProviderId', 1], ['updatedAt', -1]),
    index('by_provider_status_updated', ['serviceProviderId', 1], ['status', 1], ['updatedAt', -1]),
    // The home page's resolution rate counts tickets created in a window per status: counted from the index alone.
    index('by_provider_status_created', ['serviceProviderId', 1], ['status', 1], ['createdAt', -1]),
    index('by_provider_customer_created', ['serviceProviderId', 1], ['customerId', 1], ['createdAt', -1]),
    index('by_provider_type_updated', ['serviceProviderId', 1], ['type', 1], ['updatedAt', -1]),
    index('by_provider_escalation_updated', ['serviceProviderId', 1], ['escalationStatus', 1], ['updatedAt', -1]),
    // Escalated tickets stay escalated once resolved; the home page counts the unresolved ones from this index alone.
    index('by_provider_escalation_status', ['serviceProviderId', 1], ['escalationStatus', 1], ['status', 1]),
    index('by_provider_assignee_updated', ['serviceProviderId', 1], ['assigneeId', 1], ['updatedAt', -1]),
  ],
  ...FUNCTIONS_ONLY,
});

/** Per-provider, per-day counter that numbers tickets (GD<yyyymmdd>-<n>); `_id` is `<serviceProviderId>_<yyyymmdd>`. */
export const ticketCounterSchema = z.object({ _id: z.string(), serviceProviderId: z.string(), day: z.string(), next: z.number().int(), updatedAt: z.date() });
export type TicketCounterDoc = z.infer<typeof ticketCounterSchema>;

export const ticketCounters = declareCollection({
  collectionName: 'ticket_counters',
  description: '工单编号计数器（按天）',
  schema: ticketCounterSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});
