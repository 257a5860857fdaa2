/**
 * The event and sync schemas against api-contract.md's field lists ("PC-system protocol" and "Scheduled
 * sync"): each event's required fields, the refusals a receiver answers 400 with, and the sync query.
 */
import {
  customerPageQuerySchema,
  customerPageSearch,
  existingSystemCustomerSchema,
  INBOUND_EVENT_TYPES,
  inboundEventSchema,
  OUTBOUND_EVENT_TYPES,
  outboundEventSchema,
  parseWith,
} from '@partner-desk/pc-protocol';

const AT = '2026-03-01T09:30:00+08:00';
const customer = {
  externalId: 'K00100001',
  providerExternalId: 'SP01',
  name: '杭州云栖科技有限公司',
  contactPerson: '王敏',
  phone: '13800001111',
  email: 'wangmin@example.com',
  region: '浙江省杭州市',
  softwareVersion: 'V5.2',
  portCount: 20,
  purchaseDate: '2025-03-01',
  expiryDate: '2026-02-28T23:59:59+08:00',
};

const inbound = {
  'consultation.message': { customerExternalId: 'K00100001', externalMessageId: 'pc-msg-1', customerName: '杭州云栖科技有限公司', content: '端口不够用了，想扩容', sentAt: AT },
  'ticket.updated': { ticketId: 'tk_1', status: 'processing', note: '总部已安排工程师', operatorName: '总部李工' },
  'customer.upserted': customer,
};
const outbound = {
  'chat.reply': { customerExternalId: 'K00100001', messageId: 'cm_1', content: '您好，已为您申请扩容', providerId: 'sp_1', providerName: '杭州云帆', senderName: '张客服', sentAt: '2026-03-01T01:31:00.000Z' },
  'chat.escalated': {
    customerExternalId: 'K00100001',
    ticketId: 'tk_2',
    reason: '需要总部处理授权',
    transcript: [
      { senderType: 'customer', content: '端口不够用了', timestamp: '2026-03-01T01:30:00.000Z' },
      { senderType: 'service_provider', content: '我帮您升级给总部', timestamp: '2026-03-01T01:31:00.000Z' },
    ],
  },
  'chat.bounced': { customerExternalId: 'K00100001', conversationId: 'cv_1', waitingSince: '2026-03-01T01:30:00.000Z', reason: '10 分钟内未回复' },
  'ticket.escalated': {
    ticketId: 'tk_3',
    customerExternalId: 'K00100001',
    title: '授权文件无法导入',
    content: '导入时报错 E102',
    type: 'system_issue',
    reason: '需要总部研发排查',
    processingHistory: [{ action: 'create', operatorName: '张客服', content: '创建工单', timestamp: '2026-03-01T01:00:00.000Z' }],
  },
  'ticket.resolved': { ticketId: 'tk_3', customerExternalId: 'K00100001', resolvedAt: '2026-03-02T01:00:00.000Z', note: null },
};

const envelope = (type: string, data: unknown) => ({ type, data, occurredAt: AT });

describe('event schemas', () => {
  test('When every event of the contract is written with its listed fields, then it is valid in its direction and not in the other', () => {
    expect(INBOUND_EVENT_TYPES).toEqual(['consultation.message', 'ticket.updated', 'customer.upserted']);
    expect(OUTBOUND_EVENT_TYPES).toEqual(['chat.reply', 'chat.escalated', 'chat.bounced', 'ticket.escalated', 'ticket.resolved']);
    for (const [type, data] of Object.entries(inbound)) {
      expect(parseWith(inboundEventSchema, envelope(type, data))).toEqual({ ok: true, value: envelope(type, data) });
      expect(parseWith(outboundEventSchema, envelope(type, data))).toMatchObject({ ok: false, issues: [{ path: 'type' }] });
    }
    for (const [type, data] of Object.entries(outbound)) {
      expect(parseWith(outboundEventSchema, envelope(type, data))).toEqual({ ok: true, value: envelope(type, data) });
      expect(parseWith(inboundEventSchema, envelope(type, data))).toMatchObject({ ok: false, issues: [{ path: 'type' }] });
    }
  });

  test('When any required field of an event is left out, then that field is named', () => {
    const all = { ...inbound, ...outbound } as Record<string, Record<string, unknown>>;
    const optional = new Set(['customerName', 'note', 'industry']);
    for (const [type, data] of Object.entries(all)) {
      const schema = type in inbound ? inboundEventSchema : outboundEventSchema;
      for (const field of Object.keys(data).filter((f) => !optional.has(f))) {
        const { [field]: _left, ...rest } = data;
        expect({ type, field, result: parseWith(schema, envelope(type, rest)) }).toMatchObject({ result: { ok: false, issues: [{ path: `data.${field}` }] } });
      }
    }
  });

  test('When values break the rules (empty or blank text, bad times, bad enums, too long), then each is refused by path', () => {
    const refused = (type: string, data: Record<string, unknown>) => {
      const result = parseWith(inboundEventSchema, envelope(type, data));
      return result.ok ? [] : result.issues.map((i) => i.path);
    };
    expect(refused('consultation.message', { ...inbound['consultation.message'], content: '   ', sentAt: '2026-03-01 09:30' })).toEqual(['data.content', 'data.sentAt']);
    expect(refused('consultation.message', { ...inbound['consultation.message'], content: '长'.repeat(2001) })).toEqual(['data.content']);
    expect(refused('ticket.updated', { ...inbound['ticket.updated'], status: 'open' })).toEqual(['data.status']);
    expect(refused('customer.upserted', { ...customer, portCount: 2.5, email: 'not-an-email', expiryDate: '2026-02-30' })).toEqual(['data.email', 'data.portCount', 'data.expiryDate']);
    expect(parseWith(inboundEventSchema, { type: 'ticket.updated', data: inbound['ticket.updated'] })).toMatchObject({ ok: false, issues: [{ path: 'occurredAt' }] });
    expect(parseWith(inboundEventSchema, 'consultation.message')).toMatchObject({ ok: false, issues: [{ path: '(body)' }] });
  });

  test('When text has surrounding blanks, then it is trimmed the way import trims it', () => {
    const parsed = parseWith(inboundEventSchema, envelope('consultation.message', { ...inbound['consultation.message'], content: '  你好  ' }));
    expect(parsed.ok && parsed.value.type === 'consultation.message' && parsed.value.data.content).toBe('你好');
  });
});

describe('the existing system API schemas', () => {
  test('When a sync customer carries updatedAt, usage and lastActiveTime, then it is valid; usage null or absent is valid too', () => {
    const row = { ...customer, industry: '软件', lastActiveTime: '2026-02-27T10:00:00+08:00', usage: { date: '2026-02-27', activeUsers: 12, logins: 30, modulesUsed: 4, documentsCreated: 57 }, updatedAt: '2026-02-27T02:00:00.000Z' };
    expect(parseWith(existingSystemCustomerSchema, row)).toEqual({ ok: true, value: row });
    expect(parseWith(existingSystemCustomerSchema, { ...row, usage: null, lastActiveTime: null })).toMatchObject({ ok: true });
    const { usage: _u, lastActiveTime: _l, ...bare } = row;
    expect(parseWith(existingSystemCustomerSchema, bare)).toMatchObject({ ok: true });
    expect(parseWith(existingSystemCustomerSchema, { ...row, updatedAt: undefined })).toMatchObject({ ok: false, issues: [{ path: 'updatedAt' }] });
    expect(parseWith(existingSystemCustomerSchema, { ...row, usage: { ...row.usage, logins: -1 } })).toMatchObject({ ok: false, issues: [{ path: 'usage.logins' }] });
  });

  test('When the query string is read, then page and pageSize default to 1 and 100, and bad values are named', () => {
    const query = (search: string) => parseWith(customerPageQuerySchema, Object.fromEntries(new URLSearchParams(search)));
    expect(query('')).toEqual({ ok: true, value: { page: 1, pageSize: 100 } });
    expect(query(customerPageSearch({ updatedSince: '2026-03-01T00:00:00.000Z', page: 3, pageSize: 50 }))).toEqual({ ok: true, value: { updatedSince: '2026-03-01T00:00:00.000Z', page: 3, pageSize: 50 } });
    expect(query('page=0&pageSize=501&updatedSince=yesterday')).toMatchObject({ ok: false });
    const bad = query('page=0&pageSize=501&updatedSince=yesterday');
    expect(bad.ok ? [] : bad.issues.map((i) => i.path).sort()).toEqual(['page', 'pageSize', 'updatedSince']);
    expect(query('page=abc')).toMatchObject({ ok: false, issues: [{ path: 'page' }] });
  });
});
