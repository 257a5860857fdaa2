import * as z from 'zod';
import { documentIdSchema, emptyPayloadSchema, emptyResultSchema, isoTimeSchema, optionalIsoTimeSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { MESSAGE_LINK_KINDS, MESSAGE_TYPES, READ_STATUSES } from '../enums';

export const listMessagesPayloadSchema = pagingSchema.extend({ type: z.enum(MESSAGE_TYPES).optional(), readStatus: z.enum(READ_STATUSES).optional() }).strict();
export type ListMessagesPayload = z.input<typeof listMessagesPayloadSchema>;

export const messageIdPayloadSchema = z.object({ id: documentIdSchema }).strict();
export type MessageIdPayload = z.input<typeof messageIdPayloadSchema>;

export const readAllPayloadSchema = z.object({ type: z.enum(MESSAGE_TYPES).optional() }).strict();
export type ReadAllPayload = z.input<typeof readAllPayloadSchema>;

/** The list shows a summary of at most this many characters. */
export const MESSAGE_SUMMARY_LENGTH = 60;

/**
 * What tapping a message opens: a ticket (id = ticket id), a customer (id = customer id), a consultation
 * (id = customer id), the password-reset requests (id = request id), or nothing.
 */
export const messageLinkSchema = z.strictObject({
  kind: z.enum(MESSAGE_LINK_KINDS),
  id: z.string().nullable(),
});
export type MessageLink = z.infer<typeof messageLinkSchema>;

/** A row of the message centre: content cut to a summary. */
export const messageListItemSchema = z.strictObject({
  id: z.string(),
  type: z.enum(MESSAGE_TYPES),
  title: z.string(),
  content: z.string().describe(`摘要：不超过 ${MESSAGE_SUMMARY_LENGTH} 字，截断处以 … 结尾`),
  relatedCustomerId: z.string().nullable(),
  relatedCustomerName: z.string().nullable(),
  relatedTicketId: z.string().nullable(),
  link: messageLinkSchema.describe('点击消息打开什么：ticket 工单 / customer 客户 / chat 咨询 / password_resets 密码重置申请 / none'),
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


export const messageDetailResultSchema = z.strictObject({ message: messageDetailSchema });
export type MessageDetailResult = z.infer<typeof messageDetailResultSchema>;

export const readAllResultSchema = z.strictObject({ updated: z.number().int().min(0).describe('本次改为已读的条数') });
export type ReadAllResult = z.infer<typeof readAllResultSchema>;

export const unreadCountResultSchema = z.strictObject({
  total: z.number().int().min(0),
  byType: z.record(z.enum(MESSAGE_TYPES), z.number().int().min(0)).describe('按类型：system_notification、customer_alert、ticket_update'),
});
export type UnreadCountResult = z.infer<typeof unreadCountResultSchema>;

/** A page of messages, and the unread counts per category the tabs mark (the whole centre, whatever the filter). */
export const messageListResultSchema = pageResultSchema('messages', messageListItemSchema).extend({
  unread: unreadCountResultSchema.describe('未读数（总数与按类型），与筛选条件无关：消息中心各分类标签的角标'),
});
export type MessageListResult = z.infer<typeof messageListResultSchema>;

const NOT_OWN_MESSAGE = { NOT_FOUND: '消息不存在或属于其他服务商' };

export const messages = defineFunction('messages: list, detail, read, readAll, unreadCount.', {
  list: {
    payload: listMessagesPayloadSchema,
    result: messageListResultSchema,
    access: 'tenant',
    summary: '消息中心列表，按时间倒序；可按类型与已读状态筛选；content 为不超过 60 字的摘要，link 说明点击后打开什么；同时答复各分类的未读数（分类标签角标）。',
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
