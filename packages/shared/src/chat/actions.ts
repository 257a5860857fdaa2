import { bumpSignals } from '../data/signals';
import { AppError } from '../errors';
import { raiseMessage } from '../messages/raise-message';
import type { ActionHandler } from '../router';
import { notifyAfterCommit } from '../data/after-commit';
import { runTransactionWithRetry } from '../data/transaction-retry';
import { toChatMessageView, toConversationView } from './chat-view';
import { escalateConversation, findCustomer, listChatMessages, listConversations as findConversations, markConversationRead, recentCustomerMessages, sendReply } from './repository';

export const listConversations: ActionHandler<'chat', 'conversations'> = async (paging, session) => {
  const result = await findConversations(session, paging);
  return { conversations: result.items.map(toConversationView), total: result.total, ...paging };
};

/**
 * Newest first; opening the conversation marks it read. The customer check, the page and the marking
 * run together (all scoped to the caller, so nothing of another provider is read or written).
 */
export const openConversation: ActionHandler<'chat', 'messages'> = async ({ customerId, ...paging }, session) => {
  const [customer, page, unreadCleared] = await Promise.all([findCustomer(session, customerId), listChatMessages(session, customerId, paging), markConversationRead(session, customerId)]);
  if (!customer) throw new AppError('NOT_FOUND', '客户不存在');
  if (unreadCleared) await notifyAfterCommit('chat read', () => bumpSignals(session.serviceProviderId, ['chat']));
  return { messages: page.items.map((m) => toChatMessageView(m, true)), total: page.total, ...paging };
};

export const sendChatReply: ActionHandler<'chat', 'send'> = async (payload, session) => {
  const { messageId, duplicate } = await runTransactionWithRetry((transaction) => sendReply(transaction, session, payload, new Date()));
  if (!duplicate) await notifyAfterCommit('chat reply', () => bumpSignals(session.serviceProviderId, ['chat']));
  return { messageId };
};

export const escalateChat: ActionHandler<'chat', 'escalate'> = async ({ customerId, content, reason }, session) => {
  const recent = await recentCustomerMessages(session, customerId);
  const escalated = await runTransactionWithRetry((transaction) => escalateConversation(transaction, session, { customerId, content, reason, recent }, new Date()));
  await notifyAfterCommit(
    'chat escalated',
    () =>
      raiseMessage({
        serviceProviderId: session.serviceProviderId,
        type: 'ticket_update',
        title: `咨询已升级为工单 ${escalated.ticketNo}`,
        content: `${session.userName} 将客户「${escalated.customer.name}」的咨询升级为工单，原因：${reason}`,
        relatedCustomerId: customerId,
        relatedCustomerName: escalated.customer.name,
        relatedTicketId: escalated.ticketId,
        dedupeKey: `ticket:${escalated.ticketId}:escalated-from-chat`,
      }),
    () => bumpSignals(session.serviceProviderId, ['chat', 'tickets', 'customers']),
  );
  return { ticketId: escalated.ticketId };
};
