import { randomUUID } from 'node:crypto';
import { COLLECTIONS, type ChatConversationDoc, type CustomerDoc, type TicketDoc } from '@partner-desk/database';
import { type TicketPriority, type TicketType } from '@partner-desk/contract';
import { db, escapeRegExp, getDocOrNull, type Db } from '../data/database';
import type { Paging } from '../data/paging';
import { scoped, scopedInTransaction, type Tenant } from '../data/tenant-scope';

import { newOutboxEntry } from '../data/outbox-entry';
import { TICKET_NO_PATTERN } from '@partner-desk/contract';
import { formatTicketNo, ticketCounterId, ticketDay } from './ticket-number';
import { buildStep, initialTicketState, type Operator, type Transition } from './ticket-state';
import { TICKET_LIST_FIELDS } from './ticket-view';
import { insertNewInTransaction } from '../data/transaction-retry';

export const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

export interface TicketFilter {
  status?: string;
  type?: string;
  keyword?: string;
  escalationStatus?: string;
  assigneeId?: string;
}

/**
 * The list filter: each optional field is an equality on an index after serviceProviderId; a keyword
 * shaped like a ticket number matches the number exactly (uniq_provider_ticket_no), any other keyword is
 * a case-insensitive, escaped "title contains" over the provider's tickets.
 */
export function ticketListFilter(filter: TicketFilter, database: Db = db()): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  for (const key of ['status', 'type', 'escalationStatus', 'assigneeId'] as const) if (filter[key]) where[key] = filter[key];
  const keyword = filter.keyword?.trim();
  if (keyword) {
    if (TICKET_NO_PATTERN.test(keyword)) where.ticketNo = keyword.toUpperCase();
    else where.title = database.RegExp({ regexp: escapeRegExp(keyword), options: 'i' });
  }
  return where;
}

export function listTickets(tenant: Tenant, filter: TicketFilter, paging: Paging) {
  return scoped(tenant, COLLECTIONS.tickets).list<Pick<TicketDoc, keyof typeof TICKET_LIST_FIELDS>>({
    filter: ticketListFilter(filter),
    orderBy: [['updatedAt', 'desc']],
    paging,
    fields: TICKET_LIST_FIELDS,
  });
}

export function getTicket(tenant: Tenant, id: string) {
  return scoped(tenant, COLLECTIONS.tickets).getById<TicketDoc>(id, '工单不存在');
}

/** Next number of the provider's day, bumped inside the caller's transaction (a concurrent create conflicts and retries). */
export async function allocateTicketNo(transaction: Db, serviceProviderId: string, now: Date): Promise<string> {
  const day = ticketDay(now);
  const ref = transaction.collection(COLLECTIONS.ticketCounters).doc(ticketCounterId(serviceProviderId, day));
  const counter = await getDocOrNull<{ next?: number }>(ref);
  const n = (counter?.next ?? 0) + 1;
  // The day's first ticket creates the counter: as an insert, so two first tickets can't both be 0001.
  if (counter) await ref.update({ data: { next: n, updatedAt: now } });
  else await insertNewInTransaction(transaction, COLLECTIONS.ticketCounters, { _id: ticketCounterId(serviceProviderId, day), next: n, serviceProviderId, day, updatedAt: now });
  return formatTicketNo(day, n);
}

export interface NewTicket {
  customer: Pick<CustomerDoc, '_id' | 'name'>;
  title: string;
  content: string;
  type: TicketType;
  priority: TicketPriority;
  images: string[];
  source: TicketDoc['source'];
}

/** A fresh ticket document: open, not escalated, its history starting with the creator's step. */
export function newTicketDoc(tenant: Tenant, ticket: NewTicket, ticketNo: string, now: Date): Omit<TicketDoc, 'serviceProviderId'> {
  const operator: Operator = { userId: tenant.userId, userName: tenant.userName };
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

/** Moves a customer's open-issue count inside a transaction, never below zero. */
export async function adjustUnresolvedIssues(transaction: Db, tenant: Tenant, customer: Pick<CustomerDoc, '_id' | 'unresolvedIssues'>, delta: 1 | -1, now: Date) {
  const unresolvedIssues = Math.max(0, (customer.unresolvedIssues ?? 0) + delta);
  await scopedInTransaction(tenant, transaction).update(COLLECTIONS.customers, customer._id, { unresolvedIssues, updatedAt: now });
}

/** Creates a ticket for one of the caller's customers: number, ticket and the customer's count in one transaction. */
export async function insertTicket(transaction: Db, tenant: Tenant, ticket: Omit<NewTicket, 'customer'> & { customerId: string }, now: Date) {
  const inTx = scopedInTransaction(tenant, transaction);
  const customer = await inTx.getById<CustomerDoc>(COLLECTIONS.customers, ticket.customerId, '客户不存在');
  const ticketNo = await allocateTicketNo(transaction, tenant.serviceProviderId, now);
  const { _id, ...doc } = newTicketDoc(tenant, { ...ticket, customer }, ticketNo, now);
  await inTx.insert(COLLECTIONS.tickets, _id, doc);
  await adjustUnresolvedIssues(transaction, tenant, customer, 1, now);
  return { ticketId: _id, ticketNo, customer, doc: { _id, ...doc } };
}

/** Writes a planned transition: changed fields, the appended step and updatedAt. */
export async function applyTransition(transaction: Db, tenant: Tenant, ticketId: string, transition: Transition, now: Date) {
  const _ = db().command;
  await scopedInTransaction(tenant, transaction).update(COLLECTIONS.tickets, ticketId, {
    ...transition.changes,
    processingHistory: _.push([transition.step]),
    updatedAt: now,
  });
}

/** The PC system learns of escalations and of resolutions of escalated tickets through the outbox. */
export async function queueTicketEvent(transaction: Db, tenant: Tenant, type: 'ticket.escalated' | 'ticket.resolved', payload: Record<string, unknown>, ticketId: string, now: Date) {
  const { _id, ...entry } = newOutboxEntry(type, ticketId, payload, now);
  await scopedInTransaction(tenant, transaction).insert(COLLECTIONS.outbox, _id, entry);
}

/** When a ticket escalated from a chat is resolved, the conversation can be escalated again. */
export async function reopenEscalatedConversation(transaction: Db, tenant: Tenant, ticket: Pick<TicketDoc, '_id' | 'customerId'>, now: Date) {
  const ref = transaction.collection(COLLECTIONS.chatConversations).doc(`conv_${ticket.customerId}`);
  const conversation = await getDocOrNull<ChatConversationDoc>(ref);
  if (!conversation || conversation.serviceProviderId !== tenant.serviceProviderId || conversation.escalatedTicketId !== ticket._id) return;
  await ref.update({ data: { status: 'open', escalatedTicketId: null, updatedAt: now } });
}

export const ticketEssentials = (ticket: Pick<TicketDoc, '_id' | 'ticketNo' | 'customerId' | 'customerName' | 'title' | 'type' | 'priority'>) => ({
  ticketId: ticket._id,
  ticketNo: ticket.ticketNo,
  customerId: ticket.customerId,
  customerName: ticket.customerName,
  title: ticket.title,
  type: ticket.type,
  priority: ticket.priority,
});

