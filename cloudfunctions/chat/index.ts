import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { escalateChat, listConversations, openConversation, sendChatReply } from '@partner-desk/shared/chat';

/** chat: consultations routed from the PC system, answered and escalated by the provider. */
export const handlers = {
  conversations: listConversations,
  messages: openConversation,
  send: sendChatReply,
  escalate: escalateChat,
} satisfies FunctionHandlers<'chat'>;

export const main = createRouter(CONTRACT.chat, handlers, { resolveCaller: readCallerContext });
