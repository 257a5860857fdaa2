import * as z from 'zod';
import { CHAT_MESSAGE_STATUSES, CHAT_SENDER_TYPES, CONVERSATION_STATUSES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

/** One customer's consultation thread with its provider; `_id` is `conv_<customerId>`. */
export const chatConversationSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  lastMessage: z.string(),
  lastSenderType: z.enum(CHAT_SENDER_TYPES),
  lastMessageAt: z.date(),
  unreadCount: z.number().int().min(0),
  /** Time of the oldest customer message not yet answered; null when the provider spoke last. */
  waitingSince: z.date().nullable(),
  status: z.enum(CONVERSATION_STATUSES),
  escalatedTicketId: z.string().nullable(),
  updatedAt: z.date(),
});
export type ChatConversationDoc = z.infer<typeof chatConversationSchema>;

export const chatConversations = declareCollection({
  collectionName: 'chat_conversations',
  description: '咨询会话（每个客户一条）',
  schema: chatConversationSchema,
  createIndexes: [
    index('by_provider_last', ['serviceProviderId', 1], ['lastMessageAt', -1]),
    // waitingSince is null once answered: the home page counts waiting conversations from this index alone.
    index('by_provider_waiting', ['serviceProviderId', 1], ['waitingSince', -1]),
  ],
  ...FUNCTIONS_ONLY,
});

/** A chat message (seed §4.4). externalMessageId makes inbound PC deliveries idempotent. */
export const chatMessageSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  serviceProviderName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  senderType: z.enum(CHAT_SENDER_TYPES),
  senderName: z.string(),
  content: z.string(),
  /** fileIDs of images the provider attached (its own uploads); absent on customers' messages and older ones. */
  images: z.array(z.string()).optional(),
  status: z.enum(CHAT_MESSAGE_STATUSES),
  /** The PC system's id for inbound messages; `pd_<_id>` for ours, so the unique index holds for all. */
  externalMessageId: z.string(),
  timestamp: z.date(),
});
export type ChatMessageDoc = z.infer<typeof chatMessageSchema>;

export const chatMessages = declareCollection({
  collectionName: 'chat_messages',
  description: '咨询消息',
  schema: chatMessageSchema,
  createIndexes: [
    uniqueIndex('uniq_external_id', ['externalMessageId', 1]),
    index('by_provider_customer_time', ['serviceProviderId', 1], ['customerId', 1], ['timestamp', -1]),
  ],
  ...FUNCTIONS_ONLY,
});
