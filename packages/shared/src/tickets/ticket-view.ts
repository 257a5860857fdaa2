import type { ProcessingStep, TicketDoc } from '@partner-desk/database';
import { toIso } from '../time';
import type { ProcessingStepView, TicketDetail, TicketListItem } from '@partner-desk/contract';
import type { ImageOf } from '../storage/attachments';
import { allowedTicketActions } from './ticket-state';

/** The fields a list row needs: the list query projects to these so histories are never read for a list. */
export const TICKET_LIST_FIELDS = {
  _id: true,
  ticketNo: true,
  title: true,
  customerId: true,
  customerName: true,
  type: true,
  priority: true,
  status: true,
  escalationStatus: true,
  assigneeName: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function toTicketListItem(doc: Pick<TicketDoc, keyof typeof TICKET_LIST_FIELDS>): TicketListItem {
  return {
    id: doc._id,
    ticketNo: doc.ticketNo,
    title: doc.title,
    customerId: doc.customerId,
    customerName: doc.customerName,
    type: doc.type,
    priority: doc.priority,
    status: doc.status,
    escalationStatus: doc.escalationStatus,
    assigneeName: doc.assigneeName ?? null,
    createdAt: toIso(doc.createdAt)!,
    updatedAt: toIso(doc.updatedAt)!,
  };
}

/** Every image a ticket holds (its own and its replies'), to fetch their URLs in one go. */
export function ticketImageIds(doc: Pick<TicketDoc, 'images' | 'processingHistory'>): string[] {
  return [...(doc.images ?? []), ...(doc.processingHistory ?? []).flatMap((step) => step.images ?? [])];
}

export function toStepView(step: ProcessingStep, imageOf: ImageOf): ProcessingStepView {
  const view: ProcessingStepView = {
    id: step.id,
    operatorId: step.operatorId,
    operatorName: step.operatorName,
    action: step.action,
    content: step.content,
    timestamp: toIso(step.timestamp)!,
  };
  if (step.images?.length) view.images = step.images.map(imageOf);
  return view;
}

export function toTicketDetail(doc: TicketDoc, imageOf: ImageOf): TicketDetail {
  return {
    ...toTicketListItem(doc),
    serviceProviderId: doc.serviceProviderId,
    content: doc.content,
    assigneeId: doc.assigneeId ?? null,
    images: (doc.images ?? []).map(imageOf),
    source: doc.source,
    escalationReason: doc.escalationReason ?? null,
    escalatedAt: toIso(doc.escalatedAt),
    resolvedAt: toIso(doc.resolvedAt),
    processingHistory: (doc.processingHistory ?? []).map((step) => toStepView(step, imageOf)),
    allowedActions: allowedTicketActions(doc),
  };
}
