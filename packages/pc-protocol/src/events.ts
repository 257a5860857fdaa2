/**
 * The events of the PC-system protocol (api-contract.md, "PC-system protocol"), field by field. Every
 * request body is an envelope `{ type, data, occurredAt }`; `type` picks the schema of `data`.
 *
 * Receivers are lenient about what they don't know and strict about what they do: a field this version
 * does not name is dropped (either side may add fields, as the contract allows), a named field that is
 * missing or of the wrong shape refuses the whole event (400, with every issue).
 * Client-safe: zod and the contract's enums only.
 */
import * as z from 'zod';
import { CHAT_SENDER_TYPES, customerImportRowSchema, providerCodeSchema, TICKET_STEP_ACTIONS, TICKET_TYPES } from '@partner-desk/contract';

/** Times on the wire: ISO-8601 with `Z` or an offset (the PC side may well write +08:00). */
export const wireTimeSchema = z.iso.datetime({ offset: true });

/** The vendor's customer id (`externalId` of import and sync): the same rule as an import row's. */
export const customerExternalIdSchema = customerImportRowSchema.shape.externalId;
/** The vendor's provider code (`admin.createProvider` takes it as `externalId`). */
export const providerExternalIdSchema = providerCodeSchema;
/** One of our ids (ticketId, messageId, conversation ids …), as the contract bounds document ids. */
const ourIdSchema = z.string().trim().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------- customers (customer.upserted, sync)

const row = customerImportRowSchema.shape;

/**
 * A customer as the vendor's system holds it: seed §4.1 fields under the vendor's ids. The field rules are
 * the import row's (admin.importCustomers), so import, customer.upserted and sync accept the same values.
 */
export const vendorCustomerSchema = z.object({
  externalId: row.externalId,
  providerExternalId: providerExternalIdSchema.describe('厂商系统中的服务商编码（admin.createProvider 的 externalId）'),
  name: row.name,
  contactPerson: row.contactPerson,
  phone: row.phone,
  email: row.email,
  region: row.region,
  industry: row.industry,
  softwareVersion: row.softwareVersion,
  portCount: row.portCount,
  purchaseDate: row.purchaseDate,
  expiryDate: row.expiryDate,
});
export type VendorCustomer = z.infer<typeof vendorCustomerSchema>;

// ---------------------------------------------------------------- inbound: PC system → us

export const consultationMessageDataSchema = z.object({
  customerExternalId: customerExternalIdSchema,
  /** The PC side's id of this message: a second event with the same id is the same message. */
  externalMessageId: text(128),
  customerName: text(100).optional(),
  content: text(2000),
  sentAt: wireTimeSchema,
});
export type ConsultationMessageData = z.infer<typeof consultationMessageDataSchema>;

/** The statuses HQ may move a ticket escalated to it to. */
export const HQ_TICKET_STATUSES = ['processing', 'resolved'] as const;
export type HqTicketStatus = (typeof HQ_TICKET_STATUSES)[number];

export const ticketUpdatedDataSchema = z.object({
  ticketId: ourIdSchema,
  status: z.enum(HQ_TICKET_STATUSES),
  note: z.string().trim().max(500).optional(),
  operatorName: text(32),
});
export type TicketUpdatedData = z.infer<typeof ticketUpdatedDataSchema>;

export const customerUpsertedDataSchema = vendorCustomerSchema;
export type CustomerUpsertedData = z.infer<typeof customerUpsertedDataSchema>;

// ---------------------------------------------------------------- outbound: us → PC system

export const chatReplyDataSchema = z.object({
  customerExternalId: customerExternalIdSchema,
  messageId: ourIdSchema,
  content: text(2000),
  providerId: ourIdSchema,
  providerName: z.string().min(1),
  /** Extension: the provider's code, when the provider has one. */
  providerExternalId: providerExternalIdSchema.optional(),
  senderName: z.string().min(1),
  sentAt: wireTimeSchema,
});
export type ChatReplyData = z.infer<typeof chatReplyDataSchema>;

export const transcriptEntrySchema = z.object({
  senderType: z.enum(CHAT_SENDER_TYPES),
  content: z.string(),
  timestamp: wireTimeSchema,
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/** Extensions every outbound ticket event may carry, so HQ sees whom a case is about without asking. */
const ticketContext = {
  ticketNo: z.string().optional(),
  customerName: z.string().optional(),
  providerName: z.string().optional(),
};

export const chatEscalatedDataSchema = z.object({
  customerExternalId: customerExternalIdSchema,
  ticketId: ourIdSchema,
  reason: text(500),
  transcript: z.array(transcriptEntrySchema),
  ...ticketContext,
  /** Extension: the provider's summary of the problem (the ticket's content). */
  content: z.string().optional(),
});
export type ChatEscalatedData = z.infer<typeof chatEscalatedDataSchema>;

export const chatBouncedDataSchema = z.object({
  customerExternalId: customerExternalIdSchema,
  conversationId: ourIdSchema,
  waitingSince: wireTimeSchema,
  reason: text(500),
  customerName: z.string().optional(),
  providerName: z.string().optional(),
});
export type ChatBouncedData = z.infer<typeof chatBouncedDataSchema>;

export const processingStepSchema = z.object({
  action: z.enum(TICKET_STEP_ACTIONS),
  operatorName: z.string(),
  content: z.string(),
  timestamp: wireTimeSchema,
});
export type ProcessingStep = z.infer<typeof processingStepSchema>;

export const ticketEscalatedDataSchema = z.object({
  ticketId: ourIdSchema,
  customerExternalId: customerExternalIdSchema,
  title: text(100),
  content: z.string(),
  type: z.enum(TICKET_TYPES),
  reason: text(500),
  processingHistory: z.array(processingStepSchema),
  ...ticketContext,
});
export type TicketEscalatedData = z.infer<typeof ticketEscalatedDataSchema>;

export const ticketResolvedDataSchema = z.object({
  ticketId: ourIdSchema,
  customerExternalId: customerExternalIdSchema,
  resolvedAt: wireTimeSchema,
  note: z.string().max(500).nullish(),
  ...ticketContext,
  operatorName: z.string().optional(),
});
export type TicketResolvedData = z.infer<typeof ticketResolvedDataSchema>;

// ---------------------------------------------------------------- envelopes

/** Every body: `{ type, data, occurredAt }`, occurredAt being when the change happened (not when it was sent). */
function envelope<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ type: z.literal(type), data, occurredAt: wireTimeSchema });
}

export const INBOUND_EVENT_DATA = {
  'consultation.message': consultationMessageDataSchema,
  'ticket.updated': ticketUpdatedDataSchema,
  'customer.upserted': customerUpsertedDataSchema,
} as const;

export const OUTBOUND_EVENT_DATA = {
  'chat.reply': chatReplyDataSchema,
  'chat.escalated': chatEscalatedDataSchema,
  'chat.bounced': chatBouncedDataSchema,
  'ticket.escalated': ticketEscalatedDataSchema,
  'ticket.resolved': ticketResolvedDataSchema,
} as const;

export type InboundEventType = keyof typeof INBOUND_EVENT_DATA;
export type OutboundEventType = keyof typeof OUTBOUND_EVENT_DATA;
export const INBOUND_EVENT_TYPES = Object.keys(INBOUND_EVENT_DATA) as InboundEventType[];
export const OUTBOUND_EVENT_TYPES = Object.keys(OUTBOUND_EVENT_DATA) as OutboundEventType[];

/** What `POST <HTTP access>/pc/events` accepts. */
export const inboundEventSchema = z.discriminatedUnion('type', [
  envelope('consultation.message', consultationMessageDataSchema),
  envelope('ticket.updated', ticketUpdatedDataSchema),
  envelope('customer.upserted', customerUpsertedDataSchema),
]);
export type InboundEvent = z.infer<typeof inboundEventSchema>;

/** What we POST to `$PD_PC_WEBHOOK_URL`. */
export const outboundEventSchema = z.discriminatedUnion('type', [
  envelope('chat.reply', chatReplyDataSchema),
  envelope('chat.escalated', chatEscalatedDataSchema),
  envelope('chat.bounced', chatBouncedDataSchema),
  envelope('ticket.escalated', ticketEscalatedDataSchema),
  envelope('ticket.resolved', ticketResolvedDataSchema),
]);
export type OutboundEvent = z.infer<typeof outboundEventSchema>;

/** One event of a given type, typed by it: `EventOf<'chat.reply'>` is `{ type: 'chat.reply', data: ChatReplyData, occurredAt }`. */
export type EventOf<T extends InboundEventType | OutboundEventType> = Extract<InboundEvent | OutboundEvent, { type: T }>;
