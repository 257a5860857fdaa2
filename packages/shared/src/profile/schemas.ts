import { z } from 'zod';
import type { NotificationSettings, UserRole } from '@partner-desk/contract';

export const getProfilePayloadSchema = z.object({}).strict();
export type GetProfilePayload = z.infer<typeof getProfilePayloadSchema>;

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
export type UpdateProfilePayload = z.infer<typeof updateProfilePayloadSchema>;

export const notificationSettingsPayloadSchema = z
  .object({
    ticketUpdates: z.boolean().optional().describe('工单更新通知'),
    customerAlerts: z.boolean().optional().describe('客户提醒（到期、未解决问题）'),
    chatMessages: z.boolean().optional().describe('客户咨询消息'),
    systemNotifications: z.boolean().optional().describe('系统通知'),
  })
  .strict()
  .refine(atLeastOneField, '至少修改一项');
export type NotificationSettingsPayload = z.infer<typeof notificationSettingsPayloadSchema>;

export interface ProfileUser {
  id: string;
  username: string;
  name: string;
  role: UserRole;
  /** Masked (138****5678), null when not set. */
  phone: string | null;
  /** Masked (zh******@example.com), null when not set. */
  email: string | null;
}

export interface ProfileProvider {
  id: string;
  name: string;
  region: string | null;
  /** Masked (张**). */
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
}

export interface ProfileResult {
  user: ProfileUser;
  provider: ProfileProvider;
  settings: NotificationSettings;
}

export type NotificationSettingsResult = NotificationSettings;
