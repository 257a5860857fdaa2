import { MESSAGE_TYPES, READ_STATUSES, type MessageType, type ReadStatus } from '@partner-desk/contract';
import { z } from 'zod';
import { documentIdSchema } from '../data/document-id';
import { pagingSchema } from '../data/paging';

export const listMessagesSchema = pagingSchema.extend({ type: z.enum(MESSAGE_TYPES).optional(), readStatus: z.enum(READ_STATUSES).optional() }).strict();
export const messageIdSchema = z.object({ id: documentIdSchema }).strict();
export const readAllSchema = z.object({ type: z.enum(MESSAGE_TYPES).optional() }).strict();
export const unreadCountSchema = z.object({}).strict();

export type ListMessagesPayload = z.input<typeof listMessagesSchema>;
export type ReadAllPayload = z.input<typeof readAllSchema>;

/** A row of the message centre: content cut to a summary. */
export interface MessageListItem {
  id: string;
  type: MessageType;
  title: string;
  /** At most 60 characters; "…" marks a cut. */
  content: string;
  relatedCustomerId: string | null;
  relatedCustomerName: string | null;
  relatedTicketId: string | null;
  readStatus: ReadStatus;
  createdAt: string;
}

/** seed §4.3 with the full content. */
export interface MessageDetail extends MessageListItem {
  serviceProviderId: string;
  readAt: string | null;
}

export interface MessageListResult {
  messages: MessageListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UnreadCountResult {
  total: number;
  byType: Record<MessageType, number>;
}
