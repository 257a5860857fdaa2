import { MESSAGE_TYPES, type MessageLink, type MessageType, type ReadStatus } from '@partner-desk/contract';
import { COLLECTIONS, type MessageDoc } from '@partner-desk/database';
import { mapWithConcurrency } from '../concurrency';
import { messageIdOf } from './message-id';
import { isDuplicateKey } from '../data/database-errors';
import type { Filter } from '../data/database';
import type { Paging } from '../data/paging';
import { bumpSignals } from '../data/signals';
import { scoped, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';

const MESSAGE_NOT_FOUND = '消息不存在';

/** A message for the provider's message centre. */
export interface NewMessage {
  type: MessageType;
  title: string;
  content: string;
  relatedCustomerId?: string | null;
  relatedCustomerName?: string | null;
  relatedTicketId?: string | null;
  /** What tapping it opens, when that is not the related ticket or customer (a consultation, the reset requests). */
  link?: MessageLink | null;
  /** The same key twice is one message: alerts raised by retries or repeated sync runs don't duplicate. */
  dedupeKey: string;
}

export { messageIdOf };

function newMessageDocument(tenant: TenantRef, message: NewMessage, now: Date): Omit<MessageDoc, 'serviceProviderId'> {
  return { _id: messageIdOf(tenant.serviceProviderId, message.dedupeKey), relatedCustomerId: null, relatedCustomerName: null, relatedTicketId: null, ...message, readStatus: 'unread', readAt: null, createdAt: now };
}

/** Named queries over one provider's message centre. */
export function messagesRepository(tenant: TenantRef) {
  const messages = scoped(tenant, COLLECTIONS.messages);
  return {
    /** Newest first; type/readStatus filters ride by_provider_type_created, by_provider_read_created or by_provider_read_type_created. */
    listMessages(filter: { type?: MessageType; readStatus?: ReadStatus }, paging: Paging) {
      const where: Filter<MessageDoc> = {};
      if (filter.readStatus) where.readStatus = filter.readStatus;
      if (filter.type) where.type = filter.type;
      return messages.list({ filter: where, orderBy: [['createdAt', 'desc']], paging });
    },

    getMessage: (id: string) => messages.getById(id, MESSAGE_NOT_FOUND),

    /**
     * Marks one message read. Only an unread one is written (readAt keeps the first reading), so repeating
     * it is a no-op; answers whether anything changed. Another provider's id is NOT_FOUND. One conditional
     * update of one document: atomic, no transaction needed.
     */
    async markRead(id: string, now: Date): Promise<boolean> {
      const updated = await messages.updateWhere({ _id: id, readStatus: 'unread' }, { readStatus: 'read', readAt: now });
      if (updated > 0) return true;
      if (!(await messages.findById(id, { _id: true }))) throw new AppError('NOT_FOUND', MESSAGE_NOT_FOUND);
      return false;
    },

    markAllRead: (type: MessageType | undefined, now: Date): Promise<number> => messages.updateWhere({ readStatus: 'unread', ...(type ? { type } : {}) }, { readStatus: 'read', readAt: now }),

    /** Unread counts per type, all in parallel (one round trip). */
    async countUnread(): Promise<Record<MessageType, number>> {
      const counts = await Promise.all(MESSAGE_TYPES.map((type) => messages.count({ readStatus: 'unread', type })));
      return Object.fromEntries(MESSAGE_TYPES.map((type, i) => [type, counts[i]])) as Record<MessageType, number>;
    },

    /**
     * Puts a message in the provider's message centre and signals its users. Idempotent by dedupeKey (the
     * unique index uniq_provider_dedupe decides a race): raising it again is a no-op that answers false.
     */
    async raise(message: NewMessage, now = new Date()): Promise<boolean> {
      try {
        await messages.insert(newMessageDocument(tenant, message, now));
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      await bumpSignals(tenant, ['messages']);
      return true;
    },

    /** Raises each message unless its key exists (a few at a time), then signals once; answers how many were new. */
    async raiseMany(list: readonly NewMessage[], now = new Date()): Promise<number> {
      const raised = await mapWithConcurrency(list, 10, async (message) => {
        try {
          await messages.insert(newMessageDocument(tenant, message, now));
          return true;
        } catch (err) {
          if (isDuplicateKey(err)) return false;
          throw err;
        }
      });
      const count = raised.filter(Boolean).length;
      if (count) await bumpSignals(tenant, ['messages']);
      return count;
    },
  };
}

/**
 * The message centre inside a transaction of its tenant: a message raised together with the change it
 * reports (a consultation, HQ's ticket update, a sync alert), so neither exists without the other. The
 * caller bumps the users' signals after the commit.
 */
export function messagesInTransaction(transaction: ScopedTransaction) {
  const messages = transaction.scoped(COLLECTIONS.messages);
  return {
    /**
     * Raises `message` unless one with its dedupe key exists; answers whether it was new. Safe: the
     * decision rests on the document at the key's id, which this insert would collide with.
     */
    async raiseOnce(message: NewMessage, now: Date): Promise<boolean> {
      const doc = newMessageDocument(transaction.tenant, message, now);
      if (await messages.findById(doc._id)) return false;
      await messages.insert(doc);
      return true;
    },
  };
}
