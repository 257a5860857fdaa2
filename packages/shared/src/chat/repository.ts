import { COLLECTIONS, type ChatConversationDoc, type ChatMessageDoc, type CustomerDoc } from '@partner-desk/database';
import { db, getDocOrNull, type Db } from '../data/database';
import type { Paging } from '../data/paging';
import { scoped, scopedInTransaction, type Tenant } from '../data/tenant-scope';
import { toIso } from '../time';
import { newOutboxEntry } from '../data/outbox-entry';
import { insertNewInTransaction } from '../data/transaction-retry';
import { adjustUnresolvedIssues, allocateTicketNo, newId, newTicketDoc } from '../tickets/repository';
import { planEscalate } from '../tickets/ticket-state';
import { afterProviderReply, assertCanEscalate, conversationIdOf, escalationContent, QUOTED_MESSAGES, replyMessageId, conversationFieldsOf, type ConversationFields } from './conversation-state';

export function listConversations(tenant: Tenant, paging: Paging) {
  return scoped(tenant, COLLECTIONS.chatConversations).list<ChatConversationDoc>({ orderBy: [['lastMessageAt', 'desc']], paging });
}

export function findCustomer(tenant: Tenant, customerId: string) {
  return scoped(tenant, COLLECTIONS.customers).findById<Pick<CustomerDoc, '_id' | 'name'>>(customerId, { _id: true, name: true });
}

export function listChatMessages(tenant: Tenant, customerId: string, paging: Paging) {
  return scoped(tenant, COLLECTIONS.chatMessages).list<ChatMessageDoc>({ filter: { customerId }, orderBy: [['timestamp', 'desc']], paging });
}

/**
 * The provider opened the conversation: nothing unread, the customer's messages read. Both writes are
 * scoped (only this provider's documents) and idempotent; answers whether the unread count moved.
 */
export async function markConversationRead(tenant: Tenant, customerId: string): Promise<boolean> {
  const _ = db().command;
  const [conversations] = await Promise.all([
    scoped(tenant, COLLECTIONS.chatConversations).updateWhere({ _id: conversationIdOf(customerId), unreadCount: _.gt(0) }, { unreadCount: 0 }),
    scoped(tenant, COLLECTIONS.chatMessages).updateWhere({ customerId, senderType: 'customer', status: _.neq('read') }, { status: 'read' }),
  ]);
  return conversations > 0;
}

/** The customer's latest messages (newest first), to quote in an escalated ticket. */
export async function recentCustomerMessages(tenant: Tenant, customerId: string): Promise<ChatMessageDoc[]> {
  const { data } = await scoped(tenant, COLLECTIONS.chatMessages).where({ customerId, senderType: 'customer' }).orderBy('timestamp', 'desc').limit(QUOTED_MESSAGES).get();
  return data as ChatMessageDoc[];
}

async function readConversation(transaction: Db, tenant: Tenant, customerId: string): Promise<ChatConversationDoc | null> {
  const conversation = await getDocOrNull<ChatConversationDoc>(transaction.collection(COLLECTIONS.chatConversations).doc(conversationIdOf(customerId)));
  return conversation && conversation.serviceProviderId === tenant.serviceProviderId ? conversation : null;
}

/**
 * Writes the conversation's new state, decided on the version read in this transaction: a replacement
 * when it existed, an insert when it didn't (so a concurrent first message can't be overwritten).
 */
export async function writeConversation(transaction: Db, tenant: Pick<Tenant, 'serviceProviderId'>, customerId: string, existed: boolean, fields: ConversationFields) {
  const _id = conversationIdOf(customerId);
  if (existed) await scopedInTransaction(tenant, transaction).insert(COLLECTIONS.chatConversations, _id, { ...fields });
  else await insertNewInTransaction(transaction, COLLECTIONS.chatConversations, { _id, ...fields, serviceProviderId: tenant.serviceProviderId });
}

const withoutId = <T extends { _id: string }>({ _id, ...rest }: T) => rest;

export interface SendReply {
  customerId: string;
  content: string;
  clientMessageId?: string;
}

/**
 * The provider's reply, in one transaction: the message (externalMessageId `pd_<id>`), the
 * conversation (created if missing, nobody waiting any more) and the outbox row that carries it to the
 * PC system. With a clientMessageId the message id is derived from it: a retry finds the message and
 * answers its id without writing anything.
 */
export async function sendReply(transaction: Db, tenant: Tenant, reply: SendReply, now: Date): Promise<{ messageId: string; duplicate: boolean }> {
  const inTx = scopedInTransaction(tenant, transaction);
  const messageId = reply.clientMessageId ? replyMessageId(tenant.serviceProviderId, reply.customerId, reply.clientMessageId) : newId('cm');
  if (reply.clientMessageId) {
    const existing = await getDocOrNull<ChatMessageDoc>(transaction.collection(COLLECTIONS.chatMessages).doc(messageId));
    if (existing) return { messageId, duplicate: true };
  }
  const customer = await inTx.getById<CustomerDoc>(COLLECTIONS.customers, reply.customerId, '客户不存在');
  const conversation = await readConversation(transaction, tenant, reply.customerId);
  const message: Omit<ChatMessageDoc, '_id' | 'serviceProviderId'> = {
    serviceProviderName: customer.serviceProviderName,
    customerId: customer._id,
    customerName: customer.name,
    senderType: 'service_provider',
    senderName: tenant.userName,
    content: reply.content,
    status: 'sent',
    externalMessageId: `pd_${messageId}`,
    timestamp: now,
  };
  // An insert: a concurrent retry of the same clientMessageId fails here and, retried, finds the message.
  await insertNewInTransaction(transaction, COLLECTIONS.chatMessages, { _id: messageId, ...message, serviceProviderId: tenant.serviceProviderId });
  await writeConversation(transaction, tenant, customer._id, conversation !== null, afterProviderReply(conversationFieldsOf(conversation), customer, reply.content, now));
  const outbox = newOutboxEntry('chat.reply', messageId, { customerId: customer._id, messageId, content: reply.content, sentAt: toIso(now), senderName: tenant.userName }, now);
  await inTx.insert(COLLECTIONS.outbox, outbox._id, withoutId(outbox));
  return { messageId, duplicate: false };
}

export interface EscalateChat {
  customerId: string;
  content: string;
  reason: string;
  recent: ChatMessageDoc[];
}

/**
 * The chat becomes an escalated ticket, in one transaction: the ticket (type issue_escalation, source
 * chat, history create + escalate), the conversation marked escalated, the customer's open-issue count,
 * and the outbox row that opens the case on the PC side.
 */
export async function escalateConversation(transaction: Db, tenant: Tenant, request: EscalateChat, now: Date) {
  const inTx = scopedInTransaction(tenant, transaction);
  const customer = await inTx.getById<CustomerDoc>(COLLECTIONS.customers, request.customerId, '客户不存在');
  const conversation = await readConversation(transaction, tenant, request.customerId);
  assertCanEscalate(conversation);
  const ticketNo = await allocateTicketNo(transaction, tenant.serviceProviderId, now);
  const title = `咨询升级：${customer.name}`.slice(0, 100);
  const ticket = newTicketDoc(
    tenant,
    { customer, title, content: escalationContent(request.content, request.recent), type: 'issue_escalation', priority: 'high', images: [], source: 'chat' },
    ticketNo,
    now,
  );
  const escalation = planEscalate(ticket, { userId: tenant.userId, userName: tenant.userName }, request.reason, { stepId: newId('st'), now });
  const doc = { ...ticket, ...escalation.changes, processingHistory: [...ticket.processingHistory, escalation.step] };
  await inTx.insert(COLLECTIONS.tickets, doc._id, withoutId(doc));
  await inTx.update(COLLECTIONS.chatConversations, conversationIdOf(customer._id), { status: 'escalated', escalatedTicketId: doc._id, updatedAt: now });
  await adjustUnresolvedIssues(transaction, tenant, customer, 1, now);
  const payload = {
    ticketId: doc._id,
    ticketNo,
    customerId: customer._id,
    customerName: customer.name,
    content: doc.content,
    reason: request.reason,
    escalatedAt: toIso(now),
    operatorName: tenant.userName,
  };
  const outbox = newOutboxEntry('chat.escalated', doc._id, payload, now);
  await inTx.insert(COLLECTIONS.outbox, outbox._id, withoutId(outbox));
  return { ticketId: doc._id, ticketNo, customer };
}
