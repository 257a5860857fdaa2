import { createRouter, readCallerContext } from '@partner-desk/shared';
import { chatActions } from '@partner-desk/shared/chat';

/** chat: conversations, messages, send, escalate (docs: shared/spec/api-contract.md). */
export const actions = chatActions;
export const main = createRouter(actions, { resolveCaller: readCallerContext });
