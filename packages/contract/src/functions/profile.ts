import * as z from 'zod';
import { emptyPayloadSchema } from '../common';
import { defineFunction } from '../define';
import { USER_ROLES } from '../enums';

/** Mainland mobile numbers: 11 digits starting with 1. */
export const MOBILE_PHONE = /^1\d{10}$/;

const atLeastOneField = (value: Record<string, unknown>) => Object.values(value).some((v) => v !== undefined);

export const updateProfilePayloadSchema = z
  .object({
    name: z.string().trim().min(1).max(32).optional().describe('显示姓名'),
    phone: z.string().regex(MOBILE_PHONE, '请输入 11 位手机号').optional().describe('手机号（加密存储，返回时脱敏）'),
    email: z.email('邮箱格式不正确').max(100).optional().describe('邮箱（加密存储，返回时脱敏）'),
  })
  .strict()
  .refine(atLeastOneField, '至少修改一项');
export type UpdateProfilePayload = z.input<typeof updateProfilePayloadSchema>;

export const notificationSettingsPayloadSchema = z
  .object({
    ticketUpdates: z.boolean().optional().describe('工单更新通知'),
    customerAlerts: z.boolean().optional().describe('客户提醒（到期、未解决问题）'),
    chatMessages: z.boolean().optional().describe('客户咨询消息'),
    systemNotifications: z.boolean().optional().describe('系统通知'),
  })
  .strict()
  .refine(atLeastOneField, '至少修改一项');
export type NotificationSettingsPayload = z.input<typeof notificationSettingsPayloadSchema>;

/** A user's notification switches, as stored on the account and answered by profile. */
export const notificationSettingsSchema = z.strictObject({
  ticketUpdates: z.boolean(),
  customerAlerts: z.boolean(),
  chatMessages: z.boolean(),
  systemNotifications: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const profileUserSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  phone: z.string().nullable().describe('手机号（脱敏，如 138****5678）；未设置为 null'),
  email: z.string().nullable().describe('邮箱（脱敏，如 zh******@example.com）；未设置为 null'),
});
export type ProfileUser = z.infer<typeof profileUserSchema>;

export const profileProviderSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  region: z.string().nullable(),
  contactPerson: z.string().nullable().describe('联系人（脱敏，如 张**）'),
  phone: z.string().nullable().describe('电话（脱敏）'),
  email: z.string().nullable().describe('邮箱（脱敏）'),
});
export type ProfileProvider = z.infer<typeof profileProviderSchema>;

export const profileResultSchema = z.strictObject({ user: profileUserSchema, provider: profileProviderSchema, settings: notificationSettingsSchema });
export type ProfileResult = z.infer<typeof profileResultSchema>;

export const profile = defineFunction('profile: the signed-in user’s own account, provider info and notification switches.', {
  get: {
    payload: emptyPayloadSchema,
    result: profileResultSchema,
    access: 'tenant',
    summary: '个人中心：当前登录账号与所属服务商信息（手机号、邮箱、联系人脱敏），以及消息通知开关。',
  },
  update: {
    payload: updateProfilePayloadSchema,
    result: profileResultSchema,
    access: 'tenant',
    summary: '修改本人资料：姓名、手机号（11 位）、邮箱；至少一项。手机号与邮箱加密存储。答复修改后的个人资料（同 get）。',
    errors: { INVALID_ARGUMENT: '手机号或邮箱格式不正确，或未提供任何字段' },
  },
  settings: {
    payload: notificationSettingsPayloadSchema,
    result: notificationSettingsSchema,
    access: 'tenant',
    summary: '修改本人的消息通知开关（只改传入的项），答复修改后的全部开关。',
    errors: { INVALID_ARGUMENT: '未提供任何开关或值不是布尔' },
  },
});
