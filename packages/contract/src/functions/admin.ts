import * as z from 'zod';
import { documentIdSchema, emptyResultSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { PASSWORD_RESET_STATUSES, USER_ROLES } from '../enums';
import { newUsernameSchema, passwordInputSchema, personNameSchema } from './auth';
import { MOBILE_PHONE, passwordResetViewSchema } from './profile';

/** Customer contact numbers may be landlines or carry an extension: digits, spaces, + - ( ). */
const contactPhoneSchema = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话号码格式不正确');
/** `2027-03-31` (midnight Asia/Shanghai) or a full ISO-8601 time with offset. */
export const isoDateInputSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The vendor's code of a provider (providerExternalId in the PC-system protocol). */
export const providerCodeSchema = z.string().trim().min(1).max(64);

export const createProviderPayloadSchema = z
  .object({
    name: z.string().trim().min(1).max(64).describe('服务商名称（唯一）'),
    externalId: providerCodeSchema.optional().describe('厂商系统中的服务商编码（PC 端协议的 providerExternalId，唯一）；PC 端按它把客户归到本服务商'),
    contactPerson: z.string().trim().min(1).max(32).optional().describe('联系人（加密存储）'),
    phone: z.string().regex(MOBILE_PHONE, '请输入 11 位手机号').optional().describe('联系电话（加密存储）'),
    email: z.email('邮箱格式不正确').max(100).optional().describe('联系邮箱（加密存储）'),
    region: z.string().trim().min(1).max(32).optional().describe('所在区域'),
  })
  .strict();
export type CreateProviderPayload = z.input<typeof createProviderPayloadSchema>;

export const createUserPayloadSchema = z
  .object({
    providerId: documentIdSchema.describe('所属服务商 id'),
    username: newUsernameSchema.describe('登录账号（全局唯一）'),
    password: passwordInputSchema.describe('初始密码：8–64 位，同时包含字母和数字'),
    name: personNameSchema.describe('显示姓名'),
    role: z.enum(USER_ROLES).describe('admin 管理员 | agent 客服'),
  })
  .strict();
export type CreateUserPayload = z.input<typeof createUserPayloadSchema>;

export const resetPasswordPayloadSchema = z
  .object({
    userId: documentIdSchema.describe('账号 id'),
    newPassword: passwordInputSchema.describe('新密码：8–64 位，同时包含字母和数字'),
  })
  .strict();
export type ResetPasswordPayload = z.input<typeof resetPasswordPayloadSchema>;

export const MAX_IMPORT_ROWS = 500;

/** One customer row of an import (seed §4.1 fields, as the vendor's system exports them). */
export const customerImportRowSchema = z
  .object({
    externalId: z.string().trim().min(1).max(64).describe('厂商系统中的客户 id（导入按它更新或新增）'),
    name: z.string().trim().min(1).max(100).describe('客户名称'),
    contactPerson: z.string().trim().min(1).max(32).describe('联系人（加密存储）'),
    phone: contactPhoneSchema.describe('联系电话（加密存储）'),
    email: z.email('邮箱格式不正确').max(100).describe('邮箱（加密存储）'),
    region: z.string().trim().min(1).max(32).describe('区域'),
    softwareVersion: z.string().trim().min(1).max(32).describe('软件版本'),
    portCount: z.number().int().min(0).max(100_000).describe('端口数'),
    purchaseDate: isoDateInputSchema.describe('购买日期（ISO-8601）'),
    expiryDate: isoDateInputSchema.describe('到期日期（ISO-8601）；状态由它推导'),
    industry: z.string().trim().max(32).optional().describe('行业'),
    usageScore: z.number().int().min(0).max(100).optional().describe('使用深度评分 0–100；缺省时保留原值（新客户为 0）'),
    lastActiveTime: isoDateInputSchema.nullable().optional().describe('最近活跃时间（ISO-8601）'),
  })
  .strict();
export type CustomerImportRow = z.output<typeof customerImportRowSchema>;

/** The payload of importCustomers, as clients send it and docs/api.md describes it. */
export const importCustomersPayloadSchema = z
  .object({
    providerId: documentIdSchema.describe('导入到哪个服务商'),
    customers: z.array(customerImportRowSchema).min(1).max(MAX_IMPORT_ROWS).describe(`客户行，每次最多 ${MAX_IMPORT_ROWS} 行`),
  })
  .strict();
export type ImportCustomersPayload = z.input<typeof importCustomersPayloadSchema>;

/** What the router parses: rows are validated one by one in the handler, so an error can name its row. */
export const importCustomersEdgeSchema = z
  .object({
    providerId: documentIdSchema,
    customers: z.array(z.unknown()).min(1).max(MAX_IMPORT_ROWS),
  })
  .strict();

export const createProviderResultSchema = z.strictObject({ providerId: z.string() });
export type CreateProviderResult = z.infer<typeof createProviderResultSchema>;
export const createUserResultSchema = z.strictObject({ userId: z.string() });
export type CreateUserResult = z.infer<typeof createUserResultSchema>;
export const importCustomersResultSchema = z.strictObject({ inserted: z.number().int().min(0), updated: z.number().int().min(0) });
export type ImportCustomersResult = z.infer<typeof importCustomersResultSchema>;

export const listPasswordResetsPayloadSchema = pagingSchema
  .extend({
    providerId: documentIdSchema.optional().describe('只看某个服务商的申请；缺省为全部服务商'),
    status: z.enum(PASSWORD_RESET_STATUSES).default('pending'),
  })
  .strict();
export type ListPasswordResetsPayload = z.input<typeof listPasswordResetsPayloadSchema>;

/** A reset request as the console lists it: with the provider it belongs to. */
export const consolePasswordResetViewSchema = passwordResetViewSchema.extend({ providerId: z.string(), providerName: z.string() });
export type ConsolePasswordResetView = z.infer<typeof consolePasswordResetViewSchema>;
export const listPasswordResetsResultSchema = pageResultSchema('requests', consolePasswordResetViewSchema);
export type ListPasswordResetsResult = z.infer<typeof listPasswordResetsResultSchema>;

const CONSOLE_ONLY = { PERMISSION_DENIED: '调用方是终端用户（微信或网页）：仅管理控制台可调用' };

export const admin = defineFunction('admin: console-only operations (providers, accounts and their password reset requests, customer import); every end user is refused.', {
  createProvider: {
    payload: createProviderPayloadSchema,
    result: createProviderResultSchema,
    access: 'console',
    summary:
      '新建服务商（租户），同时创建其设置（到期提醒：expiringDays 30，expiryAlertDays [90,60,30,7]）。联系人、电话、邮箱加密存储。带 externalId（服务商编码）时，PC 端因编码未知而暂存的客户（customer.upserted）随即导入，其暂存的咨询一并处理。',
    errors: { CONFLICT: '服务商名称或服务商编码已存在', ...CONSOLE_ONLY },
  },
  createUser: {
    payload: createUserPayloadSchema,
    result: createUserResultSchema,
    access: 'console',
    summary: '为服务商新建登录账号；密码以 scrypt 哈希保存，通知开关默认全开。',
    errors: { NOT_FOUND: '服务商不存在', CONFLICT: '账号已存在', INVALID_ARGUMENT: '密码不符合策略（8–64 位，含字母和数字），message 为策略原文', ...CONSOLE_ONLY },
  },
  resetPassword: {
    payload: resetPasswordPayloadSchema,
    result: emptyResultSchema,
    access: 'console',
    summary: '重置账号密码，结束该账号的全部会话，并解除登录锁定；该账号待处理的密码重置申请同时标记为已完成（由总部处理）。',
    errors: { NOT_FOUND: '账号不存在', INVALID_ARGUMENT: '新密码不符合策略', ...CONSOLE_ONLY },
  },
  listPasswordResets: {
    payload: listPasswordResetsPayloadSchema,
    result: listPasswordResetsResultSchema,
    access: 'console',
    summary: '各服务商账号提交的密码重置申请（默认待处理的，最近提交的在前），可限定服务商；用 admin.resetPassword 设置新密码即完成申请。',
    errors: CONSOLE_ONLY,
  },
  importCustomers: {
    payload: importCustomersPayloadSchema,
    edgePayload: importCustomersEdgeSchema,
    result: importCustomersResultSchema,
    access: 'console',
    summary:
      '按 externalId（厂商系统中的客户 id，全系统唯一）导入或更新该服务商的客户：先校验全部行（任一行错误则不写入），联系人/电话/邮箱加密，状态由到期日期推导（已过期 / 服务商设置的 expiringDays 天内为即将到期 / 否则活跃，按北京时间计天），保留已有客户的未解决问题数；属于其他服务商的客户转到该服务商名下（updated 计入）。与定时同步、PC 端 customer.upserted 为同一套写入：到期提醒按需生成，PC 端因客户未知而暂存的咨询随即处理。重复导入幂等。',
    errors: { INVALID_ARGUMENT: '某行数据不正确或 externalId 重复：message 指明行号，details.row 为下标（从 0 起）', NOT_FOUND: '服务商不存在', ...CONSOLE_ONLY },
  },
});
