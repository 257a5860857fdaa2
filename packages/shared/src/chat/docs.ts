import type { ActionDoc } from '../action';

/** What docs/api.md says about each chat action (scripts/generate-api-docs.ts renders it). */
export const chatDocs = {
  conversations: {
    summary: '咨询会话列表（每个客户一条），按最后消息时间倒序；waitingSince 为客户等待回复的起始时间（服务商最后发言时为 null）。',
    result: '{ conversations: [{ customerId, customerName, lastMessage, lastSenderType, lastMessageAt, unreadCount, waitingSince, status(open|escalated), escalatedTicketId }], total, page, pageSize }',
  },
  messages: {
    summary: '某客户的聊天消息（seed §4.4），最新在前；同时将该会话标记为已读（unreadCount 归零，客户消息状态为 read）。',
    result: '{ messages: [{ id, customerId, customerName, serviceProviderId, serviceProviderName, senderType, senderName, content, timestamp, status }], total, page, pageSize }',
    errors: { NOT_FOUND: '客户不存在或属于其他服务商' },
  },
  send: {
    summary: '回复客户：同一事务内写入消息、更新会话（不再等待回复）并排队同步到 PC 端（outbox chat.reply）。带 clientMessageId 重试时返回同一 messageId，不会重复发送。',
    result: '{ messageId }',
    errors: { NOT_FOUND: '客户不存在或属于其他服务商', CONFLICT: '并发冲突重试后仍失败，请重试' },
  },
  escalate: {
    summary: '将咨询升级为工单（类型 issue_escalation，来源 chat，已升级），内容附客户最近 3 条消息；同一事务内标记会话已升级、客户未解决问题数 +1、排队通知 PC 端（outbox chat.escalated）。会话处于已升级状态时再次升级被拒绝（details.ticketId 为已有工单）；该工单解决后可再次升级。',
    result: '{ ticketId }',
    errors: { NOT_FOUND: '客户不存在或属于其他服务商', FAILED_PRECONDITION: '该客户没有咨询会话，或会话已升级且工单未解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  },
} satisfies Record<string, ActionDoc>;
