import type { TicketDoc } from '@partner-desk/database';
import { customersInTransaction } from '../customers/repository';
import { notifyAfterCommit } from '../data/after-commit';
import { newId } from '../data/ids';
import { queueOutboxEvent } from '../data/outbox-entry';
import { bumpSignals } from '../data/signals';
import type { Tenant } from '../data/tenant-scope';
import { runScopedTransaction, type ScopedTransaction } from '../data/transaction';
import { messagesRepository } from '../messages/repository';
import type { ActionHandler } from '../router';
import { assertUploadsExist, checkOwnUploads, imageViews } from '../storage/attachments';
import { ticketEscalatedEntry, ticketResolvedEntry } from '../outbox/events';
import { closeChatTicket } from './chat-escalation';
import { newTicketDoc, operatorOf, ticketsInTransaction, ticketsRepository } from './repository';
import { planEscalate, planReply, planResolve, replyStepId, type StepContext, type Transition } from './ticket-state';
import { ticketImageIds, toTicketDetail, toTicketListItem } from './ticket-view';

/**
 * Every ticket mutation: read the ticket inside a transaction, let the state machine decide, write the
 * change, its history step and any side effects together. The decision rests on the ticket, which the
 * same transaction writes: a concurrent writer of it conflicts, and the retry decides again on fresh data.
 */
async function mutateTicket(
  tenant: Tenant,
  id: string,
  /** null: the change is already there (a retried reply), nothing is written. */
  plan: (ticket: TicketDoc, ctx: StepContext) => Transition | null,
  /** Gets the ticket as read, and the transition the plan made of it (its new step). */
  sideEffects?: (transaction: ScopedTransaction, ticket: TicketDoc, now: Date, transition: Transition) => Promise<void>,
  /** A check that must pass before anything is written, run alongside the ticket's read (no extra round trip). */
  alongside?: () => Promise<void>,
  stepId: string = newId('st'),
): Promise<void> {
  const changed = await runScopedTransaction(tenant, async (transaction) => {
    const now = new Date();
    const tickets = ticketsInTransaction(transaction);
    const [ticket] = await Promise.all([tickets.getTicket(id), alongside?.()]);
    const transition = plan(ticket, { stepId, now });
    if (!transition) return false;
    await tickets.applyTransition(id, transition, now);
    await sideEffects?.(transaction, ticket, now, transition);
    return true;
  });
  if (changed) await notifyAfterCommit('ticket update', () => bumpSignals(tenant, ['tickets']));
}

export const listTickets: ActionHandler<'tickets', 'list'> = async ({ page, pageSize, ...filter }, session) => {
  const result = await ticketsRepository(session).listTickets(filter, { page, pageSize });
  return { tickets: result.items.map(toTicketListItem), total: result.total, page, pageSize };
};

/** The ticket, then one storage call for the temporary URLs of all its images (none when it has none). */
export const showTicket: ActionHandler<'tickets', 'detail'> = async ({ id }, session) => {
  const ticket = await ticketsRepository(session).getTicket(id);
  return { ticket: toTicketDetail(ticket, await imageViews(ticketImageIds(ticket))) };
};

/**
 * A ticket for one of the caller's customers: number, ticket and the customer's count in one
 * transaction; its images must be the caller's own uploads (checked before anything is written). The customer is read and written (its count) and the day's counter is read and written, so
 * every decision here rests on a document the transaction writes.
 */
export const createTicket: ActionHandler<'tickets', 'create'> = async (payload, session) => {
  checkOwnUploads(payload.images, session);
  const created = await runScopedTransaction(session, async (transaction) => {
    const now = new Date();
    const customers = customersInTransaction(transaction);
    const tickets = ticketsInTransaction(transaction);
    // The images' existence is checked alongside the customer's read: nothing is written before both pass.
    const [customer] = await Promise.all([customers.getCustomer(payload.customerId), assertUploadsExist(payload.images)]);
    const ticketNo = await tickets.allocateTicketNo(now);
    const ticket = newTicketDoc(operatorOf(session), { ...payload, customer, source: 'provider' }, ticketNo, now);
    await tickets.insertTicket(ticket);
    await customers.adjustUnresolvedIssues(customer, 1, now);
    return { ticketId: ticket._id, ticketNo, customer };
  });
  await notifyAfterCommit(
    'ticket created',
    () =>
      messagesRepository(session).raise({
        type: 'ticket_update',
        title: `新工单 ${created.ticketNo}`,
        content: `${session.userName} 为客户「${created.customer.name}」创建了工单「${payload.title}」`,
        relatedCustomerId: created.customer._id,
        relatedCustomerName: created.customer.name,
        relatedTicketId: created.ticketId,
        dedupeKey: `ticket:${created.ticketId}:created`,
      }),
    () => bumpSignals(session, ['tickets', 'customers']),
  );
  return { ticketId: created.ticketId, ticketNo: created.ticketNo };
};

/**
 * With a clientReplyId the step's id is derived from it: a retry (the app's outbox resending after a lost
 * answer) finds its step in the history and writes nothing, even if the ticket was resolved meanwhile.
 */
export const replyToTicket: ActionHandler<'tickets', 'reply'> = async ({ id, content, images, clientReplyId }, session) => {
  checkOwnUploads(images, session);
  const stepId = clientReplyId ? replyStepId(session.serviceProviderId, id, clientReplyId) : newId('st');
  await mutateTicket(
    session,
    id,
    (ticket, ctx) => (ticket.processingHistory.some((step) => step.id === stepId) ? null : planReply(ticket, operatorOf(session), content, ctx, images)),
    undefined,
    () => assertUploadsExist(images),
    stepId,
  );
  return {};
};

/**
 * Resolving also lowers the customer's open-issue count (read and written here), tells the PC system when
 * the ticket was escalated (a ticket.resolved outbox item), and lets a chat escalated into this ticket
 * escalate again. A customer missing by now is simply not counted (nor can the PC side be told whom it was
 * about): customers are never removed by any action, so that read decides nothing another transaction could change.
 */
export const resolveTicket: ActionHandler<'tickets', 'resolve'> = async ({ id, note }, session) => {
  await mutateTicket(
    session,
    id,
    (ticket, ctx) => planResolve(ticket, operatorOf(session), note, ctx),
    async (transaction, ticket, now) => {
      const customers = customersInTransaction(transaction);
      const customer = await customers.findCustomer(ticket.customerId);
      if (customer) await customers.adjustUnresolvedIssues(customer, -1, now);
      if (customer && ticket.escalationStatus === 'escalated') await queueOutboxEvent(transaction, ticketResolvedEntry(customer, ticket, note ?? null, session.userName, now), now);
      await closeChatTicket(transaction, ticket, now);
    },
  );
  return {};
};

/**
 * Escalating tells HQ: a ticket.escalated outbox item with the whole processing history (the escalation
 * step last), naming the customer by its vendor id (read here; customers are never removed or moved).
 */
export const escalateTicket: ActionHandler<'tickets', 'escalate'> = async ({ id, reason }, session) => {
  await mutateTicket(
    session,
    id,
    (ticket, ctx) => planEscalate(ticket, operatorOf(session), reason, ctx),
    async (transaction, ticket, now, transition) => {
      const customer = await customersInTransaction(transaction).getCustomer(ticket.customerId);
      const escalated = { ...ticket, processingHistory: [...ticket.processingHistory, transition.step] };
      await queueOutboxEvent(transaction, ticketEscalatedEntry(customer, escalated, reason, now), now);
    },
  );
  return {};
};
