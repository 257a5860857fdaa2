import * as z from 'zod';
import { documentIdSchema, emptyPayloadSchema, isoTimeSchema, optionalIsoTimeSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { CUSTOMER_STATUSES, ESCALATION_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, USAGE_LEVELS } from '../enums';

export const listCustomersPayloadSchema = pagingSchema
  .extend({
    status: z.enum(CUSTOMER_STATUSES).optional(),
    /** Case-insensitive match on the customer's name, taken literally (regex characters are escaped). */
    keyword: z.string().trim().max(50).optional(),
    region: z.string().trim().min(1).max(50).optional(),
    hasUnresolved: z.boolean().optional(),
  })
  .strict();
export type ListCustomersPayload = z.input<typeof listCustomersPayloadSchema>;

export const customerIdPayloadSchema = z.object({ id: documentIdSchema }).strict();
export type CustomerIdPayload = z.input<typeof customerIdPayloadSchema>;

export const customerTicketsPayloadSchema = pagingSchema.extend({ id: documentIdSchema, status: z.enum(TICKET_STATUSES).optional() }).strict();
export type CustomerTicketsPayload = z.input<typeof customerTicketsPayloadSchema>;

/** A row of the customer list: contact fields masked (the list is glanced at, often in public). */
export const customerListItemSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  industry: z.string().nullable(),
  softwareVersion: z.string(),
  portCount: z.number().int(),
  status: z.enum(CUSTOMER_STATUSES),
  statusLabel: z.string(),
  usageScore: z.number().int().min(0).max(100),
  unresolvedIssues: z.number().int().min(0),
  hasUnresolved: z.boolean(),
  expiryDate: isoTimeSchema,
  contactPerson: z.string().describe('联系人（脱敏，如 张**）'),
  phone: z.string().describe('电话（脱敏，如 138****5678）'),
  lastActiveTime: optionalIsoTimeSchema,
});
export type CustomerListItem = z.infer<typeof customerListItemSchema>;

export const customerListResultSchema = pageResultSchema('customers', customerListItemSchema);
export type CustomerListResult = z.infer<typeof customerListResultSchema>;

/**
 * Seed §4.1 in full, contact fields masked: the clear contact comes only from customers.revealContact,
 * which records who looked (the page shows 查看 until then).
 */
export const customerDetailSchema = z.strictObject({
  id: z.string(),
  externalId: z.string().describe('厂商系统中的客户 id'),
  name: z.string(),
  contactPerson: z.string().describe('联系人（脱敏，如 王**；明文见 customers.revealContact）'),
  phone: z.string().describe('电话（脱敏，如 138****5678）'),
  email: z.string().describe('邮箱（脱敏，如 wa******@example.com）'),
  region: z.string(),
  industry: z.string().nullable(),
  softwareVersion: z.string(),
  portCount: z.number().int(),
  purchaseDate: isoTimeSchema,
  expiryDate: isoTimeSchema,
  status: z.enum(CUSTOMER_STATUSES),
  statusLabel: z.string(),
  serviceProviderId: z.string(),
  serviceProviderName: z.string(),
  usageScore: z.number().int().min(0).max(100),
  unresolvedIssues: z.number().int().min(0),
  lastActiveTime: optionalIsoTimeSchema,
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const customerTicketSummarySchema = z.strictObject({
  id: z.string(),
  ticketNo: z.string(),
  title: z.string(),
  status: z.enum(TICKET_STATUSES),
  type: z.enum(TICKET_TYPES),
  createdAt: isoTimeSchema,
});
export type CustomerTicketSummary = z.infer<typeof customerTicketSummarySchema>;

export const customerTicketItemSchema = customerTicketSummarySchema.extend({
  priority: z.enum(TICKET_PRIORITIES),
  escalationStatus: z.enum(ESCALATION_STATUSES),
  assigneeName: z.string().nullable(),
  updatedAt: isoTimeSchema,
  resolvedAt: optionalIsoTimeSchema,
});
export type CustomerTicketItem = z.infer<typeof customerTicketItemSchema>;

export const customerTicketsResultSchema = pageResultSchema('tickets', customerTicketItemSchema);
export type CustomerTicketsResult = z.infer<typeof customerTicketsResultSchema>;

export const SCORE_COMPONENT_KEYS = ['seats', 'logins', 'modules', 'business', 'recency'] as const;
export type ComponentKey = (typeof SCORE_COMPONENT_KEYS)[number];

export const scoreComponentSchema = z.strictObject({
  key: z.enum(SCORE_COMPONENT_KEYS),
  label: z.string(),
  weight: z.number().min(0).max(1).describe('权重；最近活跃为 0（按分值加减，不加权）'),
  value: z.number().nullable().describe('原始数值（如每日活跃人数；最近活跃为距今天数，从未使用为 null）'),
  unit: z.string(),
  score: z.number().min(0).max(100),
  contribution: z.number().describe('对总分的贡献（权重 × 分值，或最近活跃的加减分）'),
  explanation: z.string().describe('中文说明'),
});
export type ScoreComponent = z.infer<typeof scoreComponentSchema>;

export const usageScoreResultSchema = z.strictObject({
  score: z.number().int().min(0).max(100),
  level: z.enum(USAGE_LEVELS),
  levelLabel: z.string().describe('高 | 中 | 低'),
  components: z.array(scoreComponentSchema),
  trend: z.strictObject({
    direction: z.enum(['up', 'down', 'flat']),
    delta: z.number().int(),
    previousScore: z.number().int().nullable().describe('前 30 天的分数；那段时间没有数据时为 null'),
  }),
  computedAt: isoTimeSchema,
});
export type UsageScoreResult = z.infer<typeof usageScoreResultSchema>;

/** The software and licence card of the detail page. */
export const licenceSchema = z.strictObject({
  softwareVersion: z.string(),
  portCount: z.number().int(),
  purchaseDate: isoTimeSchema,
  expiryDate: isoTimeSchema,
  daysLeft: z.number().int().describe('距到期的天数（北京时间按日计）；已过期为负数，当天到期为 0'),
  status: z.enum(CUSTOMER_STATUSES),
  statusLabel: z.string(),
});
export type Licence = z.infer<typeof licenceSchema>;

/** The history tickets the detail page shows first; more through customers.tickets from page 2. */
export const DETAIL_HISTORY_PAGE_SIZE = 10;

export const customerDetailResultSchema = z.strictObject({
  customer: customerDetailSchema,
  openTickets: z
    .array(customerTicketItemSchema)
    .max(5)
    .describe('当前未解决的问题：最多 5 条待处理/处理中的工单（与历史工单同一形状，含优先级与升级状态），新建在前（总数见 customer.unresolvedIssues）'),
  licence: licenceSchema,
  usageScore: usageScoreResultSchema.describe('使用深度评分、各项构成与趋势（同 customers.usageScore）'),
  history: customerTicketsResultSchema.describe(`历史工单第 1 页（每页 ${DETAIL_HISTORY_PAGE_SIZE} 条，新建在前）；后续页用 customers.tickets`),
});
export type CustomerDetailResult = z.infer<typeof customerDetailResultSchema>;

export const revealContactResultSchema = z.strictObject({
  contactPerson: z.string().describe('联系人（明文）'),
  phone: z.string().describe('电话（明文，可直接拨打或复制）'),
  email: z.string().describe('邮箱（明文）'),
});
export type RevealContactResult = z.infer<typeof revealContactResultSchema>;

/** The regions the provider's customers are in, for the list's region filter (most customers first). */
export const customerRegionsResultSchema = z.strictObject({
  regions: z.array(z.strictObject({ region: z.string(), count: z.number().int().min(1) })).describe('地区及其客户数，客户多的在前（最多 100 个）'),
});
export type CustomerRegionsResult = z.infer<typeof customerRegionsResultSchema>;
/** How many regions customers.regions answers at most. */
export const MAX_CUSTOMER_REGIONS = 100;

const NOT_OWN_CUSTOMER = { NOT_FOUND: '客户不存在或不属于当前服务商' };

export const customers = defineFunction("customers: list, regions, detail, revealContact, tickets, usageScore of the caller's own customers.", {
  list: {
    payload: listCustomersPayloadSchema,
    result: customerListResultSchema,
    access: 'tenant',
    summary: '本服务商的客户列表：按状态（到期早的在前）、地区、是否有未解决问题、名称关键字（不区分大小写，按字面匹配）筛选；联系人与电话脱敏。',
  },
  regions: {
    payload: emptyPayloadSchema,
    result: customerRegionsResultSchema,
    access: 'tenant',
    summary: '本服务商客户所在的地区及各地区客户数（客户多的在前，最多 100 个），供客户列表按地区筛选。',
  },
  detail: {
    payload: customerIdPayloadSchema,
    result: customerDetailResultSchema,
    access: 'tenant',
    summary:
      '客户详情页一次取齐：客户资料（seed §4.1 全部字段，联系人/电话/邮箱脱敏）、软件与授权（版本、端口、购买与到期日期、剩余天数）、当前未解决的问题（最多 5 条待处理/处理中的工单）、使用深度评分（各项构成与趋势）、历史工单第 1 页。',
    errors: NOT_OWN_CUSTOMER,
  },
  revealContact: {
    payload: customerIdPayloadSchema,
    result: revealContactResultSchema,
    access: 'tenant',
    summary: '查看客户联系方式（明文）：答复联系人、电话、邮箱，并写一条审计记录（谁、何时查看了哪个客户）。',
    errors: NOT_OWN_CUSTOMER,
  },
  tickets: {
    payload: customerTicketsPayloadSchema,
    result: customerTicketsResultSchema,
    access: 'tenant',
    summary: '某客户的工单（新建时间倒序），可按状态筛选。',
    errors: NOT_OWN_CUSTOMER,
  },
  usageScore: {
    payload: customerIdPayloadSchema,
    result: usageScoreResultSchema,
    access: 'tenant',
    summary:
      '使用深度评分：由近30天每日使用数据算出（坐席使用率 0.35、登录频次 0.25、功能覆盖 0.2、业务活跃度 0.2，另按最近活跃加减分），并与前30天比较得出趋势。',
    errors: NOT_OWN_CUSTOMER,
  },
});
