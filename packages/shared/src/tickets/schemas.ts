import { ESCALATION_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type EscalationStatus, type TicketPriority, type TicketStatus, type TicketType } from '@partner-desk/contract';
import { z } from 'zod';
import { documentIdSchema } from '../data/document-id';
import { pagingSchema } from '../data/paging';

/** Screenshots already uploaded to cloud storage (cloud://) or hosted over https; at most 9, as WeChat's picker allows. */
export const imagesSchema = z
  .array(
    z
      .string()
      .max(500)
      .regex(/^(cloud:\/\/|https:\/\/)\S+$/, '图片地址须为 cloud:// 或 https:// 链接'),
  )
  .max(9)
  .describe('截图地址（cloud:// 或 https://），最多 9 张');

export const listTicketsSchema = pagingSchema
  .extend({
    status: z.enum(TICKET_STATUSES).optional(),
    type: z.enum(TICKET_TYPES).optional(),
    /** A ticket number (exact, e.g. GD20261205-0001) or part of a title. */
    keyword: z.string().trim().max(50).optional().describe('工单号（精确）或标题片段'),
    escalationStatus: z.enum(ESCALATION_STATUSES).optional(),
    assigneeId: documentIdSchema.optional(),
  })
  .strict();

export const ticketIdSchema = z.object({ id: documentIdSchema }).strict();

export const createTicketSchema = z
  .object({
    customerId: documentIdSchema,
    title: z.string().trim().min(1).max(100),
    content: z.string().trim().min(1).max(2000),
    type: z.enum(TICKET_TYPES),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    images: imagesSchema.default([]),
  })
  .strict();

export const replyTicketSchema = z
  .object({
    id: documentIdSchema,
    content: z.string().trim().min(1).max(2000),
    images: imagesSchema.default([]),
  })
  .strict();

export const resolveTicketSchema = z.object({ id: documentIdSchema, note: z.string().trim().max(2000).optional() }).strict();

export const escalateTicketSchema = z.object({ id: documentIdSchema, reason: z.string().trim().min(1).max(500) }).strict();

export type ListTicketsPayload = z.input<typeof listTicketsSchema>;
export type CreateTicketPayload = z.input<typeof createTicketSchema>;
export type ReplyTicketPayload = z.input<typeof replyTicketSchema>;
export type ResolveTicketPayload = z.input<typeof resolveTicketSchema>;
export type EscalateTicketPayload = z.input<typeof escalateTicketSchema>;

/** A row of the ticket list. */
export interface TicketListItem {
  id: string;
  ticketNo: string;
  title: string;
  customerId: string;
  customerName: string;
  type: TicketType;
  priority: TicketPriority;
  status: TicketStatus;
  escalationStatus: EscalationStatus;
  assigneeName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProcessingStepView {
  id: string;
  operatorId: string;
  operatorName: string;
  /** create | reply | resolve | escalate | hq_update … */
  action: string;
  content: string;
  timestamp: string;
  images?: string[];
}

/** seed §4.2, plus the escalation details and what the state allows next. */
export interface TicketDetail extends TicketListItem {
  serviceProviderId: string;
  content: string;
  assigneeId: string | null;
  images: string[];
  source: 'provider' | 'chat' | 'pc';
  escalationReason: string | null;
  escalatedAt: string | null;
  resolvedAt: string | null;
  processingHistory: ProcessingStepView[];
  /** reply / resolve / escalate: the buttons the detail page enables. */
  allowedActions: ('reply' | 'resolve' | 'escalate')[];
}

export interface TicketListResult {
  tickets: TicketListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CreateTicketResult {
  ticketId: string;
  ticketNo: string;
}
