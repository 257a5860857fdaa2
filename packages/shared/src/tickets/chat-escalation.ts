import type { ChatMessageDoc, CustomerDoc, TicketDoc } from '@partner-desk/database';
import { chatInTransaction } from '../chat/repository';
import { customersInTransaction } from '../customers/repository';
import { newId } from '../data/ids';
import { queueOutboxEvent } from '../data/outbox-entry';
import type { ScopedTransaction } from '../data/transaction';
import { escalationContent } from '../chat/conversation-state';
import { chatEscalatedEntry, type TranscriptSource } from '../outbox/events';
import { newTicketDoc, ticketsInTransaction } from './repository';
import { planEscalate, type Operator } from './ticket-state';

/**
 * Where chat and tickets meet, owned by tickets: "a chat becomes a ticket", and "that ticket is resolved,
 * so the chat may be escalated again". Each domain writes only its own collections (tickets here, the
 * conversation through chatInTransaction, the customer's count through customersInTransaction); chat's
 * escalate action calls openTicketFromChat, tickets' resolve calls closeChatTicket.
 */

export interface ChatEscalation {
  /** Read in this transaction by the caller (its open-issue count is written here). */
  customer: CustomerDoc;
  /** The problem as the provider summarises it. */
  content: string;
  reason: string;
  /** The customer's latest messages, quoted below the summary. */
  recent: Pick<ChatMessageDoc, 'content' | 'timestamp'>[];
  /** The conversation's latest messages, both sides: HQ gets them as the transcript. */
  transcript: TranscriptSource[];
  operator: Operator;
}

/**
 * The escalated ticket of a chat, in the caller's transaction: the ticket (type issue_escalation, source
 * chat, high priority, history create + escalate), its number, the customer's open-issue count, and the
 * chat.escalated outbox item (with the transcript) that opens the case on the PC side. Safe under concurrency: the counter and the customer are
 * read and written here (concurrent writers conflict), the ticket and outbox rows are new documents.
 */
export async function openTicketFromChat(transaction: ScopedTransaction, escalation: ChatEscalation, now: Date): Promise<Pick<TicketDoc, '_id' | 'ticketNo'>> {
  const { customer, reason, operator } = escalation;
  const tickets = ticketsInTransaction(transaction);
  const ticketNo = await tickets.allocateTicketNo(now);
  const title = `咨询升级：${customer.name}`.slice(0, 100);
  const created = newTicketDoc(
    operator,
    { customer, title, content: escalationContent(escalation.content, escalation.recent), type: 'issue_escalation', priority: 'high', images: [], source: 'chat' },
    ticketNo,
    now,
  );
  const escalated = planEscalate(created, operator, reason, { stepId: newId('st'), now });
  const ticket = { ...created, ...escalated.changes, processingHistory: [...created.processingHistory, escalated.step] };
  await tickets.insertTicket(ticket);
  await customersInTransaction(transaction).adjustUnresolvedIssues(customer, 1, now);
  await queueOutboxEvent(transaction, chatEscalatedEntry(customer, ticket, reason, escalation.transcript, now), now);
  return { _id: ticket._id, ticketNo };
}

/** A ticket that came from a chat was resolved (in the caller's transaction): the conversation may be escalated again. */
export async function closeChatTicket(transaction: ScopedTransaction, ticket: Pick<TicketDoc, '_id' | 'customerId' | 'source'>, now: Date): Promise<void> {
  if (ticket.source !== 'chat') return;
  await chatInTransaction(transaction).reopenAfterTicketResolved(ticket.customerId, ticket._id, now);
}
