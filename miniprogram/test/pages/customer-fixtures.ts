import type { CustomerDetailResult, CustomerListItem, CustomerTicketItem } from '@partner-desk/contract';
import { NOW } from '../support/fixtures';

/** Customers and their details shaped as the functions send them (FakeCloud checks each against the contract). */

const STATUSES = ['active', 'expiring', 'expired'] as const;
const STATUS_LABELS = { active: '活跃', expiring: '即将到期', expired: '已过期' } as const;
const day = 86_400_000;

export function customerItem(i: number, overrides: Partial<CustomerListItem> = {}): CustomerListItem {
  const status = overrides.status ?? STATUSES[i % 3];
  const unresolvedIssues = overrides.unresolvedIssues ?? (i % 4 === 0 ? 2 : 0);
  return {
    id: `cus_${String(i).padStart(3, '0')}`,
    name: `客户公司 ${i}`,
    region: i % 2 ? '浙江省杭州市' : '上海市',
    industry: '制造',
    softwareVersion: 'V9.0 专业版',
    portCount: 10 + i,
    status,
    statusLabel: STATUS_LABELS[status],
    usageScore: 50 + i,
    unresolvedIssues,
    hasUnresolved: unresolvedIssues > 0,
    expiryDate: new Date(NOW.getTime() + (30 - i) * day).toISOString(),
    contactPerson: '王**',
    phone: '138****5678',
    lastActiveTime: NOW.toISOString(),
    ...overrides,
  };
}

export function ticketItem(i: number, overrides: Partial<CustomerTicketItem> = {}): CustomerTicketItem {
  return {
    id: `tk_${String(i).padStart(3, '0')}`,
    ticketNo: `GD20261207-${String(i).padStart(4, '0')}`,
    title: `打印模板无法保存 ${i}`,
    status: 'resolved',
    type: 'system_issue',
    createdAt: new Date(NOW.getTime() - i * day).toISOString(),
    priority: 'normal',
    escalationStatus: 'normal',
    assigneeName: '李客服',
    updatedAt: new Date(NOW.getTime() - i * day).toISOString(),
    resolvedAt: null,
    ...overrides,
  };
}

export const CUSTOMER_ID = 'cus_007';

export function detailAnswer(overrides: { openTickets?: CustomerTicketItem[]; history?: CustomerTicketItem[]; historyTotal?: number; unresolvedIssues?: number } = {}): CustomerDetailResult {
  const openTickets = overrides.openTickets ?? [
    ticketItem(1, { status: 'open', title: '开票模块报错', priority: 'urgent' }),
    ticketItem(2, { status: 'processing', title: '库存同步延迟', escalationStatus: 'escalated' }),
  ];
  const history = overrides.history ?? [...openTickets, ticketItem(3), ticketItem(4)];
  return {
    customer: {
      id: CUSTOMER_ID,
      externalId: 'EXT-0007',
      name: '杭州明德教育科技有限公司',
      contactPerson: '欧***',
      phone: '139****1111',
      email: 'ou*************@example.cn',
      region: '浙江省杭州市',
      industry: '教育',
      softwareVersion: 'V9.0 专业版',
      portCount: 10,
      purchaseDate: '2025-12-01T00:00:00.000Z',
      expiryDate: '2027-02-10T00:00:00.000Z',
      status: 'active',
      statusLabel: '活跃',
      serviceProviderId: 'sp_yunfan',
      serviceProviderName: '上海云帆信息技术有限公司',
      usageScore: 72,
      unresolvedIssues: overrides.unresolvedIssues ?? openTickets.length,
      lastActiveTime: NOW.toISOString(),
      createdAt: '2025-12-01T00:00:00.000Z',
      updatedAt: NOW.toISOString(),
    },
    openTickets,
    licence: { softwareVersion: 'V9.0 专业版', portCount: 10, purchaseDate: '2025-12-01T00:00:00.000Z', expiryDate: '2027-02-10T00:00:00.000Z', daysLeft: 65, status: 'active', statusLabel: '活跃' },
    usageScore: {
      score: 72,
      level: 'high',
      levelLabel: '高',
      components: [
        { key: 'seats', label: '坐席使用率', weight: 0.35, value: 6, unit: '人/天', score: 75, contribution: 26.25, explanation: '近30天日均 6 人使用，共 10 个端口' },
        { key: 'logins', label: '登录频次', weight: 0.25, value: 20, unit: '天', score: 91, contribution: 22.75, explanation: '近30天有 20 天登录' },
        { key: 'modules', label: '功能覆盖', weight: 0.2, value: 5, unit: '个', score: 62.5, contribution: 12.5, explanation: '活跃日平均使用 5 个模块' },
        { key: 'business', label: '业务活跃度', weight: 0.2, value: 30, unit: '单/天', score: 45, contribution: 9, explanation: '日均新建 30 张单据' },
        { key: 'recency', label: '最近活跃', weight: 0, value: 0, unit: '天前', score: 100, contribution: 5, explanation: '今天仍在使用，加 5 分' },
      ],
      trend: { direction: 'up', delta: 6, previousScore: 66 },
      computedAt: NOW.toISOString(),
    },
    history: { tickets: history, total: overrides.historyTotal ?? history.length, page: 1, pageSize: 10 },
  };
}
