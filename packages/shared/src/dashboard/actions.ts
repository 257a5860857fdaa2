import { LABELS } from '@partner-desk/contract';
import { AppError } from '../errors';
import type { ActionHandler } from '../router';
import { addDays } from '../time';
import { dashboardRepository } from './repository';
import { RESOLUTION_WINDOW_DAYS, resolutionRate } from './resolution-rate';

/** The home page's figures, all read in one parallel round after the session. */
export const showOverview: ActionHandler<'dashboard', 'overview'> = async (_payload, session) => {
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
};
