import { bumpSignals } from '../data/signals';
import { defineTenantAction } from '../tenant-action';
import { notifyAfterCommit } from '../tickets/after-commit';
import { toMessageDetail, toMessageListItem } from './message-view';
import { countUnread, getMessage, listMessages, markAllRead, markMessageRead } from './repository';
import { listMessagesSchema, messageIdSchema, readAllSchema, unreadCountSchema, type MessageListResult, type UnreadCountResult } from './schemas';

export const messagesActions = {
  list: defineTenantAction(listMessagesSchema, async ({ page, pageSize, ...filter }, session): Promise<MessageListResult> => {
    const result = await listMessages(session, filter, { page, pageSize });
    return { messages: result.items.map(toMessageListItem), total: result.total, page, pageSize };
  }, { doc: {
    summary: '消息中心列表，按时间倒序；可按类型与已读状态筛选；content 为不超过 60 字的摘要。',
    result: '{ messages: [{ id, type, title, content(摘要), relatedCustomerId, relatedCustomerName, relatedTicketId, readStatus, createdAt }], total, page, pageSize }',
  } }),

  /** Reading the detail does not mark it read: the page calls `read` when it decides the user saw it. */
  detail: defineTenantAction(messageIdSchema, async ({ id }, session) => ({ message: toMessageDetail(await getMessage(session, id)) }), {
    doc: {
      summary: '消息详情（完整内容）；不会标记为已读。',
      result: '{ message: { id, serviceProviderId, type, title, content, relatedCustomerId, relatedCustomerName, relatedTicketId, readStatus, readAt, createdAt } }',
      errors: { NOT_FOUND: '消息不存在或属于其他服务商' },
    },
  }),

  read: defineTenantAction(messageIdSchema, async ({ id }, session) => {
    // Every signed-in user's badge follows: signal only when a message actually turned read.
    if (await markMessageRead(session, id, new Date())) await notifyAfterCommit('message read', () => bumpSignals(session.serviceProviderId, ['messages']));
    return {};
  }, { doc: { summary: '标记一条消息为已读（幂等：重复调用不改变首次已读时间）。', result: '{}', errors: { NOT_FOUND: '消息不存在或属于其他服务商' } } }),

  readAll: defineTenantAction(readAllSchema, async ({ type }, session) => {
    const updated = await markAllRead(session, type, new Date());
    if (updated > 0) await notifyAfterCommit('messages read', () => bumpSignals(session.serviceProviderId, ['messages']));
    return { updated };
  }, { doc: { summary: '将本服务商的未读消息（可限定类型）全部标记为已读。', result: '{ updated }（本次改为已读的条数）' } }),

  unreadCount: defineTenantAction(unreadCountSchema, async (_payload, session): Promise<UnreadCountResult> => {
    const byType = await countUnread(session);
    return { total: Object.values(byType).reduce((a, b) => a + b, 0), byType };
  }, { doc: { summary: '未读消息数，总数与按类型分别统计。', result: '{ total, byType: { system_notification, customer_alert, ticket_update } }' } }),
};
