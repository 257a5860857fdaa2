import { createRouter, readCallerContext } from '@partner-desk/shared';
import { ticketsActions } from '@partner-desk/shared/tickets';

/** tickets: list, detail, create, reply, resolve, escalate (docs: shared/spec/api-contract.md). */
export const actions = ticketsActions;
export const main = createRouter(actions, { resolveCaller: readCallerContext });
