import type { CreateTicketPayload, ListTicketsPayload } from '@partner-desk/contract';
import { request } from './cloud';

export type { CreateTicketPayload, ListTicketsPayload };

export const listTickets = (query: ListTicketsPayload) => request('tickets', 'list', query);
export const fetchTicket = (id: string) => request('tickets', 'detail', { id });
export const createTicket = (input: CreateTicketPayload) => request('tickets', 'create', input);
export const replyToTicket = (id: string, content: string, images: string[] = []) => request('tickets', 'reply', { id, content, images });
export const resolveTicket = (id: string, note?: string) => request('tickets', 'resolve', note ? { id, note } : { id });
export const escalateTicket = (id: string, reason: string) => request('tickets', 'escalate', { id, reason });
