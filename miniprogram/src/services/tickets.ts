import type { CreateTicketPayload, ListTicketsPayload, ProcessingStepView, TicketDetail, TicketListItem, TicketMutation } from '@partner-desk/contract';
import { request } from './cloud';

export type { CreateTicketPayload, ListTicketsPayload, ProcessingStepView, TicketDetail, TicketListItem, TicketMutation };
/** Why a state refuses an action, in the functions' own words (zod-free module: nothing else of the contract is bundled). */
export { ticketRefusalOf } from '@partner-desk/contract/src/ticket-rules';

export const listTickets = (query: ListTicketsPayload) => request('tickets', 'list', query);
export const fetchTicket = (id: string) => request('tickets', 'detail', { id });
export const createTicket = (input: CreateTicketPayload) => request('tickets', 'create', input);
/** `clientReplyId` makes a resend of the same reply (the outbox, after a lost answer) land once. */
export const replyToTicket = (id: string, content: string, images: string[] = [], clientReplyId?: string) =>
  request('tickets', 'reply', clientReplyId ? { id, content, images, clientReplyId } : { id, content, images });
export const resolveTicket = (id: string, note?: string) => request('tickets', 'resolve', note ? { id, note } : { id });
export const escalateTicket = (id: string, reason: string) => request('tickets', 'escalate', { id, reason });
