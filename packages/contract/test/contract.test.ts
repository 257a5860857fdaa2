import * as z from 'zod';
import { actionResultSchema, CONTRACT, ERROR_CODES, FUNCTION_NAMES, type ActionSpec } from '../src';

const everyAction = (): [string, ActionSpec][] => FUNCTION_NAMES.flatMap((fn) => Object.entries(CONTRACT[fn].actions as Record<string, ActionSpec>).map(([name, spec]) => [`${fn}.${name}`, spec] as [string, ActionSpec]));

describe('the contract', () => {
  test('When every action is listed, then each has a payload and a result schema, an access rule, a summary, and only closed error codes', () => {
    const actions = everyAction();
    expect(actions.length).toBe(33);
    for (const [name, spec] of actions) {
      expect([name, spec.payload instanceof z.ZodType, spec.result instanceof z.ZodType]).toEqual([name, true, true]);
      expect(['public', 'tenant', 'console']).toContain(spec.access);
      expect(spec.summary.length).toBeGreaterThan(5);
      for (const code of Object.keys(spec.errors ?? {})) expect(ERROR_CODES).toContain(code);
    }
  });

  test('When an answer carries a field its view does not have, then the result schema refuses it (tests catch a leaking document field)', () => {
    const detail = CONTRACT.customers.actions.detail.result;
    const customer = {
      id: 'cu_1', externalId: 'K1', name: '星辰贸易', contactPerson: '王五', phone: '13800000000', email: 'w@example.com', region: '上海', industry: null,
      softwareVersion: 'V9', portCount: 10, purchaseDate: '2025-01-01T00:00:00.000Z', expiryDate: '2027-01-01T00:00:00.000Z', status: 'active', statusLabel: '活跃',
      serviceProviderId: 'sp_1', serviceProviderName: '云帆', usageScore: 60, unresolvedIssues: 0, lastActiveTime: null, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z',
    };
    expect(detail.safeParse({ customer, openTickets: [] }).success).toBe(true);
    expect(detail.safeParse({ customer: { ...customer, passwordHash: 'scrypt$…' }, openTickets: [] }).success).toBe(false);
    expect(detail.safeParse({ customer: { ...customer, createdAt: new Date() }, openTickets: [] }).success).toBe(false);
    expect(detail.safeParse({ customer: { ...customer, status: 'frozen' }, openTickets: [] }).success).toBe(false);
  });

  test('When a whole answer is checked, then a failure must use a closed code and a success the action’s data', () => {
    const answer = actionResultSchema(CONTRACT.tickets.actions.create.result);
    expect(answer.safeParse({ ok: true, data: { ticketId: 'tk_1', ticketNo: 'GD20261205-0001' } }).success).toBe(true);
    expect(answer.safeParse({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在' } }).success).toBe(true);
    expect(answer.safeParse({ ok: false, error: { code: 'TEAPOT', message: '?' } }).success).toBe(false);
    expect(answer.safeParse({ ok: true, data: { ticketId: 'tk_1' } }).success).toBe(false);
  });

  test('When a client leaves out fields with defaults, then the payload schema fills them as the router will', () => {
    expect(CONTRACT.tickets.actions.create.payload.parse({ customerId: ' c1 ', title: '打印', content: '不生效', type: 'system_issue' })).toEqual({
      customerId: 'c1',
      title: '打印',
      content: '不生效',
      type: 'system_issue',
      priority: 'normal',
      images: [],
    });
    expect(CONTRACT.customers.actions.list.payload.parse({})).toEqual({ page: 1, pageSize: 20 });
  });
});
