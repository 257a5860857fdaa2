import type { ChatSenderType } from '@partner-desk/contract';
import { z } from 'zod';
import { documentIdSchema } from '../data/document-id';
import { pagingSchema } from '../data/paging';

export const conversationsSchema = pagingSchema.strict();
export const chatMessagesSchema = pagingSchema.extend({ customerId: documentIdSchema }).strict();

export const sendChatSchema = z
  .object({
    customerId: documentIdSchema,
    content: z.string().trim().min(1).max(2000),
    /** Chosen by the client per message; a retry with the same id answers the same messageId and writes nothing. */
    clientMessageId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional()
      .describe('客户端为每条消息生成的幂等键：重试时相同键返回同一 messageId'),
  })
  .strict();

export const escalateChatSchema = z
  .object({
    customerId: documentIdSchema,
    /** The problem as the provider summarises it; the customer's latest messages are quoted below it. */
    content: z.string().trim().min(1).max(2000),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

export type ConversationsPayload = z.input<typeof conversationsSchema>;
export type ChatMessagesPayload = z.input<typeof chatMessagesSchema>;
export type SendChatPayload = z.input<typeof sendChatSchema>;
export type EscalateChatPayload = z.input<typeof escalateChatSchema>;

export interface ConversationView {
  customerId: string;
  customerName: string;
  lastMessage: string;
  lastSenderType: ChatSenderType;
  lastMessageAt: string;
  unreadCount: number;
  /** Since when the customer has been waiting for an answer; null when the provider spoke last. */
  waitingSince: string | null;
  status: 'open' | 'escalated';
  escalatedTicketId: string | null;
}

/** seed §4.4 plus senderName. */
export interface ChatMessageView {
  id: string;
  customerId: string;
  customerName: string;
  serviceProviderId: string;
  serviceProviderName: string;
  senderType: ChatSenderType;
  senderName: string;
  content: string;
  timestamp: string;
  status: 'sent' | 'delivered' | 'read';
}

export interface ConversationListResult {
  conversations: ConversationView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ChatMessageListResult {
  messages: ChatMessageView[];
  total: number;
  page: number;
  pageSize: number;
}
