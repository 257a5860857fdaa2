import * as z from 'zod';
import {
  ABOUT,
  actionResultSchema,
  CONTRACT,
  ERROR_CODES,
  FUNCTION_NAMES,
  LABELS,
  MESSAGE_TYPE_SETTING,
  MESSAGE_TYPES,
  NOTIFICATION_SETTING_KEYS,
  notificationSettingsSchema,
  SUBSCRIBE_TEMPLATE_KEYS,
  SUBSCRIBE_TEMPLATES,
  type ActionSpec,
} from '../src';

const everyAction = (): [string, ActionSpec][] => FUNCTION_NAMES.flatMap((fn) => Object.entries(CONTRACT[fn].actions as Record<string, ActionSpec>).map(([name, spec]) => [`${fn}.${name}`, spec] as [string, ActionSpec]));

describe('the contract', () => {
  test('When every action is listed, then each has a payload and a result schema, an access rule, a summary, and only closed error codes', () => {
    const actions = everyAction();
    expect(actions.length).toBe(47);
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
    const page = {
      openTickets: [],
      licence: { softwareVersion: 'V9', portCount: 10, purchaseDate: customer.purchaseDate, expiryDate: customer.expiryDate, daysLeft: 20, status: 'active', statusLabel: '活跃' },
      usageScore: { score: 60, level: 'medium', levelLabel: '中', components: [], trend: { direction: 'flat', delta: 0, previousScore: null }, computedAt: '2026-12-01T00:00:00.000Z' },
      history: { tickets: [], total: 0, page: 1, pageSize: 10 },
    };
    expect(detail.safeParse({ customer, ...page }).success).toBe(true);
    expect(detail.safeParse({ customer: { ...customer, passwordHash: 'scrypt$…' }, ...page }).success).toBe(false);
    expect(detail.safeParse({ customer: { ...customer, createdAt: new Date() }, ...page }).success).toBe(false);
    expect(detail.safeParse({ customer: { ...customer, status: 'frozen' }, ...page }).success).toBe(false);
    expect(detail.safeParse({ customer, ...page, licence: { ...page.licence, daysLeft: 1.5 } }).success).toBe(false);
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

  test('When the 通知开关 are listed, then every message type and every subscribe template is governed by one of them, and each has a Chinese label', () => {
    expect(Object.keys(notificationSettingsSchema.shape).sort()).toEqual([...NOTIFICATION_SETTING_KEYS].sort());
    for (const type of MESSAGE_TYPES) expect(NOTIFICATION_SETTING_KEYS).toContain(MESSAGE_TYPE_SETTING[type]);
    for (const key of SUBSCRIBE_TEMPLATE_KEYS) expect(NOTIFICATION_SETTING_KEYS).toContain(SUBSCRIBE_TEMPLATES[key].setting);
    for (const key of NOTIFICATION_SETTING_KEYS) expect(LABELS.notificationSetting[key]).toMatch(/[\u4e00-\u9fa5]{2}/);
  });

  test('When the subscribe templates are read, then each has a real-looking template id (no placeholder), its own environment variable, fields and a page of the app', () => {
    const templates = SUBSCRIBE_TEMPLATE_KEYS.map((key) => SUBSCRIBE_TEMPLATES[key]);
    expect(SUBSCRIBE_TEMPLATE_KEYS).toEqual(['new_consultation', 'hq_ticket_update', 'bounce_warning']);
    for (const template of templates) {
      expect(template.templateId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(template.envVar).toMatch(/^PD_TEMPLATE_[A-Z_]+$/);
      expect(Object.keys(template.fields).length).toBeGreaterThanOrEqual(3);
      expect(template.page).toMatch(/^pages\/(chat|ticket)\/detail\?/);
    }
    expect(new Set(templates.map((t) => t.templateId)).size).toBe(3);
    expect(new Set(templates.map((t) => t.envVar)).size).toBe(3);
  });

  test('When 关于 is read, then it has a version and a Chinese 用户协议 with sections, as profile.get answers it', () => {
    expect(ABOUT.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(ABOUT.agreement.sections.length).toBeGreaterThanOrEqual(5);
    for (const section of ABOUT.agreement.sections) {
      expect(section.heading).toMatch(/[\u4e00-\u9fa5]/);
      expect(section.paragraphs.join('').length).toBeGreaterThan(30);
    }
    expect(CONTRACT.profile.actions.get.result.shape.about.safeParse(ABOUT).success).toBe(true);
  });
});
