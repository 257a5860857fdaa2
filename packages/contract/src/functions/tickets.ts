import * as z from 'zod';
import { CONFLICT_AFTER_RETRIES, documentIdSchema, emptyResultSchema, isoTimeSchema, optionalIsoTimeSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { ESCALATION_STATUSES, TICKET_MUTATIONS, TICKET_PRIORITIES, TICKET_SOURCES, TICKET_STATUSES, TICKET_STEP_ACTIONS, TICKET_TYPES } from '../enums';
import { IMAGES_NOT_OWN, imageFileIdsSchema, imageViewSchema } from '../images';

/** What a user types when searching by number (GD<yyyymmdd>-<n>): matched exactly, anything else searches titles. */
export const TICKET_NO_PATTERN = /^GD\d{8}-\d{4,}$/i;

export const listTicketsPayloadSchema = pagingSchema
  .extend({
    status: z.enum(TICKET_STATUSES).optional(),
    type: z.enum(TICKET_TYPES).optional(),
    /** A ticket number (exact, e.g. GD20261205-0001) or part of a title. */
    keyword: z.string().trim().max(50).optional().describe('工单号（精确）或标题片段'),
    escalationStatus: z.enum(ESCALATION_STATUSES).optional(),
    assigneeId: documentIdSchema.optional(),
  })
  .strict();
export type ListTicketsPayload = z.input<typeof listTicketsPayloadSchema>;

export const ticketIdPayloadSchema = z.object({ id: documentIdSchema }).strict();
export type TicketIdPayload = z.input<typeof ticketIdPayloadSchema>;

export const createTicketPayloadSchema = z
  .object({
    customerId: documentIdSchema,
    title: z.string().trim().min(1).max(100),
    content: z.string().trim().min(1).max(2000),
    type: z.enum(TICKET_TYPES),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    images: imageFileIdsSchema.default([]),
  })
  .strict();
export type CreateTicketPayload = z.input<typeof createTicketPayloadSchema>;

export const replyTicketPayloadSchema = z
  .object({
    id: documentIdSchema,
    content: z.string().trim().min(1).max(2000),
    images: imageFileIdsSchema.default([]),
    /** Chosen by the client per reply (its offline outbox); a retry with the same id writes nothing again. */
    clientReplyId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional()
      .describe('客户端为每条回复生成的幂等键：网络恢复后重发相同键不会重复回复'),
  })
  .strict();
export type ReplyTicketPayload = z.input<typeof replyTicketPayloadSchema>;

export const resolveTicketPayloadSchema = z.object({ id: documentIdSchema, note: z.string().trim().max(2000).optional() }).strict();
export type ResolveTicketPayload = z.input<typeof resolveTicketPayloadSchema>;

export const escalateTicketPayloadSchema = z.object({ id: documentIdSchema, reason: z.string().trim().min(1).max(500) }).strict();
export type EscalateTicketPayload = z.input<typeof escalateTicketPayloadSchema>;

/** A row of the ticket list. */
export const ticketListItemSchema = z.strictObject({
  id: z.string(),
  ticketNo: z.string().describe('工单号 GD<yyyymmdd>-<nnnn>'),
  title: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  type: z.enum(TICKET_TYPES),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  escalationStatus: z.enum(ESCALATION_STATUSES),
  assigneeName: z.string().nullable(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type TicketListItem = z.infer<typeof ticketListItemSchema>;

export const processingStepViewSchema = z.strictObject({
  id: z.string(),
  operatorId: z.string(),
  operatorName: z.string(),
  action: z.enum(TICKET_STEP_ACTIONS),
  content: z.string(),
  timestamp: isoTimeSchema,
  images: z.array(imageViewSchema).optional().describe('回复附带的截图（有时才出现）：fileID 与临时链接'),
});
export type ProcessingStepView = z.infer<typeof processingStepViewSchema>;

/** seed §4.2, plus the escalation details and what the state allows next. */
export const ticketDetailSchema = ticketListItemSchema.extend({
  serviceProviderId: z.string(),
  content: z.string(),
  assigneeId: z.string().nullable(),
  images: z.array(imageViewSchema).describe('创建时附带的截图：fileID 与临时链接'),
  source: z.enum(TICKET_SOURCES),
  escalationReason: z.string().nullable(),
  escalatedAt: optionalIsoTimeSchema,
  resolvedAt: optionalIsoTimeSchema,
  processingHistory: z.array(processingStepViewSchema).describe('处理记录，时间先后'),
  allowedActions: z.array(z.enum(TICKET_MUTATIONS)).describe('当前状态允许的操作（详情页据此启用按钮）'),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

export const ticketListResultSchema = pageResultSchema('tickets', ticketListItemSchema);
export type TicketListResult = z.infer<typeof ticketListResultSchema>;

export const ticketDetailResultSchema = z.strictObject({ ticket: ticketDetailSchema });
export type TicketDetailResult = z.infer<typeof ticketDetailResultSchema>;

export const createTicketResultSchema = z.strictObject({ ticketId: z.string(), ticketNo: z.string() });
export type CreateTicketResult = z.infer<typeof createTicketResultSchema>;

const NOT_OWN_TICKET = '工单不存在或属于其他服务商';

export const tickets = defineFunction('tickets: list, detail, create, reply, resolve, escalate.', {
  list: {
    payload: listTicketsPayloadSchema,
    result: ticketListResultSchema,
    access: 'tenant',
    summary: '本服务商的工单列表，按最近更新倒序；可按状态、类型、升级状态、处理人筛选；keyword 为工单号（GD20261205-0001，精确）或标题片段（不区分大小写，按字面匹配）。',
  },
  detail: {
    payload: ticketIdPayloadSchema,
    result: ticketDetailResultSchema,
    access: 'tenant',
    summary: '工单详情（seed §4.2），含处理记录 processingHistory（时间为 ISO 字符串）与当前状态允许的操作 allowedActions；截图（工单与各条回复）带 fileID 与约 1 小时有效的临时链接。',
    errors: { NOT_FOUND: NOT_OWN_TICKET },
  },
  create: {
    payload: createTicketPayloadSchema,
    result: createTicketResultSchema,
    access: 'tenant',
    summary: '为本服务商的客户创建工单：编号 GD<yyyymmdd>-<nnnn>（按服务商按天递增），状态 open；同一事务内写入工单与创建记录、客户未解决问题数 +1；随后生成一条工单更新消息。images 为本人上传的截图 fileID。',
    errors: { NOT_FOUND: '客户不存在或属于其他服务商', INVALID_ARGUMENT: IMAGES_NOT_OWN, CONFLICT: CONFLICT_AFTER_RETRIES },
  },
  reply: {
    payload: replyTicketPayloadSchema,
    result: emptyResultSchema,
    access: 'tenant',
    summary: '回复工单：追加一条 reply 处理记录（可附本人上传的截图 fileID）；待处理（open）的工单转为处理中，无处理人时回复者成为处理人。带 clientReplyId 重试时（含工单此后已解决）直接成功，不会重复回复。',
    errors: { NOT_FOUND: NOT_OWN_TICKET, FAILED_PRECONDITION: '工单已解决', INVALID_ARGUMENT: IMAGES_NOT_OWN, CONFLICT: CONFLICT_AFTER_RETRIES },
  },
  resolve: {
    payload: resolveTicketPayloadSchema,
    result: emptyResultSchema,
    access: 'tenant',
    summary:
      '标记为已解决：记录 resolvedAt 与 resolve 处理记录，客户未解决问题数 −1（不低于 0）；已升级的工单同时排队通知 PC 端（outbox ticket.resolved），由咨询升级来的工单使该会话可再次升级。',
    errors: { NOT_FOUND: NOT_OWN_TICKET, FAILED_PRECONDITION: '工单已解决', CONFLICT: CONFLICT_AFTER_RETRIES },
  },
  escalate: {
    payload: escalateTicketPayloadSchema,
    result: emptyResultSchema,
    access: 'tenant',
    summary: '升级工单到总部：escalationStatus 变为 escalated，记录原因、时间与 escalate 处理记录，并在同一事务内排队通知 PC 端（outbox ticket.escalated，由投递定时器发送）。',
    errors: { NOT_FOUND: NOT_OWN_TICKET, FAILED_PRECONDITION: '工单已升级或已解决', CONFLICT: CONFLICT_AFTER_RETRIES },
  },
});
