import * as z from 'zod';
import { CONFLICT_AFTER_RETRIES, documentIdSchema, isoTimeSchema, optionalIsoTimeSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { CHAT_MESSAGE_STATUSES, CHAT_SENDER_TYPES, CONVERSATION_STATUSES, REPLY_SYNC_STATUSES } from '../enums';
import { IMAGES_NOT_OWN, imageFileIdsSchema, imageViewSchema } from '../images';

export { BOUNCE_WARNING_MINUTES, DEFAULT_BOUNCE_MINUTES, MAX_BOUNCE_MINUTES, MIN_BOUNCE_MINUTES } from '../bounce';

export const conversationsPayloadSchema = pagingSchema.strict();
export type ConversationsPayload = z.input<typeof conversationsPayloadSchema>;

export const chatMessagesPayloadSchema = pagingSchema.extend({ customerId: documentIdSchema }).strict();
export type ChatMessagesPayload = z.input<typeof chatMessagesPayloadSchema>;

export const sendChatPayloadSchema = z
  .object({
    customerId: documentIdSchema,
    /** Text, or empty when the message is only images. */
    content: z.string().trim().max(2000).default('').describe('文字内容；只发图片时可为空'),
    images: imageFileIdsSchema.default([]),
    /** Chosen by the client per message; a retry with the same id answers the same messageId and writes nothing. */
    clientMessageId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional()
      .describe('客户端为每条消息生成的幂等键：重试时相同键返回同一 messageId'),
  })
  .strict()
  .refine((message) => message.content !== '' || message.images.length > 0, { message: '消息内容和图片不能都为空', path: ['content'] });
export type SendChatPayload = z.input<typeof sendChatPayloadSchema>;

export const escalateChatPayloadSchema = z
  .object({
    customerId: documentIdSchema,
    /** The problem as the provider summarises it; the customer's latest messages are quoted below it. */
    content: z.string().trim().min(1).max(2000),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type EscalateChatPayload = z.input<typeof escalateChatPayloadSchema>;

export const conversationViewSchema = z.strictObject({
  customerId: z.string(),
  customerName: z.string(),
  lastMessage: z.string().describe('最后一条消息的预览（不超过 100 字）'),
  lastSenderType: z.enum(CHAT_SENDER_TYPES),
  lastMessageAt: isoTimeSchema,
  unreadCount: z.number().int().min(0),
  waitingSince: optionalIsoTimeSchema.describe('客户等待回复的起始时间；服务商最后发言时为 null'),
  status: z.enum(CONVERSATION_STATUSES),
  escalatedTicketId: z.string().nullable().describe('升级中的工单 id；未升级时为 null'),
  bounceAt: optionalIsoTimeSchema.describe('未回复将退回总部的时间（倒计时的终点）；不在等待或已升级时为 null'),
  bouncedAt: optionalIsoTimeSchema.describe('最近一次退回总部的时间；status 为 bounced 时有值'),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/** seed §4.4 plus senderName. */
export const chatMessageViewSchema = z.strictObject({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  serviceProviderId: z.string(),
  serviceProviderName: z.string(),
  senderType: z.enum(CHAT_SENDER_TYPES),
  senderName: z.string(),
  content: z.string(),
  images: z.array(imageViewSchema).describe('图片：fileID 与约 1 小时有效的临时链接（客户发来的消息为空）'),
  timestamp: isoTimeSchema,
  status: z.enum(CHAT_MESSAGE_STATUSES),
  syncStatus: z
    .enum(REPLY_SYNC_STATUSES)
    .nullable()
    .describe('服务商回复同步到 PC 端的状态：pending 待同步 | delivered 已同步 | failed 同步失败（多次重试失败或已转入死信）；客户消息为 null'),
});
export type ChatMessageView = z.infer<typeof chatMessageViewSchema>;

/** The conversation as the chat page shows it above the messages (the countdown, a bounced banner). */
export const conversationStateSchema = z.strictObject({
  status: z.enum(CONVERSATION_STATUSES),
  waitingSince: optionalIsoTimeSchema,
  bounceAt: optionalIsoTimeSchema.describe('未回复将退回总部的时间；null 表示不会退回'),
  bouncedAt: optionalIsoTimeSchema,
  escalatedTicketId: z.string().nullable(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

export const conversationListResultSchema = pageResultSchema('conversations', conversationViewSchema);
export type ConversationListResult = z.infer<typeof conversationListResultSchema>;

export const chatMessageListResultSchema = pageResultSchema('messages', chatMessageViewSchema).extend({
  conversation: conversationStateSchema.nullable().describe('会话状态与退回倒计时；该客户尚无会话时为 null'),
});
export type ChatMessageListResult = z.infer<typeof chatMessageListResultSchema>;

export const sendChatResultSchema = z.strictObject({ messageId: z.string() });
export type SendChatResult = z.infer<typeof sendChatResultSchema>;

export const escalateChatResultSchema = z.strictObject({ ticketId: z.string().describe('新建的已升级工单') });
export type EscalateChatResult = z.infer<typeof escalateChatResultSchema>;

const NOT_OWN_CUSTOMER = '客户不存在或属于其他服务商';

export const chat = defineFunction('chat: conversations, messages, send, escalate.', {
  conversations: {
    payload: conversationsPayloadSchema,
    result: conversationListResultSchema,
    access: 'tenant',
    summary:
      '咨询会话列表（每个客户一条），按最后消息时间倒序；waitingSince 为客户等待回复的起始时间（服务商最后发言时为 null）；bounceAt 为未回复将退回总部的时间（倒计时），status bounced 表示已退回总部。',
  },
  messages: {
    payload: chatMessagesPayloadSchema,
    result: chatMessageListResultSchema,
    access: 'tenant',
    summary:
      '某客户的聊天消息（seed §4.4），最新在前，图片带临时链接；服务商回复带 syncStatus（待同步 / 已同步 / 同步失败）；conversation 为会话状态与退回倒计时（bounceAt）。同时将该会话标记为已读（unreadCount 归零，客户消息状态为 read）。',
    errors: { NOT_FOUND: NOT_OWN_CUSTOMER },
  },
  send: {
    payload: sendChatPayloadSchema,
    result: sendChatResultSchema,
    access: 'tenant',
    summary:
      '回复客户（文字和/或本人上传的图片 fileID）：同一事务内写入消息（syncStatus 待同步）、更新会话（不再等待回复，取消退回倒计时）并排队同步到 PC 端（outbox chat.reply；图片在投递时换成临时链接）。带 clientMessageId 重试时返回同一 messageId，不会重复发送。',
    errors: { NOT_FOUND: NOT_OWN_CUSTOMER, INVALID_ARGUMENT: `${IMAGES_NOT_OWN}；或文字与图片都为空`, CONFLICT: CONFLICT_AFTER_RETRIES },
  },
  escalate: {
    payload: escalateChatPayloadSchema,
    result: escalateChatResultSchema,
    access: 'tenant',
    summary:
      '将咨询升级为工单（类型 issue_escalation，来源 chat，已升级），内容附客户最近 3 条消息；同一事务内标记会话已升级（停止退回倒计时）、客户未解决问题数 +1、排队通知 PC 端（outbox chat.escalated，附会话记录：最近 50 条消息）。会话处于已升级状态时再次升级被拒绝（details.ticketId 为已有工单）；该工单解决后可再次升级。',
    errors: {
      NOT_FOUND: NOT_OWN_CUSTOMER,
      FAILED_PRECONDITION: '该客户没有咨询会话，或会话已升级且工单未解决',
      CONFLICT: CONFLICT_AFTER_RETRIES,
    },
  },
});
