import { LABELS } from '@partner-desk/contract';
import { AppError } from '../errors';
import { defineTenantAction } from '../tenant-action';
import { addDays } from '../time';
import { dashboardRepository } from './repository';
import { RESOLUTION_WINDOW_DAYS, resolutionRate } from './resolution-rate';
import { overviewSchema, type DashboardOverview } from './schemas';

/** dashboard: the home page's figures, all read in one parallel round after the session. */
export const dashboardActions = {
  overview: defineTenantAction(
    overviewSchema,
    async (_payload, session): Promise<DashboardOverview> => {
      const repo = dashboardRepository(session);
      const now = new Date();
      const since = addDays(now, -RESOLUTION_WINDOW_DAYS);
      const [provider, pendingTickets, unreadMessages, customerCount, activeCustomers, expiringCustomers, expiredCustomers, created, resolved, escalatedTickets, waitingChats] =
        await Promise.all([
          repo.provider(),
          repo.pendingTickets(),
          repo.unreadMessages(),
          repo.customers(),
          repo.customersWithStatus('active'),
          repo.customersWithStatus('expiring'),
          repo.customersWithStatus('expired'),
          repo.ticketsCreatedSince(since, false),
          repo.ticketsCreatedSince(since, true),
          repo.escalatedUnresolved(),
          repo.waitingChats(),
        ]);
      // A session whose provider was deleted is not a usable sign-in.
      if (!provider) throw new AppError('UNAUTHENTICATED', '服务商账号不存在，请重新登录');
      return {
        provider: { id: provider._id, name: provider.name },
        user: { id: session.userId, name: session.userName, role: session.role, roleLabel: LABELS.role[session.role] },
        pendingTickets,
        unreadMessages,
        customerCount,
        activeCustomers,
        expiringCustomers,
        expiredCustomers,
        ticketResolutionRate: resolutionRate(resolved, created),
        escalatedTickets,
        waitingChats,
        computedAt: now.toISOString(),
      };
    },
    {
      doc: {
        summary: '首页概览：服务商与当前用户、待处理工单（待处理+处理中）、未读消息、客户数及各状态客户数、近30天工单解决率、升级中未解决的工单、等待回复的咨询。',
        result:
          '{ provider: { id, name }, user: { id, name, role, roleLabel }, pendingTickets, unreadMessages, customerCount, activeCustomers, expiringCustomers, expiredCustomers, ticketResolutionRate (0..1 | null), escalatedTickets, waitingChats, computedAt }',
      },
    },
  ),
};
