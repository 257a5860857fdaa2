import type { ChatMessageView, ConversationView } from '@partner-desk/contract';
import { request } from './cloud';

export type { ChatMessageView, ConversationView };

export const listConversations = (page: number, pageSize: number) => request('chat', 'conversations', { page, pageSize });
/** Newest first; also marks the conversation read. */
export const listChatMessages = (customerId: string, page: number, pageSize: number) => request('chat', 'messages', { customerId, page, pageSize });
export const sendChatMessage = (customerId: string, content: string, clientMessageId?: string) =>
  request('chat', 'send', clientMessageId ? { customerId, content, clientMessageId } : { customerId, content });
export const escalateConversation = (customerId: string, content: string, reason: string) => request('chat', 'escalate', { customerId, content, reason });
