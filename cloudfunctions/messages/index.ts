import { createRouter, readCallerContext } from '@partner-desk/shared';
import { messagesActions } from '@partner-desk/shared/messages';

/** messages: list, detail, read, readAll, unreadCount (docs: shared/spec/api-contract.md). */
export const actions = messagesActions;
export const main = createRouter(actions, { resolveCaller: readCallerContext });
