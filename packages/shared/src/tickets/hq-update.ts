/**
 * HQ changed a ticket the provider escalated to it (the PC system's ticket.updated): the status moves
 * through the ticket state machine (planHqUpdate), the step goes into processingHistory with HQ's operator
 * and note, a resolution lowers the customer's open-issue count and lets an escalated chat escalate
 * again, and the provider gets a 工单更新 message, all in one transaction with the caller's guard (the
 * gateway records the delivery there). HQ already knows, so no outbox event is written.
 */
import type { TicketDoc } from '@partner-desk/database';
import { customersInTransaction } from '../customers/repository';
import { notifyAfterCommit } from '../data/after-commit';
import { newId } from '../data/ids';
import { bumpSignals } from '../data/signals';
import type { TenantRef } from '../data/tenant-scope';
import { runScopedTransaction, type TransactionGuard } from '../data/transaction';
import { messagesInTransaction, type NewMessage } from '../messages/repository';
import { closeChatTicket } from './chat-escalation';
import { ticketsInTransaction } from './repository';
import { planHqUpdate, type HqStatus } from './ticket-state';

export interface HqTicketUpdate {
  ticketId: string;
  status: HqStatus;
  note?: string;
  operatorName: string;
  /** What makes the provider's message unique: the PC system's delivery id. */
  updateId: string;
}

/** HQ's update, committed: what the provider is told after (tellProviderOfHqUpdate). */
export interface AppliedHqUpdate {
  serviceProviderId: string;
  ticketId: string;
  ticketNo: string;
  customerId: string;
  customerName: string;
  title: string;
  status: HqStatus;
  note: string | null;
  operatorName: string;
}

const STATUS_WORDS: Record<HqStatus, string> = { processing: '处理中', resolved: '已解决' };

export function hqUpdateNotice(ticket: Pick<TicketDoc, '_id' | 'ticketNo' | 'title' | 'customerId' | 'customerName'>, update: HqTicketUpdate): NewMessage {
  const note = update.note?.trim();
  return {
    type: 'ticket_update',
    title: update.status === 'resolved' ? `总部已解决工单 ${ticket.ticketNo}` : `总部更新了工单 ${ticket.ticketNo}`,
    content: `工单「${ticket.title}」状态：${STATUS_WORDS[update.status]}（${update.operatorName}）${note ? `：${note}` : ''}`,
    relatedCustomerId: ticket.customerId,
    relatedCustomerName: ticket.customerName,
    relatedTicketId: ticket._id,
    dedupeKey: `ticket:${ticket._id}:hq:${update.updateId}`,
  };
}

/**
 * The one place that tells a provider "HQ changed your escalated ticket", after the commit: the users'
 * signals (tickets, messages, and customers when the open-issue count moved). Best effort. Whatever else
 * should reach the provider for it (a subscribe message) belongs here too.
 */
export async function tellProviderOfHqUpdate(applied: AppliedHqUpdate): Promise<void> {
  const tenant = { serviceProviderId: applied.serviceProviderId };
  await notifyAfterCommit('hq ticket update', () => bumpSignals(tenant, applied.status === 'resolved' ? ['tickets', 'messages', 'customers'] : ['tickets', 'messages']));
}

/**
 * Applies HQ's update to the tenant's ticket (see the file's comment); null when the guard stopped it.
 * Refusals are FAILED_PRECONDITION with details.code (planHqUpdate) and write nothing. The decisions rest
 * on the ticket, which this transaction writes; the customer's count on the customer, read and written here.
 */
export async function applyHqUpdate(tenant: TenantRef, update: HqTicketUpdate, options: { now?: Date; guard?: TransactionGuard } = {}): Promise<AppliedHqUpdate | null> {
  const applied = await runScopedTransaction(tenant, async (transaction) => {
    if (options.guard?.before && !(await options.guard.before(transaction))) return null;
    const now = options.now ?? new Date();
    const tickets = ticketsInTransaction(transaction);
    const ticket = await tickets.getTicket(update.ticketId);
    await tickets.applyTransition(ticket._id, planHqUpdate(ticket, update.status, update.note, update.operatorName, { stepId: newId('st'), now }), now);
    if (update.status === 'resolved') {
      const customers = customersInTransaction(transaction);
      const customer = await customers.findCustomer(ticket.customerId);
      if (customer) await customers.adjustUnresolvedIssues(customer, -1, now);
      await closeChatTicket(transaction, ticket, now);
    }
    await messagesInTransaction(transaction).raiseOnce(hqUpdateNotice(ticket, update), now);
    await options.guard?.after?.(transaction);
    const result: AppliedHqUpdate = {
      serviceProviderId: tenant.serviceProviderId,
      ticketId: ticket._id,
      ticketNo: ticket.ticketNo,
      customerId: ticket.customerId,
      customerName: ticket.customerName,
      title: ticket.title,
      status: update.status,
      note: update.note?.trim() || null,
      operatorName: update.operatorName,
    };
    return result;
  });
  if (applied) await tellProviderOfHqUpdate(applied);
  return applied;
}
