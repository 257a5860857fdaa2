import * as z from 'zod';
import { MESSAGE_LINK_KINDS, MESSAGE_TYPES, READ_STATUSES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

/** A message in the provider's message centre (seed §4.3). */
export const messageSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  type: z.enum(MESSAGE_TYPES),
  title: z.string(),
  content: z.string(),
  relatedCustomerId: z.string().nullable(),
  relatedCustomerName: z.string().nullable(),
  relatedTicketId: z.string().nullable(),
  /** What tapping the message opens, when it is not the related ticket or customer (a consultation, the reset requests). */
  link: z.object({ kind: z.enum(MESSAGE_LINK_KINDS), id: z.string().nullable() }).nullable().optional(),
  readStatus: z.enum(READ_STATUSES),
  readAt: z.date().nullable(),
  /** Makes raising the same alert twice a no-op for the provider (e.g. `expiry:<customerId>:<expiry day>:30`). */
  dedupeKey: z.string(),
  createdAt: z.date(),
});
export type MessageDoc = z.infer<typeof messageSchema>;

export const messages = declareCollection({
  collectionName: 'messages',
  description: '消息中心（系统通知 / 客户提醒 / 工单更新）',
  schema: messageSchema,
  createIndexes: [
    // One message per key in a provider's message centre (the id derives from both: messages/message-id.ts).
    uniqueIndex('uniq_provider_dedupe', ['serviceProviderId', 1], ['dedupeKey', 1]),
    index('by_provider_created', ['serviceProviderId', 1], ['createdAt', -1]),
    index('by_provider_read_created', ['serviceProviderId', 1], ['readStatus', 1], ['createdAt', -1]),
    index('by_provider_type_created', ['serviceProviderId', 1], ['type', 1], ['createdAt', -1]),
    // Unread counts per type and lists filtered by both readStatus and type.
    index('by_provider_read_type_created', ['serviceProviderId', 1], ['readStatus', 1], ['type', 1], ['createdAt', -1]),
  ],
  ...FUNCTIONS_ONLY,
});
