/**
 * The HQ desk (总部工作台, seed §5.3.5): HQ works a ticket the provider escalated and tells us each step
 * with a signed `ticket.updated` (processing, then resolved, each with a note and the operator's name).
 */
import * as z from 'zod';
import { parseWith, ticketUpdatedDataSchema, type TicketUpdatedData } from '@partner-desk/pc-protocol';
import { conflict, invalid, notFound } from './errors';
import type { OutgoingQueue } from './outgoing';
import type { HqCase, HqCaseStatus, StateStore } from './state';

export interface HqDeps {
  store: StateStore;
  outgoing: OutgoingQueue;
  now: () => Date;
}

/** What the desk's form sends: the event's fields but the ticket id, which is in the path. */
export const hqUpdateInputSchema = ticketUpdatedDataSchema.omit({ ticketId: true }).strict();

/** Where a case may go from where it is. */
const NEXT: Record<HqCaseStatus, readonly TicketUpdatedData['status'][]> = {
  escalated: ['processing', 'resolved'],
  processing: ['resolved'],
  resolved: [],
};

export function updateTicket(deps: HqDeps, ticketId: string, input: unknown): HqCase {
  const parsed = parseWith(hqUpdateInputSchema, input);
  if (!parsed.ok) throw invalid(`请填写处理人和状态：${parsed.issues.map((i) => `${i.path} ${i.message}`).join('；')}`, parsed.issues);
  const hqCase = deps.store.state.hqCases.find((c) => c.ticketId === ticketId);
  if (!hqCase) throw notFound(`总部没有收到工单 ${ticketId} 的升级`);
  const { status, note, operatorName } = parsed.value as z.output<typeof hqUpdateInputSchema>;
  if (!NEXT[hqCase.status].includes(status)) throw conflict(hqCase.status === 'resolved' ? '工单已解决，不能再更改' : '工单已在处理中');
  const data: TicketUpdatedData = { ticketId, status, operatorName, ...(note ? { note } : {}) };
  const delivery = deps.outgoing.enqueue('ticket.updated', hqCase.customerExternalId, data, `${hqCase.ticketNo ?? ticketId} → ${status === 'processing' ? '处理中' : '已解决'}`);
  hqCase.status = status;
  hqCase.updates.push({ status, note: note ?? null, operatorName, at: deps.now().toISOString(), deliveryId: delivery.deliveryId });
  deps.store.changed();
  return hqCase;
}
