import { createHash } from 'node:crypto';
import type { ProcessingStep } from '@partner-desk/database';
import { ticketRefusalOf, type EscalationStatus, type TicketMutation, type TicketStatus } from '@partner-desk/contract';
import { AppError } from '../errors';

/**
 * The ticket state machine, pure: which action is allowed in which state, what it changes, and the
 * history step it appends. Every mutation runs it inside a transaction on the freshly read ticket, so
 * the rules hold under concurrency (a second writer retries and sees the first one's state).
 *
 *   create   → status open, escalation normal
 *   reply    open → processing (assignee = replier if none); processing → processing; resolved ✗
 *   resolve  open | processing → resolved; resolved ✗
 *   escalate normal → escalated (status unchanged) unless resolved; escalated ✗; resolved ✗
 */
/** What the functions do to a ticket (HQ's steps, hq_update and the like, are written by the PC side). */
export type TicketAction = 'create' | TicketMutation;

export interface TicketState {
  status: TicketStatus;
  escalationStatus: EscalationStatus;
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface Operator {
  userId: string;
  userName: string;
}

/** What the caller supplies that the machine cannot invent: the step's id and the time. */
export interface StepContext {
  stepId: string;
  now: Date;
}

export interface Transition {
  /** Fields of the ticket that change (besides the appended step and updatedAt). */
  changes: Partial<TicketState> & { resolvedAt?: Date; escalatedAt?: Date; escalationReason?: string };
  step: ProcessingStep;
}

/** The allowed transitions and the Chinese refusals live in the contract (the app explains greyed-out buttons with them). */
export { TICKET_STATE_ERRORS, allowedTicketActions, ticketRefusalOf as refusalOf } from '@partner-desk/contract';

const refuse = (message: string) => new AppError('FAILED_PRECONDITION', message);

/** The default wording of a step when the operator gave none (e.g. resolve without a note). */
export const DEFAULT_STEP_CONTENT: Record<TicketAction, string> = {
  create: '创建工单',
  reply: '回复工单',
  resolve: '标记为已解决',
  escalate: '升级工单',
};

export function buildStep(action: ProcessingStep['action'], operator: Operator, content: string, { stepId, now }: StepContext, images?: string[]): ProcessingStep {
  const step: ProcessingStep = { id: stepId, operatorId: operator.userId, operatorName: operator.userName, action, content, timestamp: now };
  if (images && images.length > 0) step.images = images;
  return step;
}

/** A reply step's id when the client named the reply: the same on every retry, so a resend finds it. */
export const replyStepId = (serviceProviderId: string, ticketId: string, clientReplyId: string): string =>
  `st_${createHash('sha256').update(['reply', serviceProviderId, ticketId, clientReplyId].join('\u0000')).digest('hex').slice(0, 32)}`;

export function initialTicketState(): TicketState {
  return { status: 'open', escalationStatus: 'normal', assigneeId: null, assigneeName: null };
}

function assertAllowed(state: Pick<TicketState, 'status' | 'escalationStatus'>, action: TicketMutation): void {
  const refusal = ticketRefusalOf(state, action);
  if (refusal) throw refuse(refusal);
}

export function planReply(state: TicketState, operator: Operator, content: string, ctx: StepContext, images?: string[]): Transition {
  assertAllowed(state, 'reply');
  const changes: Transition['changes'] = {};
  if (state.status === 'open') changes.status = 'processing';
  if (!state.assigneeId) {
    changes.assigneeId = operator.userId;
    changes.assigneeName = operator.userName;
  }
  return { changes, step: buildStep('reply', operator, content, ctx, images) };
}

export function planResolve(state: TicketState, operator: Operator, note: string | undefined, ctx: StepContext): Transition {
  assertAllowed(state, 'resolve');
  return {
    changes: { status: 'resolved', resolvedAt: ctx.now },
    step: buildStep('resolve', operator, note?.trim() || DEFAULT_STEP_CONTENT.resolve, ctx),
  };
}

export function planEscalate(state: TicketState, operator: Operator, reason: string, ctx: StepContext): Transition {
  assertAllowed(state, 'escalate');
  return {
    changes: { escalationStatus: 'escalated', escalationReason: reason, escalatedAt: ctx.now },
    step: buildStep('escalate', operator, `升级原因：${reason}`, ctx),
  };
}

// ---------------------------------------------------------------- HQ (the PC system's ticket.updated)

/** Who HQ's steps are by: HQ has no account here, only the operator's name from the PC system. */
export const HQ_OPERATOR_ID = 'hq';

/** The statuses HQ may report on a ticket escalated to it. */
export type HqStatus = Extract<TicketStatus, 'processing' | 'resolved'>;

/** Why HQ's update can't be applied, as the gateway answers it (409 with this code) and in words. */
export const HQ_REFUSALS = {
  TICKET_NOT_ESCALATED: '工单未升级到总部，总部不能更新它',
  TICKET_ALREADY_RESOLVED: '工单已解决，不能再更新',
} as const;
export type HqRefusal = keyof typeof HQ_REFUSALS;

/** The history wording of an HQ step without a note. */
export const HQ_DEFAULT_NOTE: Record<HqStatus, string> = { processing: '总部已受理，正在处理', resolved: '总部已解决' };

/**
 * HQ moved a ticket escalated to it (ticket.updated): `processing` (the first time from open, or again as
 * a progress note) appends an hq_update step; `resolved` resolves it with a resolve step by HQ. Refused
 * (FAILED_PRECONDITION, details.code one of HQ_REFUSALS) unless the ticket is escalated and unresolved.
 */
export function planHqUpdate(state: TicketState, status: HqStatus, note: string | undefined, operatorName: string, ctx: StepContext): Transition {
  const refuse = (code: HqRefusal) => new AppError('FAILED_PRECONDITION', HQ_REFUSALS[code], { code, status: state.status });
  if (state.escalationStatus !== 'escalated') throw refuse('TICKET_NOT_ESCALATED');
  if (state.status === 'resolved') throw refuse('TICKET_ALREADY_RESOLVED');
  const operator = { userId: HQ_OPERATOR_ID, userName: operatorName };
  const content = note?.trim() || HQ_DEFAULT_NOTE[status];
  if (status === 'resolved') return { changes: { status: 'resolved', resolvedAt: ctx.now }, step: buildStep('resolve', operator, content, ctx) };
  return { changes: state.status === 'open' ? { status: 'processing' } : {}, step: buildStep('hq_update', operator, content, ctx) };
}
