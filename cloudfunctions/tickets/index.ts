import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { createTicket, escalateTicket, listTickets, replyToTicket, resolveTicket, showTicket } from '@partner-desk/shared/tickets';

/** tickets: the caller's provider's support tickets and their state changes. */
export const handlers = {
  list: listTickets,
  detail: showTicket,
  create: createTicket,
  reply: replyToTicket,
  resolve: resolveTicket,
  escalate: escalateTicket,
} satisfies FunctionHandlers<'tickets'>;

export const main = createRouter(CONTRACT.tickets, handlers, { resolveCaller: readCallerContext });
