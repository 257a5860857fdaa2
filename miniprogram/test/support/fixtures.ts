import type { DashboardOverview, LoginResult, MessageListItem, ProfileResult } from '@partner-desk/contract';

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
    readStatus: i % 2 === 0 ? 'unread' : 'read',
    createdAt: new Date(NOW.getTime() - i * 3_600_000).toISOString(),
    ...overrides,
  };
}

export function profileAnswer(overrides: { role?: 'admin' | 'agent'; settings?: Partial<ProfileResult['settings']> } = {}): ProfileResult {
  return {
    user: { id: 'u_admin', username: 'yunfan_admin', name: '周云帆', role: overrides.role ?? 'admin', phone: '138****5678', email: 'zh******@yunfan.cn' },
    provider: { id: 'sp_yunfan', name: '上海云帆信息技术有限公司', region: '上海', contactPerson: '周**', phone: '021****8899', email: 'se******@yunfan.cn' },
    settings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: false, ...overrides.settings },
  };
}
