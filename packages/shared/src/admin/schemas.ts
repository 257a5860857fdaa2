import { z } from 'zod';
import { documentIdSchema } from '../data/document-id';
import { USER_ROLES } from '@partner-desk/contract';
import { MOBILE_PHONE } from '../profile/schemas';

/** Checked against the policy (passwordProblem) in the handler, so the answer carries the policy's own words. */
const newPassword = z.string().min(1).max(128);
/** Customer contact numbers may be landlines or carry an extension: digits, spaces, + - ( ). */
const contactPhone = z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话号码格式不正确');
/** `2027-03-31` (midnight Asia/Shanghai) or a full ISO-8601 time with offset. */
export const isoDateInput = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const createProviderPayloadSchema = z
  .object({
    name: z.string().trim().min(1).max(64).describe('服务商名称（唯一）'),
    contactPerson: z.string().trim().min(1).max(32).optional().describe('联系人（加密存储）'),
    phone: z.string().regex(MOBILE_PHONE, '请输入 11 位手机号').optional().describe('联系电话（加密存储）'),
    email: z.email('邮箱格式不正确').max(100).optional().describe('联系邮箱（加密存储）'),
    region: z.string().trim().min(1).max(32).optional().describe('所在区域'),
  })
  .strict();
export type CreateProviderPayload = z.infer<typeof createProviderPayloadSchema>;

export const createUserPayloadSchema = z
  .object({
    providerId: documentIdSchema.describe('所属服务商 id'),
    username: z
      .string()
      .trim()
      .min(3)
      .max(32)
      .regex(/^[A-Za-z0-9_.@-]+$/, '账号只能包含字母、数字和 _ . @ -')
      .describe('登录账号（全局唯一）'),
    password: newPassword.describe('初始密码：8–64 位，同时包含字母和数字'),
    name: z.string().trim().min(1).max(32).describe('显示姓名'),
    role: z.enum(USER_ROLES).describe('admin 管理员 | agent 客服'),
  })
  .strict();
export type CreateUserPayload = z.infer<typeof createUserPayloadSchema>;

export const resetPasswordPayloadSchema = z
  .object({
    userId: documentIdSchema.describe('账号 id'),
    newPassword: newPassword.describe('新密码：8–64 位，同时包含字母和数字'),
  })
  .strict();
export type ResetPasswordPayload = z.infer<typeof resetPasswordPayloadSchema>;

export const MAX_IMPORT_ROWS = 500;

/** One customer row of an import (seed §4.1 fields, as the vendor's system exports them). */
export const customerImportRowSchema = z
  .object({
    externalId: z.string().trim().min(1).max(64).describe('厂商系统中的客户 id（导入按它更新或新增）'),
    name: z.string().trim().min(1).max(100).describe('客户名称'),
    contactPerson: z.string().trim().min(1).max(32).describe('联系人（加密存储）'),
    phone: contactPhone.describe('联系电话（加密存储）'),
    email: z.email('邮箱格式不正确').max(100).describe('邮箱（加密存储）'),
    region: z.string().trim().min(1).max(32).describe('区域'),
    softwareVersion: z.string().trim().min(1).max(32).describe('软件版本'),
    portCount: z.number().int().min(0).max(100_000).describe('端口数'),
    purchaseDate: isoDateInput.describe('购买日期（ISO-8601）'),
    expiryDate: isoDateInput.describe('到期日期（ISO-8601）；状态由它推导'),
    industry: z.string().trim().max(32).optional().describe('行业'),
    usageScore: z.number().int().min(0).max(100).optional().describe('使用深度评分 0–100；缺省时保留原值（新客户为 0）'),
    lastActiveTime: isoDateInput.nullable().optional().describe('最近活跃时间（ISO-8601）'),
  })
  .strict();
export type CustomerImportRow = z.infer<typeof customerImportRowSchema>;

/** What the console sends; rows are validated one by one in the handler so an error can name its row. */
export const importCustomersRoutingSchema = z
  .object({
    providerId: documentIdSchema,
    customers: z.array(z.unknown()).min(1).max(MAX_IMPORT_ROWS),
  })
  .strict();

/** The documented (and typed) payload of importCustomers. */
export const importCustomersPayloadSchema = z
  .object({
    providerId: documentIdSchema.describe('导入到哪个服务商'),
    customers: z.array(customerImportRowSchema).min(1).max(MAX_IMPORT_ROWS).describe(`客户行，每次最多 ${MAX_IMPORT_ROWS} 行`),
  })
  .strict();
export type ImportCustomersPayload = z.infer<typeof importCustomersPayloadSchema>;

export interface CreateProviderResult {
  providerId: string;
}
export interface CreateUserResult {
  userId: string;
}
export interface ImportCustomersResult {
  inserted: number;
  updated: number;
}
