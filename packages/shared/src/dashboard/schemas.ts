import { z } from 'zod';
import type { UserRole } from '@partner-desk/contract';

export const overviewSchema = z.object({}).strict();
export type OverviewPayload = z.infer<typeof overviewSchema>;

export interface DashboardOverview {
  provider: { id: string; name: string };
  user: { id: string; name: string; role: UserRole; roleLabel: string };
  /** open + processing */
  pendingTickets: number;
  unreadMessages: number;
  customerCount: number;
  activeCustomers: number;
  expiringCustomers: number;
  expiredCustomers: number;
  /** Resolved ÷ all tickets created in the last 30 days (0..1); null when none were created. */
  ticketResolutionRate: number | null;
  /** Escalated to HQ and not resolved yet. */
  escalatedTickets: number;
  /** Conversations whose customer is waiting for an answer. */
  waitingChats: number;
  computedAt: string;
}
