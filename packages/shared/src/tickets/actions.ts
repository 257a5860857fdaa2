import { COLLECTIONS, type CustomerDoc, type TicketDoc } from '@partner-desk/database';
import { getDocOrNull, type Db } from '../data/database';
import { bumpSignals } from '../data/signals';
import { scopedInTransaction, type Tenant } from '../data/tenant-scope';
import { raiseMessage } from '../messages/raise-message';
import type { ActionHandler } from '../router';
import { toIso } from '../time';
import {
  adjustUnresolvedIssues,
  applyTransition,
  getTicket,
  insertTicket,
  listTickets as findTickets,
  newId,
  queueTicketEvent,
  reopenEscalatedConversation,
  ticketEssentials,
} from './repository';
import { planEscalate, planReply, planResolve, type StepContext, type Transition } from './ticket-state';
import { toTicketDetail, toTicketListItem } from './ticket-view';
import { notifyAfterCommit } from '../data/after-commit';
import { runTransactionWithRetry } from '../data/transaction-retry';

const operatorOf = (tenant: Tenant) => ({ userId: tenant.userId, userName: tenant.userName });

/**
 * Every ticket mutation: read the ticket inside a transaction, let the state machine decide, write the
 * change, its history step and any side effects together. A conflicting writer retries on fresh data.
 */
async function mutateTicket(
  tenant: Tenant,
  id: string,
  plan: (ticket: TicketDoc, ctx: StepContext) => Transition,
  sideEffects?: (transaction: Db, ticket: TicketDoc, transition: Transition, now: Date) => Promise<void>,
): Promise<void> {
  await runTransactionWithRetry(async (transaction) => {
    const now = new Date();
    const ticket = await scopedInTransaction(tenant, transaction).getById<TicketDoc>(COLLECTIONS.tickets, id, '工单不存在');
    const transition = plan(ticket, { stepId: newId('st'), now });
    await applyTransition(transaction, tenant, id, transition, now);
    await sideEffects?.(transaction, ticket, transition, now);
  });
  await notifyAfterCommit('ticket update', () => bumpSignals(tenant.serviceProviderId, ['tickets']));
}

/** The customer of a ticket, read in the transaction; a customer removed since is simply not counted. */
async function customerInTransaction(transaction: Db, tenant: Tenant, customerId: string) {
  const customer = await getDocOrNull<CustomerDoc>(transaction.collection(COLLECTIONS.customers).doc(customerId));
  return customer && customer.serviceProviderId === tenant.serviceProviderId ? customer : null;
}

export const listTickets: ActionHandler<'tickets', 'list'> = async ({ page, pageSize, ...filter }, session) => {
  const result = await findTickets(session, filter, { page, pageSize });
  return { tickets: result.items.map(toTicketListItem), total: result.total, page, pageSize };
};

export const showTicket: ActionHandler<'tickets', 'detail'> = async ({ id }, session) => ({ ticket: toTicketDetail(await getTicket(session, id)) });

export const createTicket: ActionHandler<'tickets', 'create'> = async (payload, session) => {
  const created = await runTransactionWithRetry((transaction) => insertTicket(transaction, session, { ...payload, source: 'provider' }, new Date()));
  await notifyAfterCommit(
    'ticket created',
    () =>
      raiseMessage({
        serviceProviderId: session.serviceProviderId,
        type: 'ticket_update',
        title: `新工单 ${created.ticketNo}`,
        content: `${session.userName} 为客户「${created.customer.name}」创建了工单「${payload.title}」`,
        relatedCustomerId: created.customer._id,
        relatedCustomerName: created.customer.name,
        relatedTicketId: created.ticketId,
        dedupeKey: `ticket:${created.ticketId}:created`,
      }),
    () => bumpSignals(session.serviceProviderId, ['tickets', 'customers']),
  );
  return { ticketId: created.ticketId, ticketNo: created.ticketNo };
};

export const replyToTicket: ActionHandler<'tickets', 'reply'> = async ({ id, content, images }, session) => {
  await mutateTicket(session, id, (ticket, ctx) => planReply(ticket, operatorOf(session), content, ctx, images));
  return {};
};

export const resolveTicket: ActionHandler<'tickets', 'resolve'> = async ({ id, note }, session) => {
  await mutateTicket(
    session,
    id,
    (ticket, ctx) => planResolve(ticket, operatorOf(session), note, ctx),
    async (transaction, ticket, _transition, now) => {
      const customer = await customerInTransaction(transaction, session, ticket.customerId);
      if (customer) await adjustUnresolvedIssues(transaction, session, customer, -1, now);
      if (ticket.escalationStatus === 'escalated') {
        const payload = { ticketId: ticket._id, ticketNo: ticket.ticketNo, customerId: ticket.customerId, note: note ?? null, resolvedAt: toIso(now), operatorName: session.userName };
        await queueTicketEvent(transaction, session, 'ticket.resolved', payload, ticket._id, now);
      }
      if (ticket.source === 'chat') await reopenEscalatedConversation(transaction, session, ticket, now);
    },
  );
  return {};
};

export const escalateTicket: ActionHandler<'tickets', 'escalate'> = async ({ id, reason }, session) => {
  await mutateTicket(
    session,
    id,
    (ticket, ctx) => planEscalate(ticket, operatorOf(session), reason, ctx),
    async (transaction, ticket, _transition, now) => {
      const payload = { ...ticketEssentials(ticket), content: ticket.content, status: ticket.status, reason, escalatedAt: toIso(now), operatorName: session.userName };
      await queueTicketEvent(transaction, session, 'ticket.escalated', payload, ticket._id, now);
    },
  );
  return {};
};
