/**
 * A mini-program page's service module written as the contract allows: this file must compile clean
 * (packages/cloud-client/test/call-cloud-types.test.ts compiles it with the TypeScript compiler API).
 */
import { LABELS, type TicketListItem } from '@partner-desk/contract';
import { callCloud } from '@partner-desk/cloud-client';

export async function loadTicketPage(): Promise<TicketListItem[]> {
  const result = await callCloud('tickets', 'list', { status: 'open', pageSize: 20 });
  if (!result.ok) {
    if (result.error.code === 'UNAUTHENTICATED') return [];
    throw new Error(result.error.message);
  }
  return result.data.tickets;
}

export async function replyAndResolve(id: string): Promise<string | null> {
  const reply = await callCloud('tickets', 'reply', { id, content: '已远程处理', images: ['cloud://env/shot.png'] });
  if (!reply.ok) return reply.error.message;
  const resolved = await callCloud('tickets', 'resolve', { id });
  return resolved.ok ? null : resolved.error.message;
}

export async function createTicket(customerId: string): Promise<string> {
  // priority and images have defaults: a client may leave them out.
  const created = await callCloud('tickets', 'create', { customerId, title: '打印异常', content: '打印模板不生效', type: 'system_issue' });
  return created.ok ? created.data.ticketNo : '';
}

export async function signInOnLaunch(): Promise<string> {
  const result = await callCloud('auth', 'wxLogin');
  if (!result.ok) return result.error.message;
  // The answer is a union: the user is there only once `bound` says so.
  return result.data.bound ? `${result.data.user.name}（${LABELS.role[result.data.user.role]}）` : '请登录';
}

export async function homeBadges(): Promise<number> {
  const [overview, unread] = await Promise.all([callCloud('dashboard', 'overview'), callCloud('messages', 'unreadCount', {})]);
  const rate = overview.ok ? overview.data.ticketResolutionRate : null;
  return (unread.ok ? unread.data.byType.ticket_update : 0) + (rate === null ? 0 : Math.round(rate * 100));
}

export async function customerStatus(id: string): Promise<string> {
  const detail = await callCloud('customers', 'detail', { id });
  return detail.ok ? LABELS.customerStatus[detail.data.customer.status] : '';
}
