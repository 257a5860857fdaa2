import type { ChatMessageDoc } from '@partner-desk/database';
import { customersInTransaction, customersRepository } from '../customers/repository';
import { notifyAfterCommit } from '../data/after-commit';
import { newId } from '../data/ids';
import { queueOutboxEvent } from '../data/outbox';
import { bumpSignals } from '../data/signals';
import { runScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { messagesRepository } from '../messages/repository';
import type { ActionHandler } from '../router';
import { assertUploadsExist, checkOwnUploads, imageViews } from '../storage/attachments';
import { openTicketFromChat } from '../tickets/chat-escalation';
import { operatorOf } from '../tickets/repository';
import { toIso } from '../time';
import { toChatMessageView, toConversationView } from './chat-view';
import { afterProviderReply, assertCanEscalate, conversationFieldsOf, replyMessageId, replyPreviewText } from './conversation-state';
import { chatInTransaction, chatRepository } from './repository';

export const listConversations: ActionHandler<'chat', 'conversations'> = async (paging, session) => {
  const result = await chatRepository(session).listConversations(paging);
  return { conversations: result.items.map(toConversationView), total: result.total, ...paging };
};

/**
 * Newest first; opening the conversation marks it read. The customer check, the page and the marking
 * run together (all scoped to the caller, so nothing of another provider is read or written); then the
 * page's images get their temporary URLs, alongside the signal bump when something was unread.
 */
export const openConversation: ActionHandler<'chat', 'messages'> = async ({ customerId, ...paging }, session) => {
  const chat = chatRepository(session);
  const [customer, page, unreadCleared] = await Promise.all([customersRepository(session).findCustomerName(customerId), chat.listMessages(customerId, paging), chat.markConversationRead(customerId)]);
  if (!customer) throw new AppError('NOT_FOUND', '客户不存在');
  const [imageOf] = await Promise.all([imageViews(page.items.flatMap((m) => m.images ?? [])), unreadCleared ? notifyAfterCommit('chat read', () => bumpSignals(session, ['chat'])) : undefined]);
  return { messages: page.items.map((m) => toChatMessageView(m, imageOf, true)), total: page.total, ...paging };
};

/**
 * The provider's reply (text and/or images that are the caller's own uploads, checked before anything is
 * written), in one transaction: the message (externalMessageId `pd_<id>`), the conversation
 * (created if missing, nobody waiting any more) and the outbox row that carries it to the PC system.
 * With a clientMessageId the message id is derived from it: a retry finds the message and answers its id
 * without writing anything. Why the decisions are safe: "already sent" rests on a message an insert of
 * the same id would collide with; the conversation is read and then written here; the customer is read
 * for its owner and names only (customers are never removed or moved by an action, names are copies).
 */
export const sendChatReply: ActionHandler<'chat', 'send'> = async ({ customerId, content, images, clientMessageId }, session) => {
  checkOwnUploads(images, session);
  const { messageId, duplicate } = await runScopedTransaction(session, async (transaction) => {
    const now = new Date();
    const chat = chatInTransaction(transaction);
    const messageId = clientMessageId ? replyMessageId(session.serviceProviderId, customerId, clientMessageId) : newId('cm');
    if (clientMessageId && (await chat.findMessage(messageId))) return { messageId, duplicate: true };
    // The images' existence is checked alongside the customer's read: nothing is written before both pass.
    const [customer] = await Promise.all([customersInTransaction(transaction).getCustomer(customerId), assertUploadsExist(images)]);
    const conversation = await chat.findConversation(customerId);
    const message: Omit<ChatMessageDoc, 'serviceProviderId'> = {
      _id: messageId,
      serviceProviderName: customer.serviceProviderName,
      customerId: customer._id,
      customerName: customer.name,
      senderType: 'service_provider',
      senderName: session.userName,
      content,
      ...(images.length ? { images } : {}),
      status: 'sent',
      externalMessageId: `pd_${messageId}`,
      timestamp: now,
    };
    await chat.insertMessage(message);
    await chat.saveConversation(customer._id, afterProviderReply(conversationFieldsOf(conversation), customer, replyPreviewText(content, images.length), now));
    // Images travel to the PC system as fileIDs (the delivery resolves what it needs; the spec's fields stay as they are).
    await queueOutboxEvent(transaction, 'chat.reply', messageId, { customerId: customer._id, messageId, content, ...(images.length ? { images } : {}), sentAt: toIso(now), senderName: session.userName }, now);
    return { messageId, duplicate: false };
  });
  if (!duplicate) await notifyAfterCommit('chat reply', () => bumpSignals(session, ['chat']));
  return { messageId };
};

/**
 * The chat becomes an escalated ticket (tickets/chat-escalation.ts makes the ticket), and the
 * conversation is marked escalated, in one transaction. The decision "may escalate" rests on the
 * conversation, which this transaction then writes: of five racing escalations one commits, and the others
 * retry, see it escalated and are refused.
 */
export const escalateChat: ActionHandler<'chat', 'escalate'> = async ({ customerId, content, reason }, session) => {
  const recent = await chatRepository(session).recentCustomerMessages(customerId);
  const escalated = await runScopedTransaction(session, async (transaction) => {
    const now = new Date();
    const chat = chatInTransaction(transaction);
    const customer = await customersInTransaction(transaction).getCustomer(customerId);
    assertCanEscalate(await chat.findConversation(customerId));
    const ticket = await openTicketFromChat(transaction, { customer, content, reason, recent, operator: operatorOf(session) }, now);
    await chat.markEscalated(customerId, ticket._id, now);
    return { ticketId: ticket._id, ticketNo: ticket.ticketNo, customer };
  });
  await notifyAfterCommit(
    'chat escalated',
    () =>
      messagesRepository(session).raise({
        type: 'ticket_update',
        title: `咨询已升级为工单 ${escalated.ticketNo}`,
        content: `${session.userName} 将客户「${escalated.customer.name}」的咨询升级为工单，原因：${reason}`,
        relatedCustomerId: customerId,
        relatedCustomerName: escalated.customer.name,
        relatedTicketId: escalated.ticketId,
        dedupeKey: `ticket:${escalated.ticketId}:escalated-from-chat`,
      }),
    () => bumpSignals(session, ['chat', 'tickets', 'customers']),
  );
  return { ticketId: escalated.ticketId };
};
