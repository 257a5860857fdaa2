import { TICKET_STATUSES, ESCALATION_STATUSES, TICKET_NO_PATTERN } from '@partner-desk/contract';
import { AppError } from '../../src/errors';
import {
  allowedTicketActions,
  buildStep,
  formatTicketNo,
  initialTicketState,
  planEscalate,
  planHqUpdate,
  planReply,
  planResolve,
  refusalOf,
  ticketCounterId,
  ticketDay,
  TICKET_STATE_ERRORS,
  type TicketState,
} from '../../src/tickets';

const now = new Date('2026-12-05T02:00:00Z');
const ctx = { stepId: 'st_1', now };
const agent = { userId: 'u_agent', userName: '小王（客服）' };
const state = (overrides: Partial<TicketState> = {}): TicketState => ({ ...initialTicketState(), ...overrides });

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('ticket state machine', () => {
  test('When a ticket is new, then it is open, not escalated and unassigned', () => {
    expect(initialTicketState()).toEqual({ status: 'open', escalationStatus: 'normal', assigneeId: null, assigneeName: null });
  });

  test('When an open unassigned ticket gets a reply, then it moves to processing and the replier becomes the assignee', () => {
    const t = planReply(state(), agent, '已远程查看', ctx, ['cloud://a.png']);
    expect(t.changes).toEqual({ status: 'processing', assigneeId: 'u_agent', assigneeName: '小王（客服）' });
    expect(t.step).toEqual({ id: 'st_1', operatorId: 'u_agent', operatorName: '小王（客服）', action: 'reply', content: '已远程查看', timestamp: now, images: ['cloud://a.png'] });
  });

  test('When a processing ticket with an assignee gets a reply from someone else, then nothing but the history changes', () => {
    const t = planReply(state({ status: 'processing', assigneeId: 'u_other', assigneeName: '老李' }), agent, '补充说明', ctx);
    expect(t.changes).toEqual({});
    expect(t.step).not.toHaveProperty('images');
  });

  test('When an open ticket already assigned gets a reply, then it moves to processing and keeps its assignee', () => {
    expect(planReply(state({ assigneeId: 'u_other', assigneeName: '老李' }), agent, 'x', ctx).changes).toEqual({ status: 'processing' });
  });

  test('When an escalated ticket gets a reply, then it is allowed', () => {
    expect(planReply(state({ escalationStatus: 'escalated' }), agent, 'x', ctx).step.action).toBe('reply');
  });

  test('When a resolved ticket gets a reply, then it is FAILED_PRECONDITION with a Chinese message', () => {
    for (const escalationStatus of ESCALATION_STATUSES) {
      const err = refusal(() => planReply(state({ status: 'resolved', escalationStatus }), agent, 'x', ctx));
      expect([err.code, err.message]).toEqual(['FAILED_PRECONDITION', TICKET_STATE_ERRORS.replyResolved]);
    }
  });

  test('When an open or processing ticket is resolved, then it is resolved at now, with the note or a default as the step', () => {
    for (const status of ['open', 'processing'] as const) {
      for (const escalationStatus of ESCALATION_STATUSES) {
        const t = planResolve(state({ status, escalationStatus }), agent, '已更换驱动', ctx);
        expect(t.changes).toEqual({ status: 'resolved', resolvedAt: now });
        expect(t.step).toMatchObject({ action: 'resolve', content: '已更换驱动', operatorId: 'u_agent', timestamp: now });
      }
    }
    expect(planResolve(state(), agent, undefined, ctx).step.content).toBe('标记为已解决');
    expect(planResolve(state(), agent, '   ', ctx).step.content).toBe('标记为已解决');
  });

  test('When a resolved ticket is resolved again, then it is FAILED_PRECONDITION', () => {
    const err = refusal(() => planResolve(state({ status: 'resolved' }), agent, undefined, ctx));
    expect([err.code, err.message]).toEqual(['FAILED_PRECONDITION', TICKET_STATE_ERRORS.resolveResolved]);
  });

  test('When a normal open or processing ticket is escalated, then it is escalated with the reason and time, status unchanged', () => {
    for (const status of ['open', 'processing'] as const) {
      const t = planEscalate(state({ status }), agent, '需总部处理', ctx);
      expect(t.changes).toEqual({ escalationStatus: 'escalated', escalationReason: '需总部处理', escalatedAt: now });
      expect(t.step).toMatchObject({ action: 'escalate', content: '升级原因：需总部处理' });
    }
  });

  test('When an escalated ticket is escalated again, or a resolved one at all, then it is FAILED_PRECONDITION', () => {
    for (const status of ['open', 'processing'] as const) {
      const err = refusal(() => planEscalate(state({ status, escalationStatus: 'escalated' }), agent, 'x', ctx));
      expect([err.code, err.message]).toEqual(['FAILED_PRECONDITION', TICKET_STATE_ERRORS.escalateEscalated]);
    }
    for (const escalationStatus of ESCALATION_STATUSES) {
      const err = refusal(() => planEscalate(state({ status: 'resolved', escalationStatus }), agent, 'x', ctx));
      expect([err.code, err.message]).toEqual(['FAILED_PRECONDITION', TICKET_STATE_ERRORS.escalateResolved]);
    }
  });

  test('When any state is asked what it allows, then the answer matches what the planners accept', () => {
    for (const status of TICKET_STATUSES) {
      for (const escalationStatus of ESCALATION_STATUSES) {
        const s = state({ status, escalationStatus });
        const accepted = (['reply', 'resolve', 'escalate'] as const).filter((action) => {
          const plan = { reply: () => planReply(s, agent, 'x', ctx), resolve: () => planResolve(s, agent, 'x', ctx), escalate: () => planEscalate(s, agent, 'x', ctx) }[action];
          try {
            plan();
            return true;
          } catch {
            return false;
          }
        });
        expect([status, escalationStatus, allowedTicketActions(s)]).toEqual([status, escalationStatus, accepted]);
      }
    }
  });

  test('When the transition table is read, then every state and action has exactly the documented answer', () => {
    const table = TICKET_STATUSES.flatMap((status) =>
      ESCALATION_STATUSES.map((escalationStatus) => [status, escalationStatus, ...(['reply', 'resolve', 'escalate'] as const).map((a) => refusalOf({ status, escalationStatus }, a) ?? 'ok')]),
    );
    expect(table).toEqual([
      ['open', 'normal', 'ok', 'ok', 'ok'],
      ['open', 'escalated', 'ok', 'ok', '工单已升级，请勿重复升级'],
      ['processing', 'normal', 'ok', 'ok', 'ok'],
      ['processing', 'escalated', 'ok', 'ok', '工单已升级，请勿重复升级'],
      ['resolved', 'normal', '工单已解决，不能再回复', '工单已解决，请勿重复操作', '工单已解决，不能升级'],
      ['resolved', 'escalated', '工单已解决，不能再回复', '工单已解决，请勿重复操作', '工单已解决，不能升级'],
    ]);
  });

  test('When a step is built, then it carries the operator, action, content and time, and no empty images', () => {
    expect(buildStep('create', agent, '创建工单：x', ctx, [])).toEqual({ id: 'st_1', operatorId: 'u_agent', operatorName: '小王（客服）', action: 'create', content: '创建工单：x', timestamp: now });
  });
});

describe('ticket numbers', () => {
  test('When the UTC date is still the previous day, then the number uses the China business day', () => {
    expect(ticketDay(new Date('2026-12-04T16:30:00Z'))).toBe('20261205');
    expect(ticketDay(new Date('2026-12-04T15:59:59Z'))).toBe('20261204');
  });

  test('When formatted, then numbers are GD<day>-<4 digits> and match the search pattern', () => {
    expect(formatTicketNo('20261205', 7)).toBe('GD20261205-0007');
    expect(formatTicketNo('20261205', 12345)).toBe('GD20261205-12345');
    expect(TICKET_NO_PATTERN.test('gd20261205-0007')).toBe(true);
    expect(TICKET_NO_PATTERN.test('打印机')).toBe(false);
    expect(ticketCounterId('sp_1', '20261205')).toBe('sp_1_20261205');
  });
});

describe('HQ\'s updates of an escalated ticket (the PC system\'s ticket.updated)', () => {
  const escalated = (overrides: Partial<TicketState> = {}) => state({ escalationStatus: 'escalated', ...overrides });

  test('When HQ takes an open escalated ticket, then it is processing with an hq_update step by HQ\'s operator; again later, a progress note that changes nothing else', () => {
    expect(planHqUpdate(escalated(), 'processing', '已安排工程师', '总部 李工', ctx)).toEqual({
      changes: { status: 'processing' },
      step: { id: 'st_1', operatorId: 'hq', operatorName: '总部 李工', action: 'hq_update', content: '已安排工程师', timestamp: now },
    });
    expect(planHqUpdate(escalated({ status: 'processing' }), 'processing', undefined, '总部 李工', ctx)).toMatchObject({ changes: {}, step: { action: 'hq_update', content: '总部已受理，正在处理' } });
  });

  test('When HQ resolves it, then it is resolved with a resolve step by HQ', () => {
    expect(planHqUpdate(escalated({ status: 'processing' }), 'resolved', '  ', '总部 李工', ctx)).toMatchObject({ changes: { status: 'resolved', resolvedAt: now }, step: { action: 'resolve', operatorId: 'hq', content: '总部已解决' } });
  });

  test('When the ticket is not escalated or already resolved, then FAILED_PRECONDITION with the code the gateway answers 409 with', () => {
    expect(refusal(() => planHqUpdate(state(), 'processing', undefined, 'HQ', ctx))).toMatchObject({ code: 'FAILED_PRECONDITION', details: { code: 'TICKET_NOT_ESCALATED', status: 'open' } });
    expect(refusal(() => planHqUpdate(escalated({ status: 'resolved' }), 'resolved', undefined, 'HQ', ctx))).toMatchObject({ code: 'FAILED_PRECONDITION', details: { code: 'TICKET_ALREADY_RESOLVED', status: 'resolved' } });
  });
});
