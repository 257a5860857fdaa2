import { TICKET_MUTATIONS, type EscalationStatus, type TicketMutation, type TicketStatus } from './enums';

/**
 * Which ticket mutation each state allows, and the Chinese reason for each refusal: the functions refuse
 * with these messages (FAILED_PRECONDITION, packages/shared/src/tickets/ticket-state.ts), and the
 * mini-program explains a greyed-out button with the same words before anything is sent. Without zod, so
 * the app can import this module on its own.
 */
export const TICKET_STATE_ERRORS = {
  replyResolved: '工单已解决，不能再回复',
  resolveResolved: '工单已解决，请勿重复操作',
  escalateResolved: '工单已解决，不能升级',
  escalateEscalated: '工单已升级，请勿重复升级',
} as const;

export interface TicketStateForRules {
  status: TicketStatus;
  escalationStatus: EscalationStatus;
}

/** Why `action` is refused in `state`, or null when it is allowed. */
export function ticketRefusalOf(state: TicketStateForRules, action: TicketMutation): string | null {
  const resolved = state.status === 'resolved';
  switch (action) {
    case 'reply':
      return resolved ? TICKET_STATE_ERRORS.replyResolved : null;
    case 'resolve':
      return resolved ? TICKET_STATE_ERRORS.resolveResolved : null;
    case 'escalate':
      if (resolved) return TICKET_STATE_ERRORS.escalateResolved;
      return state.escalationStatus === 'escalated' ? TICKET_STATE_ERRORS.escalateEscalated : null;
  }
}

/** The actions the state allows (the detail's allowedActions). */
export function allowedTicketActions(state: TicketStateForRules): TicketMutation[] {
  return TICKET_MUTATIONS.filter((action) => ticketRefusalOf(state, action) === null);
}
