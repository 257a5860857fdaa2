import { ABOUT, type DashboardOverview, type LoginResult, type MessageListItem, type MessageType, type ProfileResult } from '@partner-desk/contract';

/** Answers shaped as the functions send them (FakeCloud checks each against the contract anyway). */

export const NOW = new Date('2026-12-07T06:30:00.000Z');

export function loginResult(overrides: Partial<LoginResult['user']> = {}): LoginResult {
  return {
    user: { id: 'u_admin', username: 'yunfan_admin', name: '周云帆', role: 'admin', ...overrides },
    provider: { id: 'sp_yunfan', name: '上海云帆信息技术有限公司' },
    session: { expiresAt: '2026-12-14T06:30:00.000Z' },
  };
}

export function overviewAnswer(overrides: Partial<DashboardOverview> = {}): DashboardOverview {
  return {
    provider: { id: 'sp_yunfan', name: '上海云帆信息技术有限公司' },
    user: { id: 'u_admin', name: '周云帆', role: 'admin', roleLabel: '管理员' },
    pendingTickets: 37,
    unreadMessages: 12,
    customerCount: 104,
    activeCustomers: 71,
    expiringCustomers: 18,
    expiredCustomers: 15,
    ticketResolutionRate: 0.8125,
    escalatedTickets: 4,
    waitingChats: 3,
    computedAt: NOW.toISOString(),
    ...overrides,
  };
}

const TYPES = ['system_notification', 'customer_alert', 'ticket_update'] as const;

export function messageItem(i: number, overrides: Partial<MessageListItem> = {}): MessageListItem {
  const type = TYPES[i % 3];
  return {
    id: `msg_${String(i).padStart(3, '0')}`,
    type,
    title: `消息标题 ${i}`,
    content: `消息摘要 ${i}`,
    relatedCustomerId: type === 'system_notification' ? null : `cus_${i}`,
    relatedCustomerName: type === 'system_notification' ? null : `客户 ${i}`,
    relatedTicketId: type === 'ticket_update' ? `tk_${i}` : null,
    link: type === 'ticket_update' ? { kind: 'ticket', id: `tk_${i}` } : type === 'customer_alert' ? { kind: 'customer', id: `cus_${i}` } : { kind: 'none', id: null },
    readStatus: i % 2 === 0 ? 'unread' : 'read',
    createdAt: new Date(NOW.getTime() - i * 3_600_000).toISOString(),
    ...overrides,
  };
}

/** The unread counts messages.list answers with every page, for these messages. */
export function unreadOf(messages: Pick<MessageListItem, 'type' | 'readStatus'>[]): { total: number; byType: Record<MessageType, number> } {
  const byType = { system_notification: 0, customer_alert: 0, ticket_update: 0 } as Record<MessageType, number>;
  for (const m of messages) if (m.readStatus === 'unread') byType[m.type] += 1;
  return { total: byType.system_notification + byType.customer_alert + byType.ticket_update, byType };
}

export function profileAnswer(overrides: { role?: 'admin' | 'agent'; phone?: string | null; phoneBound?: boolean; settings?: Partial<ProfileResult['settings']>; admin?: ProfileResult['admin'] } = {}): ProfileResult {
  const role = overrides.role ?? 'admin';
  const phone = overrides.phone === undefined ? '138****5678' : overrides.phone;
  return {
    user: { id: 'u_admin', username: 'yunfan_admin', name: '周云帆', role, phone, phoneBound: overrides.phoneBound ?? false, phoneBoundAt: overrides.phoneBound ? NOW.toISOString() : null, email: 'zh******@yunfan.cn' },
    provider: { id: 'sp_yunfan', name: '上海云帆信息技术有限公司', region: '上海', contactPerson: '周**', phone: '021****8899', email: 'se******@yunfan.cn' },
    settings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: false, ...overrides.settings },
    subscriptions: [
      { key: 'new_consultation', title: '新咨询提醒', templateId: 'tmpl-new-consultation', setting: 'chatMessages', credits: 0 },
      { key: 'hq_ticket_update', title: '工单进度通知', templateId: 'tmpl-ticket-update', setting: 'ticketUpdates', credits: 2 },
      { key: 'bounce_warning', title: '咨询即将退回提醒', templateId: 'tmpl-bounce-warning', setting: 'chatMessages', credits: 0 },
    ],
    providerSettings: { bounceMinutes: 15 },
    admin: overrides.admin !== undefined ? overrides.admin : role === 'admin' ? { pendingPasswordResets: 2, activeInvites: 1 } : null,
    about: ABOUT,
  };
}
