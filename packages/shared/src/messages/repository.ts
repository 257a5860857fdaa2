import { COLLECTIONS, type MessageDoc } from '@partner-desk/database';
import { MESSAGE_TYPES, type MessageType } from '@partner-desk/contract';
import { AppError } from '../errors';
import type { Paging } from '../data/paging';
import { scoped, type Tenant } from '../data/tenant-scope';

const messages = (tenant: Tenant) => scoped(tenant, COLLECTIONS.messages);

/** Newest first; type/readStatus filters ride by_provider_type_created, by_provider_read_created or by_provider_read_type_created. */
export function listMessages(tenant: Tenant, filter: { type?: MessageType; readStatus?: 'unread' | 'read' }, paging: Paging) {
  const where: Record<string, unknown> = {};
  if (filter.readStatus) where.readStatus = filter.readStatus;
  if (filter.type) where.type = filter.type;
  return messages(tenant).list<MessageDoc>({ filter: where, orderBy: [['createdAt', 'desc']], paging });
}

export function getMessage(tenant: Tenant, id: string) {
  return messages(tenant).getById<MessageDoc>(id, '消息不存在');
}

/**
 * Marks one message read. Only an unread one is written (readAt keeps the first reading), so repeating
 * it is a no-op; answers whether anything changed. Another provider's id is NOT_FOUND.
 */
export async function markMessageRead(tenant: Tenant, id: string, now: Date): Promise<boolean> {
  const updated = await messages(tenant).updateWhere({ _id: id, readStatus: 'unread' }, { readStatus: 'read', readAt: now });
  if (updated > 0) return true;
  if (!(await messages(tenant).findById(id, { _id: true }))) throw new AppError('NOT_FOUND', '消息不存在');
  return false;
}

export function markAllRead(tenant: Tenant, type: MessageType | undefined, now: Date): Promise<number> {
  return messages(tenant).updateWhere({ readStatus: 'unread', ...(type ? { type } : {}) }, { readStatus: 'read', readAt: now });
}

/** Unread counts per type, all in parallel (one round trip); the total is their sum. */
export async function countUnread(tenant: Tenant): Promise<Record<MessageType, number>> {
  const counts = await Promise.all(MESSAGE_TYPES.map((type) => messages(tenant).count({ readStatus: 'unread', type })));
  return Object.fromEntries(MESSAGE_TYPES.map((type, i) => [type, counts[i]])) as Record<MessageType, number>;
}
