import type { ReplySyncStatus } from '@partner-desk/contract';
import { COLLECTIONS, type ChatConversationDoc, type ChatMessageDoc } from '@partner-desk/database';
import { db } from '../data/database';
import type { Paging } from '../data/paging';
import { scoped, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { afterBounce, conversationFieldsOf, conversationIdOf, QUOTED_MESSAGES, type ConversationFields } from './conversation-state';

/** An escalated chat hands HQ at most this many of its latest messages as the transcript. */
export const TRANSCRIPT_MESSAGES = 50;
/** Conversations the bounce timer takes from one provider per run (the rest: next minute). */
export const BOUNCES_PER_RUN = 100;

/** Named queries over one provider's consultations. */
export function chatRepository(tenant: TenantRef) {
  const database = db();
  const _ = database.command;
  const conversations = scoped(tenant, COLLECTIONS.chatConversations, database);
  const messages = scoped(tenant, COLLECTIONS.chatMessages, database);
  return {
    listConversations: (paging: Paging) => conversations.list({ orderBy: [['lastMessageAt', 'desc']], paging }),

    listMessages: (customerId: string, paging: Paging) => messages.list({ filter: { customerId }, orderBy: [['timestamp', 'desc']], paging }),

    findConversation: (customerId: string): Promise<ChatConversationDoc | null> => conversations.findById(conversationIdOf(customerId)),

    /** The conversation's latest messages (both sides, newest first): an escalation's transcript. */
    async transcript(customerId: string): Promise<ChatMessageDoc[]> {
      const { data } = await messages.query({ customerId }).orderBy('timestamp', 'desc').limit(TRANSCRIPT_MESSAGES).get();
      return data;
    },

    /** Conversations past their bounce deadline (by_provider_bounce), earliest first. */
    async dueBounces(now: Date): Promise<ChatConversationDoc[]> {
      const { data } = await conversations.query({ bounceAt: _.lte(now) }).orderBy('bounceAt', 'asc').limit(BOUNCES_PER_RUN).get();
      return data;
    },

    /** Conversations past their warning time (by_provider_bounce_warn), earliest first. */
    async dueBounceWarnings(now: Date): Promise<ChatConversationDoc[]> {
      const { data } = await conversations.query({ bounceWarnAt: _.lte(now) }).orderBy('bounceWarnAt', 'asc').limit(BOUNCES_PER_RUN).get();
      return data;
    },

    /**
     * Takes the warning of one wait: one conditional update (the warning time read, the conversation still
     * open) that clears it. Of two timer runs only one changes the document, and a reply (which clears it)
     * leaves nothing to take; answers whether this caller took it.
     */
    async takeBounceWarning(conversation: Pick<ChatConversationDoc, '_id' | 'bounceWarnAt'>, now: Date): Promise<boolean> {
      if (!conversation.bounceWarnAt) return false;
      return (await conversations.updateWhere({ _id: conversation._id, status: 'open', bounceWarnAt: conversation.bounceWarnAt }, { bounceWarnAt: null, updatedAt: now })) === 1;
    },

    /**
     * The provider opened the conversation: nothing unread, the customer's messages read. Both writes are
     * scoped (only this provider's documents) and idempotent; answers whether the unread count moved.
     */
    async markConversationRead(customerId: string): Promise<boolean> {
      const [cleared] = await Promise.all([
        conversations.updateWhere({ _id: conversationIdOf(customerId), unreadCount: _.gt(0) }, { unreadCount: 0 }),
        messages.updateWhere({ customerId, senderType: 'customer', status: _.neq('read') }, { status: 'read' }),
      ]);
      return cleared > 0;
    },

    /** The customer's latest messages (newest first), to quote in an escalated ticket. */
    async recentCustomerMessages(customerId: string): Promise<ChatMessageDoc[]> {
      const { data } = await messages.query({ customerId, senderType: 'customer' }).orderBy('timestamp', 'desc').limit(QUOTED_MESSAGES).get();
      return data;
    },
  };
}

/** The chat domain's writes inside a transaction of its tenant (conversations and messages). */
export function chatInTransaction(transaction: ScopedTransaction) {
  const conversations = transaction.scoped(COLLECTIONS.chatConversations);
  const messages = transaction.scoped(COLLECTIONS.chatMessages);
  return {
    findMessage: (messageId: string) => messages.findById(messageId),

    /** This provider's conversation with the customer, or null (none yet, or one another provider left). */
    findConversation: (customerId: string): Promise<ChatConversationDoc | null> => conversations.findById(conversationIdOf(customerId)),

    /**
     * A new message as an insert: its id derives from the sender's own id (a retry or a redelivery of the
     * same message), so a concurrent second copy fails on the duplicate _id (or uniq_external_id) and,
     * retried, finds the first.
     */
    insertMessage: (message: Omit<ChatMessageDoc, 'serviceProviderId'>) => messages.insert(message),

    /**
     * Writes the conversation's new state, decided on the version this transaction read: a replacement of
     * that version (a concurrent writer of it conflicts), or an insert when there was none (a concurrent
     * first message fails on the duplicate _id). A conversation is keyed by its customer, so one another
     * provider left there is from before the customer moved to this provider, and this one replaces it.
     */
    saveConversation: (customerId: string, fields: ConversationFields) => conversations.save(conversationIdOf(customerId), fields, { takeOverForeign: true }),

    /** The conversation now waits on a ticket, not on the provider: no bounce (read in this transaction by the caller, so this write is on what it decided). */
    markEscalated: (customerId: string, ticketId: string, now: Date) =>
      conversations.update(conversationIdOf(customerId), { status: 'escalated', escalatedTicketId: ticketId, bounceAt: null, bounceWarnAt: null, updatedAt: now }),

    /** Handed back to HQ: the conversation as read in this transaction (isBounceDue decided on it), bounced. */
    markBounced: (conversation: ChatConversationDoc, now: Date) => conversations.save(conversation._id, afterBounce(conversationFieldsOf(conversation)!, now)),

    /** A reply's delivery state to the PC system, kept by the outbox: written when it changes (a reply removed by hand is left alone); answers whether it changed. */
    async setReplySyncStatus(messageId: string, syncStatus: ReplySyncStatus): Promise<boolean> {
      const message = await messages.findById(messageId);
      if (!message || message.syncStatus === syncStatus) return false;
      await messages.update(messageId, { syncStatus });
      return true;
    },

    /**
     * The ticket this conversation was escalated to is resolved: the chat may be escalated again. Only
     * when the conversation still points at that ticket; the conversation is read and then written here,
     * so a concurrent escalation or reopening of it conflicts with this transaction. Deciding not to write
     * is safe too: the link is written in the same transaction as the ticket it names, so a snapshot that
     * sees the ticket sees the link, and nothing else ever sets it to this ticket.
     */
    async reopenAfterTicketResolved(customerId: string, ticketId: string, now: Date): Promise<void> {
      const conversation = await conversations.findById(conversationIdOf(customerId));
      if (conversation?.escalatedTicketId !== ticketId) return;
      await conversations.update(conversation._id, { status: 'open', escalatedTicketId: null, updatedAt: now });
    },
  };
}
