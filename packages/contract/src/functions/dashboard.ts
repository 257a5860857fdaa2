import * as z from 'zod';
import { emptyPayloadSchema, isoTimeSchema } from '../common';
import { defineFunction } from '../define';
import { USER_ROLES } from '../enums';

const count = () => z.number().int().min(0);

export const dashboardOverviewSchema = z.strictObject({
  provider: z.strictObject({ id: z.string(), name: z.string() }),
  user: z.strictObject({ id: z.string(), name: z.string(), role: z.enum(USER_ROLES), roleLabel: z.string().describe('角色中文名') }),
  pendingTickets: count().describe('待处理 + 处理中的工单'),
  unreadMessages: count(),
  customerCount: count(),
  activeCustomers: count(),
  expiringCustomers: count(),
  expiredCustomers: count(),
  ticketResolutionRate: z.number().min(0).max(1).nullable().describe('近 30 天新建工单中已解决的比例（0..1）；无新建工单时为 null'),
  escalatedTickets: count().describe('已升级到总部且未解决的工单'),
  waitingChats: count().describe('客户正在等待回复的咨询会话'),
  computedAt: isoTimeSchema,
});
export type DashboardOverview = z.infer<typeof dashboardOverviewSchema>;

export const dashboard = defineFunction("dashboard: the home page's overview of the caller's provider.", {
  overview: {
    payload: emptyPayloadSchema,
    result: dashboardOverviewSchema,
    access: 'tenant',
    summary: '首页概览：服务商与当前用户、待处理工单（待处理+处理中）、未读消息、客户数及各状态客户数、近30天工单解决率、升级中未解决的工单、等待回复的咨询。',
  },
});
