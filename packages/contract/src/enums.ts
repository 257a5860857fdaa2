/**
 * Enumerations of the seed (§4) and their Chinese labels: the one source for documents (database/),
 * payload and result schemas, and the mini-program's wording.
 */
export const CUSTOMER_STATUSES = ['active', 'expiring', 'expired'] as const;
export const TICKET_TYPES = ['system_issue', 'product_suggestion', 'training_implementation', 'renewal_question', 'issue_escalation', 'complaint'] as const;
export const TICKET_STATUSES = ['open', 'processing', 'resolved'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ESCALATION_STATUSES = ['normal', 'escalated'] as const;
/** Where a ticket came from: the provider, an escalated chat, or HQ. */
export const TICKET_SOURCES = ['provider', 'chat', 'pc'] as const;
/** What a ticket's processing history records; the functions write the first four, HQ the others. */
export const TICKET_STEP_ACTIONS = ['create', 'reply', 'resolve', 'escalate', 'process', 'hq_update', 'reopen'] as const;
/** The buttons a ticket's detail page may enable. */
export const TICKET_MUTATIONS = ['reply', 'resolve', 'escalate'] as const;
export const MESSAGE_TYPES = ['system_notification', 'customer_alert', 'ticket_update'] as const;
export const READ_STATUSES = ['unread', 'read'] as const;
export const CHAT_SENDER_TYPES = ['customer', 'service_provider'] as const;
export const CHAT_MESSAGE_STATUSES = ['sent', 'delivered', 'read'] as const;
/** A consultation: open with the provider, escalated into a ticket, or handed back to HQ unanswered (accept-or-bounce). */
export const CONVERSATION_STATUSES = ['open', 'escalated', 'bounced'] as const;
/** Events we send to the PC system (api-contract.md, outbound), each carried by an outbox item. */
export const OUTBOX_EVENT_TYPES = ['chat.reply', 'chat.escalated', 'chat.bounced', 'ticket.escalated', 'ticket.resolved'] as const;
/** A dead letter waits for HQ, or was replayed. */
export const DEAD_LETTER_STATUSES = ['dead', 'replayed'] as const;
/** How far a provider's reply got to the PC system: queued, delivered, or failing / given up (dead letter). */
export const REPLY_SYNC_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const USER_ROLES = ['admin', 'agent'] as const;
export const USAGE_LEVELS = ['high', 'medium', 'low'] as const;
/** A self-service password reset request: waiting for an admin (the provider's or HQ's), or done. */
export const PASSWORD_RESET_STATUSES = ['pending', 'completed'] as const;
/** Who completed a reset: the provider's admin in the app, or HQ in the console. */
export const PASSWORD_RESET_CHANNELS = ['app', 'console'] as const;
/** An invite code as the list shows it; `expired` is derived (an active code past its expiry). */
export const INVITE_STATUSES = ['active', 'used', 'revoked', 'expired'] as const;
/** What tapping a message opens in the app. */
export const MESSAGE_LINK_KINDS = ['ticket', 'customer', 'chat', 'password_resets', 'none'] as const;
/** The 通知开关 of a user; every message type and subscribe template is governed by one of them. */
export const NOTIFICATION_SETTING_KEYS = ['ticketUpdates', 'customerAlerts', 'chatMessages', 'systemNotifications'] as const;

export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];
export type TicketSource = (typeof TICKET_SOURCES)[number];
export type TicketStepAction = (typeof TICKET_STEP_ACTIONS)[number];
export type TicketMutation = (typeof TICKET_MUTATIONS)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];
export type ReadStatus = (typeof READ_STATUSES)[number];
export type ChatSenderType = (typeof CHAT_SENDER_TYPES)[number];
export type ChatMessageStatus = (typeof CHAT_MESSAGE_STATUSES)[number];
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export type ReplySyncStatus = (typeof REPLY_SYNC_STATUSES)[number];
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];
export type UserRole = (typeof USER_ROLES)[number];
export type UsageLevel = (typeof USAGE_LEVELS)[number];
export type PasswordResetStatus = (typeof PASSWORD_RESET_STATUSES)[number];
export type PasswordResetChannel = (typeof PASSWORD_RESET_CHANNELS)[number];
export type InviteStatus = (typeof INVITE_STATUSES)[number];
export type MessageLinkKind = (typeof MESSAGE_LINK_KINDS)[number];
export type NotificationSettingKey = (typeof NOTIFICATION_SETTING_KEYS)[number];

/** Which switch governs each message type of the message centre (the app's 通知开关 page shows this). */
export const MESSAGE_TYPE_SETTING: Record<MessageType, NotificationSettingKey> = {
  system_notification: 'systemNotifications',
  customer_alert: 'customerAlerts',
  ticket_update: 'ticketUpdates',
};

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
  ticketSource: { provider: '服务商创建', chat: '咨询升级', pc: '总部下发' },
  ticketStepAction: { create: '创建工单', reply: '回复', resolve: '标记为已解决', escalate: '问题升级', process: '处理进展', hq_update: '总部更新', reopen: '重新打开' },
  messageType: { system_notification: '系统通知', customer_alert: '客户提醒', ticket_update: '工单更新' },
  readStatus: { unread: '未读', read: '已读' },
  conversationStatus: { open: '咨询中', escalated: '已升级为工单', bounced: '已退回总部' },
  replySyncStatus: { pending: '待同步', delivered: '已同步', failed: '同步失败' },
  role: { admin: '管理员', agent: '客服' },
  usageLevel: { high: '高', medium: '中', low: '低' },
  passwordResetStatus: { pending: '待处理', completed: '已完成' },
  passwordResetChannel: { app: '服务商管理员', console: '总部' },
  inviteStatus: { active: '可使用', used: '已使用', revoked: '已作废', expired: '已过期' },
  notificationSetting: {
    ticketUpdates: '工单更新（含总部处理进展）',
    customerAlerts: '客户提醒（到期、未解决问题）',
    chatMessages: '客户咨询（新咨询、即将退回总部提醒）',
    systemNotifications: '系统通知（含账号与密码重置申请）',
  },
} as const satisfies {
  customerStatus: Record<CustomerStatus, string>;
  ticketType: Record<TicketType, string>;
  ticketStatus: Record<TicketStatus, string>;
  ticketPriority: Record<TicketPriority, string>;
  escalationStatus: Record<EscalationStatus, string>;
  ticketSource: Record<TicketSource, string>;
  ticketStepAction: Record<TicketStepAction, string>;
  messageType: Record<MessageType, string>;
  readStatus: Record<ReadStatus, string>;
  conversationStatus: Record<ConversationStatus, string>;
  replySyncStatus: Record<ReplySyncStatus, string>;
  role: Record<UserRole, string>;
  usageLevel: Record<UsageLevel, string>;
  passwordResetStatus: Record<PasswordResetStatus, string>;
  passwordResetChannel: Record<PasswordResetChannel, string>;
  inviteStatus: Record<InviteStatus, string>;
  notificationSetting: Record<NotificationSettingKey, string>;
};
