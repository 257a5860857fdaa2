import * as z from 'zod';
import { documentIdSchema, emptyPayloadSchema, emptyResultSchema, isoTimeSchema, optionalIsoTimeSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { MESSAGE_TYPES, READ_STATUSES } from '../enums';

export const listMessagesPayloadSchema = pagingSchema.extend({ type: z.enum(MESSAGE_TYPES).optional(), readStatus: z.enum(READ_STATUSES).optional() }).strict();
export type ListMessagesPayload = z.input<typeof listMessagesPayloadSchema>;

export const messageIdPayloadSchema = z.object({ id: documentIdSchema }).strict();
export type MessageIdPayload = z.input<typeof messageIdPayloadSchema>;

export const readAllPayloadSchema = z.object({ type: z.enum(MESSAGE_TYPES).optional() }).strict();
export type ReadAllPayload = z.input<typeof readAllPayloadSchema>;

/** The list shows a summary of at most this many characters. */
export const MESSAGE_SUMMARY_LENGTH = 60;

/** A row of the message centre: content cut to a summary. */
export const messageListItemSchema = z.strictObject({
  id: z.string(),
  type: z.enum(MESSAGE_TYPES),
  title: z.string(),
  content: z.string().describe(`摘要：不超过 ${MESSAGE_SUMMARY_LENGTH} 字，截断处以 … 结尾`),
  relatedCustomerId: z.string().nullable(),
  relatedCustomerName: z.string().nullable(),
  relatedTicketId: z.string().nullable(),
  readStatus: z.enum(READ_STATUSES),
  createdAt: isoTimeSchema,
});
export type MessageListItem = z.infer<typeof messageListItemSchema>;

/** seed §4.3 with the full content. */
export const messageDetailSchema = messageListItemSchema.extend({
  content: z.string().describe('完整内容'),
  serviceProviderId: z.string(),
  readAt: optionalIsoTimeSchema,
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

export const messageListResultSchema = pageResultSchema('messages', messageListItemSchema);
export type MessageListResult = z.infer<typeof messageListResultSchema>;

export const messageDetailResultSchema = z.strictObject({ message: messageDetailSchema });
export type MessageDetailResult = z.infer<typeof messageDetailResultSchema>;

export const readAllResultSchema = z.strictObject({ updated: z.number().int().min(0).describe('本次改为已读的条数') });
export type ReadAllResult = z.infer<typeof readAllResultSchema>;

export const unreadCountResultSchema = z.strictObject({
  total: z.number().int().min(0),
  byType: z.record(z.enum(MESSAGE_TYPES), z.number().int().min(0)).describe('按类型：system_notification、customer_alert、ticket_update'),
});
export type UnreadCountResult = z.infer<typeof unreadCountResultSchema>;

const NOT_OWN_MESSAGE = { NOT_FOUND: '消息不存在或属于其他服务商' };

export const messages = defineFunction('messages: list, detail, read, readAll, unreadCount.', {
  list: {
    payload: listMessagesPayloadSchema,
    result: messageListResultSchema,
    access: 'tenant',
    summary: '消息中心列表，按时间倒序；可按类型与已读状态筛选；content 为不超过 60 字的摘要。',
  },
  detail: {
    payload: messageIdPayloadSchema,
    result: messageDetailResultSchema,
    access: 'tenant',
    summary: '消息详情（完整内容）；不会标记为已读。',
    errors: NOT_OWN_MESSAGE,
  },
  read: {
    payload: messageIdPayloadSchema,
    result: emptyResultSchema,
    access: 'tenant',
    summary: '标记一条消息为已读（幂等：重复调用不改变首次已读时间）。',
    errors: NOT_OWN_MESSAGE,
  },
  readAll: {
    payload: readAllPayloadSchema,
    result: readAllResultSchema,
    access: 'tenant',
    summary: '将本服务商的未读消息（可限定类型）全部标记为已读。',
  },
  unreadCount: {
    payload: emptyPayloadSchema,
    result: unreadCountResultSchema,
    access: 'tenant',
    summary: '未读消息数，总数与按类型分别统计。',
  },
});
