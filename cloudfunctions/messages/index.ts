import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { countUnreadMessages, listMessages, readAllMessages, readMessage, showMessage } from '@partner-desk/shared/messages';

/** messages: the provider's message centre. */
export const handlers = {
  list: listMessages,
  detail: showMessage,
  read: readMessage,
  readAll: readAllMessages,
  unreadCount: countUnreadMessages,
} satisfies FunctionHandlers<'messages'>;

export const main = createRouter(CONTRACT.messages, handlers, { resolveCaller: readCallerContext });
