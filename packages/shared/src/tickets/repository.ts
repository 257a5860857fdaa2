import { TICKET_NO_PATTERN, type ListTicketsPayload } from '@partner-desk/contract';
import { COLLECTIONS, type CustomerDoc, type TicketDoc } from '@partner-desk/database';
import { containsText, type Filter } from '../data/database';
import { newId } from '../data/ids';
import type { Paging } from '../data/paging';
import { scoped, type Tenant, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { formatTicketNo, ticketCounterId, ticketDay } from './ticket-number';
import { buildStep, initialTicketState, type Operator, type Transition } from './ticket-state';
import { TICKET_LIST_FIELDS } from './ticket-view';

const TICKET_NOT_FOUND = '工单不存在';

export type TicketFilter = Pick<ListTicketsPayload, 'status' | 'type' | 'keyword' | 'escalationStatus' | 'assigneeId'>;

/**
 * The list filter: each optional field is an equality on an index after serviceProviderId; a keyword
 * shaped like a ticket number matches the number exactly (uniq_provider_ticket_no), any other keyword is
 * a case-insensitive, escaped "title contains" over the provider's tickets.
 */
export function ticketListFilter(filter: TicketFilter): Filter<TicketDoc> {
  const where: Filter<TicketDoc> = {};
  if (filter.status) where.status = filter.status;
  if (filter.type) where.type = filter.type;
  if (filter.escalationStatus) where.escalationStatus = filter.escalationStatus;
  if (filter.assigneeId) where.assigneeId = filter.assigneeId;
  const keyword = filter.keyword?.trim();
  if (keyword) {
    if (TICKET_NO_PATTERN.test(keyword)) where.ticketNo = keyword.toUpperCase();
    else where.title = containsText(keyword);
  }
  return where;
}

/** Named queries over one provider's tickets. */
export function ticketsRepository(tenant: TenantRef) {
  const tickets = scoped(tenant, COLLECTIONS.tickets);
  return {
    listTickets: (filter: TicketFilter, paging: Paging) => tickets.list({ filter: ticketListFilter(filter), orderBy: [['updatedAt', 'desc']], paging, fields: TICKET_LIST_FIELDS }),
    getTicket: (id: string) => tickets.getById(id, TICKET_NOT_FOUND),
  };
}

/** What a new ticket is made of; the number, state and history are added by the repository. */
export interface NewTicket {
  customer: Pick<CustomerDoc, '_id' | 'name'>;
  title: string;
  content: string;
  type: TicketDoc['type'];
  priority: TicketDoc['priority'];
  images: string[];
  source: TicketDoc['source'];
}

/** A fresh ticket document: open, not escalated, its history starting with the creator's step. */
export function newTicketDoc(operator: Operator, ticket: NewTicket, ticketNo: string, now: Date): Omit<TicketDoc, 'serviceProviderId'> {
  return {
    _id: newId('tk'),
    ticketNo,
    customerId: ticket.customer._id,
    customerName: ticket.customer.name,
    title: ticket.title,
    content: ticket.content,
    type: ticket.type,
    priority: ticket.priority,
    ...initialTicketState(),
    escalationReason: null,
    escalatedAt: null,
    images: ticket.images,
    source: ticket.source,
    processingHistory: [buildStep('create', operator, `创建工单：${ticket.title}`, { stepId: newId('st'), now })],
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
  };
}

export const operatorOf = (tenant: Pick<Tenant, 'userId' | 'userName'>): Operator => ({ userId: tenant.userId, userName: tenant.userName });

/** The tickets domain's writes inside a transaction of its tenant (tickets and their daily counters). */
export function ticketsInTransaction(transaction: ScopedTransaction) {
  const tickets = transaction.scoped(COLLECTIONS.tickets);
  const counters = transaction.scoped(COLLECTIONS.ticketCounters);
  const { serviceProviderId } = transaction.tenant;
  return {
    /** Read in the transaction; safe to decide on because every mutation then writes the same ticket. */
    getTicket: (id: string) => tickets.getById(id, TICKET_NOT_FOUND),

    /**
     * The next number of the provider's day. The counter is read and written in this transaction, so two
     * creates that read the same value conflict (one retries); the day's first ticket creates the counter
     * as an insert, so two first tickets can't both be 0001 (the second fails on the duplicate _id and retries).
     */
    async allocateTicketNo(now: Date): Promise<string> {
      const day = ticketDay(now);
      const id = ticketCounterId(serviceProviderId, day);
      const counter = await counters.findById(id);
      const next = (counter?.next ?? 0) + 1;
      if (counter) await counters.update(id, { next, updatedAt: now });
      else await counters.insert({ _id: id, day, next, updatedAt: now });
      return formatTicketNo(day, next);
    },

    /** A new ticket with a fresh id (and a number unique per provider: uniq_provider_ticket_no backs the counter). */
    insertTicket: (doc: Omit<TicketDoc, 'serviceProviderId'>) => tickets.insert(doc),

    /** Writes a planned transition: changed fields, the appended step and updatedAt. */
    applyTransition: (ticketId: string, transition: Transition, now: Date) =>
      tickets.update(ticketId, { ...transition.changes, processingHistory: transaction.command.push([transition.step]), updatedAt: now }, TICKET_NOT_FOUND),
  };
}
