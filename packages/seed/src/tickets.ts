import type { ProcessingStep, TicketDoc } from '@partner-desk/database';
import type { TicketPriority, TicketStatus, TicketType } from '@partner-desk/contract';
import { chinaDayKey, chinaMonthDay } from './china-time';
import type { PlannedCustomer, PlannedProvider } from './plan';
import type { Prng } from './prng';
import { ESCALATION_REASONS, HQ_UPDATES, MODULES, REPLY_TEXTS, RESOLVE_TEXTS, TICKET_TEMPLATES } from './vocabulary';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Tickets are spread over this many days, more of them recent. */
const TICKET_HISTORY_DAYS = 180;

/** A ticket event worth a message in the provider's message centre. */
export interface TicketUpdateCandidate {
  ticketId: string;
  kind: 'hq_update' | 'resolved';
  title: string;
  content: string;
  customerId: string;
  customerName: string;
  at: Date;
}

/** Same format as packages/shared/src/tickets/ticket-number.ts: GD<yyyymmdd>-<n, 4 digits>. */
const ticketNo = (day: string, n: number) => `GD${day}-${String(n).padStart(4, '0')}`;

function fill(text: string, rng: Prng, customer: PlannedCustomer, createdAt: Date): string {
  return text
    .replace(/\{module\}/g, () => rng.pick(MODULES))
    .replace(/\{n\}/g, () => String(rng.int(2, 30)))
    .replace(/\{version\}/g, customer.softwareVersion)
    .replace(/\{date\}/g, () => chinaMonthDay(createdAt.getTime() - rng.int(0, 5) * DAY));
}

function pickType(rng: Prng, customer: PlannedCustomer): TicketType {
  // Customers near or past expiry ask about renewal far more often.
  const renewal = customer.status === 'active' ? 12 : 45;
  return rng.weighted<TicketType>([
    ['system_issue', 40],
    ['product_suggestion', 12],
    ['training_implementation', 14],
    ['renewal_question', renewal],
    ['issue_escalation', 7],
    ['complaint', 5],
  ]);
}

function pickStatus(rng: Prng, ageDays: number): TicketStatus {
  if (ageDays < 2) return rng.weighted<TicketStatus>([['open', 55], ['processing', 35], ['resolved', 10]]);
  if (ageDays < 14) return rng.weighted<TicketStatus>([['open', 18], ['processing', 35], ['resolved', 47]]);
  return rng.weighted<TicketStatus>([['open', 3], ['processing', 7], ['resolved', 90]]);
}

/**
 * One ticket with a processing history that tells a plausible story (created → accepted → replies →
 * escalated/HQ update → resolved), every step in time order and never after `now`.
 */
export function buildTicket(
  rng: Prng,
  seed: number,
  index: number,
  customer: PlannedCustomer,
  provider: PlannedProvider,
  now: Date,
  nextNumber: (day: string) => number,
): { ticket: TicketDoc; update: TicketUpdateCandidate | null } {
  const ageDays = TICKET_HISTORY_DAYS * Math.pow(rng.next(), 1.6);
  let created = now.getTime() - ageDays * DAY;
  created = Math.max(created, customer.purchaseDate.getTime() + 2 * HOUR);
  if (created > now.getTime() - 5 * 60_000) created = now.getTime() - rng.int(5, 120) * 60_000;
  const createdAt = new Date(created);
  const realAge = (now.getTime() - created) / DAY;

  const type = pickType(rng, customer);
  const template = rng.pick(TICKET_TEMPLATES[type]);
  const status = pickStatus(rng, realAge);
  const escalated = type === 'issue_escalation' || rng.chance(type === 'complaint' ? 0.2 : 0.04);
  const priority = type === 'complaint' ? rng.weighted<TicketPriority>([['high', 3], ['urgent', 1]]) : rng.weighted<TicketPriority>([['low', 15], ['normal', 60], ['high', 20], ['urgent', 5]]);
  const source = rng.weighted<TicketDoc['source']>([['provider', 75], ['chat', 15], ['pc', 10]]);
  const agents = provider.users;
  const assignee = status === 'open' && rng.chance(0.5) ? null : agents[rng.int(0, agents.length - 1)];
  const creator = agents[rng.int(0, agents.length - 1)];

  const id = `tk_s${seed}_${String(index + 1).padStart(7, '0')}`;
  const history: ProcessingStep[] = [];
  // Each step a little after the previous one, squeezed so the last stays before now.
  const budget = Math.max(10 * 60_000, now.getTime() - created - 60_000);
  let at = created;
  const step = (operatorId: string, operatorName: string, action: ProcessingStep['action'], content: string, share: number) => {
    at = Math.min(now.getTime() - 60_000, at + Math.max(60_000, budget * share * rng.around(1, 0.5, 0.2, 1.8)));
    history.push({ id: `${id}_h${history.length + 1}`, operatorId, operatorName, action, content, timestamp: new Date(at) });
  };
  history.push({
    id: `${id}_h1`,
    operatorId: source === 'pc' ? 'hq' : creator.id,
    operatorName: source === 'pc' ? '总部客服中心' : creator.person.name,
    action: 'create',
    content: source === 'chat' ? '由客户咨询会话转为工单' : source === 'pc' ? '总部客服中心转派给服务商处理' : '创建工单',
    timestamp: createdAt,
  });

  let escalatedAt: Date | null = null;
  let escalationReason: string | null = null;
  let update: TicketUpdateCandidate | null = null;
  const handler = assignee ?? creator;
  if (status !== 'open' || rng.chance(0.2)) {
    if (status !== 'open') step(handler.id, handler.person.name, 'process', '已受理，正在处理', 0.05);
    for (let r = rng.int(status === 'open' ? 1 : 0, 2); r > 0; r--) step(handler.id, handler.person.name, 'reply', rng.pick(REPLY_TEXTS), 0.1);
  }
  if (escalated) {
    escalationReason = rng.pick(ESCALATION_REASONS);
    step(handler.id, handler.person.name, 'escalate', `问题升级：${escalationReason}`, 0.1);
    escalatedAt = new Date(at);
    if (status !== 'open' && rng.chance(0.6)) {
      const content = rng.pick(HQ_UPDATES);
      step('hq', '总部技术支持', 'hq_update', content, 0.15);
      update = { ticketId: id, kind: 'hq_update', title: '总部已更新升级工单', content: `工单「${template.title}」：${content}`, customerId: customer.id, customerName: customer.name, at: new Date(at) };
    }
  }
  let resolvedAt: Date | null = null;
  if (status === 'resolved') {
    step(handler.id, handler.person.name, 'resolve', rng.pick(RESOLVE_TEXTS[type]), 0.2);
    resolvedAt = new Date(at);
    if (!update && rng.chance(0.15)) {
      update = { ticketId: id, kind: 'resolved', title: '工单已解决', content: `客户「${customer.name}」的工单「${template.title}」已标记为已解决。`, customerId: customer.id, customerName: customer.name, at: resolvedAt };
    }
  }
  const updatedAt = new Date(at);
  if (update && now.getTime() - update.at.getTime() > 30 * DAY) update = null;

  const ticket: TicketDoc = {
    _id: id,
    ticketNo: ticketNo(chinaDayKey(createdAt), nextNumber(chinaDayKey(createdAt))),
    serviceProviderId: provider.id,
    customerId: customer.id,
    customerName: customer.name,
    title: fill(template.title, rng, customer, createdAt),
    content: fill(template.content, rng, customer, createdAt),
    type,
    priority,
    status,
    escalationStatus: escalated ? 'escalated' : 'normal',
    escalationReason,
    escalatedAt,
    assigneeId: assignee?.id ?? null,
    assigneeName: assignee?.person.name ?? null,
    images: [],
    source,
    processingHistory: history,
    createdAt,
    updatedAt,
    resolvedAt,
  };
  return { ticket, update };
}
