import { bumpSignals } from '../data/signals';
import { defineTenantAction } from '../tenant-action';
import { notifyAfterCommit } from '../data/after-commit';
import { messagesDocs } from './docs';
import { toMessageDetail, toMessageListItem } from './message-view';
import { countUnread, getMessage, listMessages, markAllRead, markMessageRead } from './repository';
import { listMessagesSchema, messageIdSchema, readAllSchema, unreadCountSchema, type MessageListResult, type UnreadCountResult } from './schemas';

export const messagesActions = {
  list: defineTenantAction(listMessagesSchema, async ({ page, pageSize, ...filter }, session): Promise<MessageListResult> => {
    const result = await listMessages(session, filter, { page, pageSize });
    return { messages: result.items.map(toMessageListItem), total: result.total, page, pageSize };
  }, { doc: messagesDocs.list }),

  /** Reading the detail does not mark it read: the page calls `read` when it decides the user saw it. */
  detail: defineTenantAction(messageIdSchema, async ({ id }, session) => ({ message: toMessageDetail(await getMessage(session, id)) }), { doc: messagesDocs.detail }),

  read: defineTenantAction(messageIdSchema, async ({ id }, session) => {
    // Every signed-in user's badge follows: signal only when a message actually turned read.
    if (await markMessageRead(session, id, new Date())) await notifyAfterCommit('message read', () => bumpSignals(session.serviceProviderId, ['messages']));
    return {};
  }, { doc: messagesDocs.read }),

  readAll: defineTenantAction(readAllSchema, async ({ type }, session) => {
    const updated = await markAllRead(session, type, new Date());
    if (updated > 0) await notifyAfterCommit('messages read', () => bumpSignals(session.serviceProviderId, ['messages']));
    return { updated };
  }, { doc: messagesDocs.readAll }),

  unreadCount: defineTenantAction(unreadCountSchema, async (_payload, session): Promise<UnreadCountResult> => {
    const byType = await countUnread(session);
    return { total: Object.values(byType).reduce((a, b) => a + b, 0), byType };
  }, { doc: messagesDocs.unreadCount }),
};
