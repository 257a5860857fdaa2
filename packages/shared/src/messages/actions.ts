import { MESSAGE_TYPES, type MessageType } from '@partner-desk/contract';
import { notifyAfterCommit } from '../data/after-commit';
import { bumpSignals } from '../data/signals';
import type { ActionHandler } from '../router';
import { toMessageDetail, toMessageListItem } from './message-view';
import { messagesRepository } from './repository';

const unreadCounts = (byType: Record<MessageType, number>) => ({ total: MESSAGE_TYPES.reduce((sum, type) => sum + byType[type], 0), byType });

/** The page and the tabs' unread marks in one parallel round: the message centre draws from one call. */
export const listMessages: ActionHandler<'messages', 'list'> = async ({ page, pageSize, ...filter }, session) => {
  const repository = messagesRepository(session);
  const [result, byType] = await Promise.all([repository.listMessages(filter, { page, pageSize }), repository.countUnread()]);
  return { messages: result.items.map(toMessageListItem), total: result.total, page, pageSize, unread: unreadCounts(byType) };
};

/** Reading the detail does not mark it read: the page calls `read` when it decides the user saw it. */
export const showMessage: ActionHandler<'messages', 'detail'> = async ({ id }, session) => ({ message: toMessageDetail(await messagesRepository(session).getMessage(id)) });

export const readMessage: ActionHandler<'messages', 'read'> = async ({ id }, session) => {
  // Every signed-in user's badge follows: signal only when a message actually turned read.
  if (await messagesRepository(session).markRead(id, new Date())) await notifyAfterCommit('message read', () => bumpSignals(session, ['messages']));
  return {};
};

export const readAllMessages: ActionHandler<'messages', 'readAll'> = async ({ type }, session) => {
  const updated = await messagesRepository(session).markAllRead(type, new Date());
  if (updated > 0) await notifyAfterCommit('messages read', () => bumpSignals(session, ['messages']));
  return { updated };
};

export const countUnreadMessages: ActionHandler<'messages', 'unreadCount'> = async (_payload, session) => unreadCounts(await messagesRepository(session).countUnread());
