import type { ActionDoc } from '../action';

/** What docs/api.md says about each messages action (scripts/generate-api-docs.ts renders it). */
export const messagesDocs = {
  list: {
    summary: '消息中心列表，按时间倒序；可按类型与已读状态筛选；content 为不超过 60 字的摘要。',
    result: '{ messages: [{ id, type, title, content(摘要), relatedCustomerId, relatedCustomerName, relatedTicketId, readStatus, createdAt }], total, page, pageSize }',
  },
  detail: {
    summary: '消息详情（完整内容）；不会标记为已读。',
    result: '{ message: { id, serviceProviderId, type, title, content, relatedCustomerId, relatedCustomerName, relatedTicketId, readStatus, readAt, createdAt } }',
    errors: { NOT_FOUND: '消息不存在或属于其他服务商' },
  },
  read: {
    summary: '标记一条消息为已读（幂等：重复调用不改变首次已读时间）。',
    result: '{}',
    errors: { NOT_FOUND: '消息不存在或属于其他服务商' },
  },
  readAll: {
    summary: '将本服务商的未读消息（可限定类型）全部标记为已读。',
    result: '{ updated }（本次改为已读的条数）',
  },
  unreadCount: {
    summary: '未读消息数，总数与按类型分别统计。',
    result: '{ total, byType: { system_notification, customer_alert, ticket_update } }',
  },
} satisfies Record<string, ActionDoc>;
