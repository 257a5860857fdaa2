import { COLLECTIONS, type CustomerDoc, type TicketDoc } from '@partner-desk/database';
import { getDocOrNull, type Db } from '../data/database';
import { bumpSignals } from '../data/signals';
import { scopedInTransaction, type Tenant } from '../data/tenant-scope';
import { raiseMessage } from '../messages/raise-message';
import { defineTenantAction } from '../tenant-action';
import { toIso } from '../time';
import {
  adjustUnresolvedIssues,
  applyTransition,
  getTicket,
  insertTicket,
  listTickets,
  newId,
  queueTicketEvent,
  reopenEscalatedConversation,
  ticketEssentials,
} from './repository';
import { createTicketSchema, escalateTicketSchema, listTicketsSchema, replyTicketSchema, resolveTicketSchema, ticketIdSchema, type CreateTicketResult, type TicketListResult } from './schemas';
import { planEscalate, planReply, planResolve, type StepContext, type Transition } from './ticket-state';
import { toTicketDetail, toTicketListItem } from './ticket-view';
import { notifyAfterCommit } from './after-commit';
import { runTransactionWithRetry } from './transaction-retry';

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

export const ticketsActions = {
  list: defineTenantAction(listTicketsSchema, async ({ page, pageSize, ...filter }, session): Promise<TicketListResult> => {
    const result = await listTickets(session, filter, { page, pageSize });
    return { tickets: result.items.map(toTicketListItem), total: result.total, page, pageSize };
  }, { doc: {
    summary: '本服务商的工单列表，按最近更新倒序；可按状态、类型、升级状态、处理人筛选；keyword 为工单号（GD20261205-0001，精确）或标题片段（不区分大小写，按字面匹配）。',
    result: '{ tickets: [{ id, ticketNo, title, customerId, customerName, type, priority, status, escalationStatus, assigneeName, createdAt, updatedAt }], total, page, pageSize }',
  } }),

  detail: defineTenantAction(ticketIdSchema, async ({ id }, session) => ({ ticket: toTicketDetail(await getTicket(session, id)) }), {
    doc: {
      summary: '工单详情（seed §4.2），含处理记录 processingHistory（时间为 ISO 字符串）与当前状态允许的操作 allowedActions。',
      result: '{ ticket: { id, ticketNo, serviceProviderId, customerId, customerName, title, content, type, priority, status, escalationStatus, escalationReason, escalatedAt, assigneeId, assigneeName, images, source, createdAt, updatedAt, resolvedAt, processingHistory: [{ id, operatorId, operatorName, action, content, timestamp, images? }], allowedActions } }',
      errors: { NOT_FOUND: '工单不存在或属于其他服务商' },
    },
  }),

  create: defineTenantAction(createTicketSchema, async (payload, session): Promise<CreateTicketResult> => {
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
  }, { doc: {
    summary: '为本服务商的客户创建工单：编号 GD<yyyymmdd>-<nnnn>（按服务商按天递增），状态 open；同一事务内写入工单与创建记录、客户未解决问题数 +1；随后生成一条工单更新消息。',
    result: '{ ticketId, ticketNo }',
    errors: { NOT_FOUND: '客户不存在或属于其他服务商', CONFLICT: '并发冲突重试后仍失败，请重试' },
  } }),

  reply: defineTenantAction(replyTicketSchema, async ({ id, content, images }, session) => {
    await mutateTicket(session, id, (ticket, ctx) => planReply(ticket, operatorOf(session), content, ctx, images));
    return {};
  }, { doc: {
    summary: '回复工单：追加一条 reply 处理记录；待处理（open）的工单转为处理中，无处理人时回复者成为处理人。',
    result: '{}',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商', FAILED_PRECONDITION: '工单已解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  } }),

  resolve: defineTenantAction(resolveTicketSchema, async ({ id, note }, session) => {
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
  }, { doc: {
    summary: '标记为已解决：记录 resolvedAt 与 resolve 处理记录，客户未解决问题数 −1（不低于 0）；已升级的工单同时排队通知 PC 端（outbox ticket.resolved），由咨询升级来的工单使该会话可再次升级。',
    result: '{}',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商', FAILED_PRECONDITION: '工单已解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  } }),

  escalate: defineTenantAction(escalateTicketSchema, async ({ id, reason }, session) => {
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
  }, { doc: {
    summary: '升级工单到总部：escalationStatus 变为 escalated，记录原因、时间与 escalate 处理记录，并在同一事务内排队通知 PC 端（outbox ticket.escalated，由投递定时器发送）。',
    result: '{}',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商', FAILED_PRECONDITION: '工单已升级或已解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  } }),
};
