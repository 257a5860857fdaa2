import type { ChatMessageView, ConversationView, SendChatPayload } from '@partner-desk/contract';
import { request } from './cloud';

export type { ChatMessageView, ConversationView, SendChatPayload };

export const listConversations = (page: number, pageSize: number) => request('chat', 'conversations', { page, pageSize });
/** Newest first, with the conversation's state (countdown, escalation); also marks the conversation read. */
export const listChatMessages = (customerId: string, page: number, pageSize: number) => request('chat', 'messages', { customerId, page, pageSize });
/** A reply; with clientMessageId a retry answers the same messageId and writes nothing (state/outbox.ts sends it so). */
export const sendChatMessage = (message: SendChatPayload) => request('chat', 'send', message);
export const escalateConversation = (customerId: string, content: string, reason: string) => request('chat', 'escalate', { customerId, content, reason });
