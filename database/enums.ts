/** Enumerations of the seed (§4), shared by documents, payload schemas and the mini-program. */
export const CUSTOMER_STATUSES = ['active', 'expiring', 'expired'] as const;
export const TICKET_TYPES = ['system_issue', 'product_suggestion', 'training_implementation', 'renewal_question', 'issue_escalation', 'complaint'] as const;
export const TICKET_STATUSES = ['open', 'processing', 'resolved'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ESCALATION_STATUSES = ['normal', 'escalated'] as const;
export const MESSAGE_TYPES = ['system_notification', 'customer_alert', 'ticket_update'] as const;
export const READ_STATUSES = ['unread', 'read'] as const;
export const CHAT_SENDER_TYPES = ['customer', 'service_provider'] as const;
export const CHAT_MESSAGE_STATUSES = ['sent', 'delivered', 'read'] as const;
export const USER_ROLES = ['admin', 'agent'] as const;
export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;

export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];
export type ReadStatus = (typeof READ_STATUSES)[number];
export type ChatSenderType = (typeof CHAT_SENDER_TYPES)[number];
export type UserRole = (typeof USER_ROLES)[number];

/** Chinese labels for the UI and for messages the functions write. */
export const LABELS = {
  customerStatus: { active: '活跃', expiring: '即将到期', expired: '已过期' },
  ticketType: {
    system_issue: '系统问题',
    product_suggestion: '产品建议',
    training_implementation: '培训实施',
    renewal_question: '续费咨询',
    issue_escalation: '问题升级',
    complaint: '投诉',
  },
  ticketStatus: { open: '待处理', processing: '处理中', resolved: '已解决' },
  ticketPriority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
  escalationStatus: { normal: '正常', escalated: '已升级' },
  messageType: { system_notification: '系统通知', customer_alert: '客户提醒', ticket_update: '工单更新' },
  role: { admin: '管理员', agent: '客服' },
} as const;
