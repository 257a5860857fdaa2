/**
 * Tickets as the fake functions keep them for the 工单 page tests: list with the contract's filters, detail,
 * reply / resolve / escalate moving the state as the functions' state machine does (its refusals from the
 * contract's ticket-rules, the same words the functions answer).
 */
import { allowedTicketActions, ticketRefusalOf, type TicketDetail, type TicketListItem, type TicketType } from '@partner-desk/contract';
import type { FakeCloud } from '../support/fake-cloud';
import { refusal } from '../support/fake-cloud';
import { NOW } from '../support/fixtures';

const TYPES: TicketType[] = ['system_issue', 'product_suggestion', 'training_implementation', 'renewal_question', 'issue_escalation', 'complaint'];
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();

export function ticketDetail(i: number, overrides: Partial<TicketDetail> = {}): TicketDetail {
  const n = String(i).padStart(4, '0');
  const base: TicketDetail = {
    id: `tk_${i}`,
    ticketNo: `GD20261207-${n}`,
    title: `工单标题 ${i}`,
    customerId: `cus_${i}`,
    customerName: `客户 ${i}`,
    type: TYPES[i % TYPES.length],
    priority: i % 5 === 0 ? 'urgent' : 'normal',
    status: i % 3 === 0 ? 'open' : i % 3 === 1 ? 'processing' : 'resolved',
    escalationStatus: i % 4 === 0 ? 'escalated' : 'normal',
    assigneeName: i % 3 === 0 ? null : '周云帆',
    createdAt: at(i + 5),
    updatedAt: at(i),
    serviceProviderId: 'sp_yunfan',
    content: `工单内容 ${i}`,
    assigneeId: i % 3 === 0 ? null : 'u_admin',
    images: [],
    source: 'provider',
    escalationReason: i % 4 === 0 ? '需要总部研发排查' : null,
    escalatedAt: i % 4 === 0 ? at(i + 1) : null,
    resolvedAt: i % 3 === 2 ? at(i) : null,
    processingHistory: [{ id: `st_${i}_0`, operatorId: 'u_admin', operatorName: '周云帆', action: 'create', content: `创建工单：工单标题 ${i}`, timestamp: at(i + 5) }],
    allowedActions: [],
    ...overrides,
  };
  return { ...base, allowedActions: allowedTicketActions(base) };
}

export function listItemOf(ticket: TicketDetail): TicketListItem {
  const { id, ticketNo, title, customerId, customerName, type, priority, status, escalationStatus, assigneeName, createdAt, updatedAt } = ticket;
  return { id, ticketNo, title, customerId, customerName, type, priority, status, escalationStatus, assigneeName, createdAt, updatedAt };
}

/** Installs tickets.list / detail / reply / resolve / escalate over `tickets` (changed in place). */
export function ticketDesk(cloud: FakeCloud, tickets: TicketDetail[]) {
  const find = (id: string) => tickets.find((t) => t.id === id);
  const settle = (t: TicketDetail) => Object.assign(t, { allowedActions: allowedTicketActions(t), updatedAt: NOW.toISOString() });
  cloud
    .on('tickets', 'list', ({ page = 1, pageSize = 20, status, type, escalationStatus, keyword }) => {
      const hit = tickets.filter(
        (t) => (!status || t.status === status) && (!type || t.type === type) && (!escalationStatus || t.escalationStatus === escalationStatus) && (!keyword || t.ticketNo === keyword || t.title.includes(keyword)),
      );
      return { tickets: hit.slice((page - 1) * pageSize, page * pageSize).map(listItemOf), total: hit.length, page, pageSize };
    })
    .on('tickets', 'detail', ({ id }) => {
      const t = find(id);
      return t ? { ticket: JSON.parse(JSON.stringify(t)) as TicketDetail } : refusal('NOT_FOUND', '工单不存在或属于其他服务商');
    })
    .on('tickets', 'reply', ({ id, content, images = [], clientReplyId }) => {
      const t = find(id)!;
      const why = ticketRefusalOf(t, 'reply');
      if (why) return refusal('FAILED_PRECONDITION', why);
      const stepId = `st_reply_${clientReplyId ?? t.processingHistory.length}`;
      if (t.processingHistory.some((s) => s.id === stepId)) return {};
      t.processingHistory.push({ id: stepId, operatorId: 'u_admin', operatorName: '周云帆', action: 'reply', content, timestamp: NOW.toISOString(), ...(images.length ? { images: images.map((fileID) => ({ fileID, url: `https://tmp.example/${fileID.split('/').pop()}` })) } : {}) });
      if (t.status === 'open') t.status = 'processing';
      settle(t);
      return {};
    })
    .on('tickets', 'resolve', ({ id, note }) => {
      const t = find(id)!;
      const why = ticketRefusalOf(t, 'resolve');
      if (why) return refusal('FAILED_PRECONDITION', why);
      t.status = 'resolved';
      t.resolvedAt = NOW.toISOString();
      t.processingHistory.push({ id: `st_resolve_${id}`, operatorId: 'u_admin', operatorName: '周云帆', action: 'resolve', content: note ?? '标记为已解决', timestamp: NOW.toISOString() });
      settle(t);
      return {};
    })
    .on('tickets', 'escalate', ({ id, reason }) => {
      const t = find(id)!;
      const why = ticketRefusalOf(t, 'escalate');
      if (why) return refusal('FAILED_PRECONDITION', why);
      Object.assign(t, { escalationStatus: 'escalated', escalationReason: reason, escalatedAt: NOW.toISOString() });
      t.processingHistory.push({ id: `st_escalate_${id}`, operatorId: 'u_admin', operatorName: '周云帆', action: 'escalate', content: reason, timestamp: NOW.toISOString() });
      settle(t);
      return {};
    });
  return tickets;
}
