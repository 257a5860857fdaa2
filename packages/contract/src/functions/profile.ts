import * as z from 'zod';
import { APP_INFO, USER_AGREEMENT } from '../about';
import { CONFLICT_AFTER_RETRIES, documentIdSchema, emptyPayloadSchema, isoTimeSchema, optionalIsoTimeSchema, pageResultSchema, pagingSchema } from '../common';
import { defineFunction } from '../define';
import { INVITE_STATUSES, NOTIFICATION_SETTING_KEYS, PASSWORD_RESET_CHANNELS, PASSWORD_RESET_STATUSES, USER_ROLES } from '../enums';
import { SUBSCRIBE_RESULTS, SUBSCRIBE_TEMPLATE_KEYS } from '../subscribe-templates';
import { inviteCodeInputSchema, passwordInputSchema } from './auth';

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
  phoneBound: z.boolean().describe('手机号是否经微信授权绑定（profile.bindPhone）；手动填写的为 false'),
  phoneBoundAt: optionalIsoTimeSchema.describe('微信授权绑定手机号的时间'),
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

/** One subscribe-message template as the app asks for it (wx.requestSubscribeMessage) and how many sends are left. */
export const subscriptionViewSchema = z.strictObject({
  key: z.enum(SUBSCRIBE_TEMPLATE_KEYS),
  title: z.string(),
  templateId: z.string().describe('生效中的模板 id（云函数环境变量可覆盖契约中的默认值）'),
  setting: z.enum(NOTIFICATION_SETTING_KEYS).describe('控制该订阅消息的通知开关'),
  credits: z.number().int().min(0).describe('剩余可发送次数（每次同意 +1，每次发送 −1）'),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const agreementSchema = z.strictObject({
  title: z.string(),
  version: z.string(),
  effectiveDate: z.iso.date(),
  sections: z.array(z.strictObject({ heading: z.string(), paragraphs: z.array(z.string()) })),
});

export const aboutSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  vendor: z.string(),
  servicePhone: z.string(),
  agreement: agreementSchema.describe('用户协议全文'),
});
export type AboutInfo = z.infer<typeof aboutSchema>;

/** What 关于 shows: fixed by the contract (the app may also read APP_INFO and USER_AGREEMENT directly). */
export const ABOUT: AboutInfo = { ...APP_INFO, agreement: USER_AGREEMENT };

export const profileResultSchema = z.strictObject({
  user: profileUserSchema,
  provider: profileProviderSchema,
  settings: notificationSettingsSchema,
  subscriptions: z.array(subscriptionViewSchema).describe('订阅消息模板与剩余次数'),
  admin: z
    .strictObject({
      pendingPasswordResets: z.number().int().min(0).describe('待处理的密码重置申请'),
      activeInvites: z.number().int().min(0).describe('可使用（未过期、未使用、未作废）的邀请码'),
    })
    .nullable()
    .describe('管理员的待办数；客服为 null'),
  about: aboutSchema,
});
export type ProfileResult = z.infer<typeof profileResultSchema>;

/** `update` answers the profile it changed, without the page's extras. */
export const updateProfileResultSchema = z.strictObject({ user: profileUserSchema, provider: profileProviderSchema, settings: notificationSettingsSchema });
export type UpdateProfileResult = z.infer<typeof updateProfileResultSchema>;

export const bindPhonePayloadSchema = z
  .object({ code: z.string().trim().min(1).max(256).describe('小程序 <button open-type="getPhoneNumber"> 回调中的 code（一次有效，5 分钟内）') })
  .strict();
export type BindPhonePayload = z.input<typeof bindPhonePayloadSchema>;

export const bindPhoneResultSchema = z.strictObject({
  phone: z.string().describe('绑定的手机号（脱敏）'),
  phoneBoundAt: isoTimeSchema,
});
export type BindPhoneResult = z.infer<typeof bindPhoneResultSchema>;

// ------------------------------------------------------------------ password resets (admin)

export const passwordResetViewSchema = z.strictObject({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  userName: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(PASSWORD_RESET_STATUSES),
  statusLabel: z.string(),
  requestedAt: isoTimeSchema.describe('首次提交时间'),
  lastRequestedAt: isoTimeSchema.describe('最近一次提交时间（未处理前重复提交只更新它）'),
  requestCount: z.number().int().min(1),
  completedAt: optionalIsoTimeSchema,
  completedByName: z.string().nullable(),
  completedVia: z.enum(PASSWORD_RESET_CHANNELS).nullable().describe('app 服务商管理员 | console 总部'),
});
export type PasswordResetView = z.infer<typeof passwordResetViewSchema>;

export const passwordResetsPayloadSchema = pagingSchema.extend({ status: z.enum(PASSWORD_RESET_STATUSES).default('pending') }).strict();
export type PasswordResetsPayload = z.input<typeof passwordResetsPayloadSchema>;
export const passwordResetsResultSchema = pageResultSchema('requests', passwordResetViewSchema);
export type PasswordResetsResult = z.infer<typeof passwordResetsResultSchema>;

export const completePasswordResetPayloadSchema = z
  .object({
    requestId: documentIdSchema.describe('密码重置申请 id'),
    newPassword: passwordInputSchema.describe('新密码：8–64 位，同时包含字母和数字'),
  })
  .strict();
export type CompletePasswordResetPayload = z.input<typeof completePasswordResetPayloadSchema>;
export const completePasswordResetResultSchema = z.strictObject({ request: passwordResetViewSchema });
export type CompletePasswordResetResult = z.infer<typeof completePasswordResetResultSchema>;

// ------------------------------------------------------------------ invites (admin)

/** Invites stay usable this long. */
export const INVITE_TTL_DAYS = 7;

export const inviteViewSchema = z.strictObject({
  code: z.string().describe('邀请码，显示为 XXXX-XXXX'),
  status: z.enum(INVITE_STATUSES),
  statusLabel: z.string(),
  role: z.enum(USER_ROLES).describe('注册后的角色（邀请码只添加客服）'),
  note: z.string().nullable(),
  createdAt: isoTimeSchema,
  expiresAt: isoTimeSchema,
  createdByName: z.string(),
  usedAt: optionalIsoTimeSchema,
  usedByName: z.string().nullable(),
  usedByUsername: z.string().nullable(),
  revokedAt: optionalIsoTimeSchema,
});
export type InviteView = z.infer<typeof inviteViewSchema>;

export const createInvitePayloadSchema = z
  .object({ note: z.string().trim().min(1).max(50).optional().describe('备注（如发给谁）') })
  .strict();
export type CreateInvitePayload = z.input<typeof createInvitePayloadSchema>;
export const inviteResultSchema = z.strictObject({ invite: inviteViewSchema });
export type InviteResult = z.infer<typeof inviteResultSchema>;

export const invitesPayloadSchema = pagingSchema.extend({ status: z.enum(INVITE_STATUSES).optional() }).strict();
export type InvitesPayload = z.input<typeof invitesPayloadSchema>;
export const invitesResultSchema = pageResultSchema('invites', inviteViewSchema);
export type InvitesResult = z.infer<typeof invitesResultSchema>;

export const revokeInvitePayloadSchema = z.object({ code: inviteCodeInputSchema.describe('要作废的邀请码') }).strict();
export type RevokeInvitePayload = z.input<typeof revokeInvitePayloadSchema>;

// ------------------------------------------------------------------ subscribe-message credits

export const recordSubscribeAcceptsPayloadSchema = z
  .object({
    requestId: z
      .string()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .describe('客户端为每次授权弹窗生成的幂等键：重试时相同键不会重复计数'),
    accepted: z
      .array(z.strictObject({ templateKey: z.enum(SUBSCRIBE_TEMPLATE_KEYS), result: z.enum(SUBSCRIBE_RESULTS) }))
      .min(1)
      .max(SUBSCRIBE_TEMPLATE_KEYS.length)
      .refine((items) => new Set(items.map((item) => item.templateKey)).size === items.length, '同一模板只能出现一次')
      .describe('wx.requestSubscribeMessage 的结果：每个模板 accept | reject | ban | filter'),
  })
  .strict();
export type RecordSubscribeAcceptsPayload = z.input<typeof recordSubscribeAcceptsPayloadSchema>;

export const recordSubscribeAcceptsResultSchema = z.strictObject({
  credits: z.record(z.enum(SUBSCRIBE_TEMPLATE_KEYS), z.number().int().min(0)).describe('记录后每个模板的剩余可发送次数'),
});
export type RecordSubscribeAcceptsResult = z.infer<typeof recordSubscribeAcceptsResultSchema>;

const ADMIN_ONLY = '客服调用（仅管理员可用）';
const NOT_OWN_REQUEST = '申请不存在或属于其他服务商';
const NOT_OWN_INVITE = '邀请码不存在或属于其他服务商';

export const profile = defineFunction('profile: the signed-in user’s own account, provider info, notification switches, phone binding, subscribe credits; for admins password resets and invites.', {
  get: {
    payload: emptyPayloadSchema,
    result: profileResultSchema,
    access: 'tenant',
    summary:
      '「我的」页一次取齐：当前账号与所属服务商（手机号、邮箱、联系人脱敏，手机是否经微信绑定）、消息通知开关、订阅消息模板与剩余次数、管理员待办（待处理的密码重置申请、可用邀请码；客服为 null）、关于（版本、用户协议）。',
  },
  update: {
    payload: updateProfilePayloadSchema,
    result: updateProfileResultSchema,
    access: 'tenant',
    summary: '修改本人资料：姓名、手机号（11 位）、邮箱；至少一项。手机号与邮箱加密存储；手动修改手机号会解除微信绑定标记。答复修改后的账号、服务商与开关。',
    errors: { INVALID_ARGUMENT: '手机号或邮箱格式不正确，或未提供任何字段' },
  },
  settings: {
    payload: notificationSettingsPayloadSchema,
    result: notificationSettingsSchema,
    access: 'tenant',
    summary: '修改本人的消息通知开关（只改传入的项），答复修改后的全部开关。',
    errors: { INVALID_ARGUMENT: '未提供任何开关或值不是布尔' },
  },
  bindPhone: {
    payload: bindPhonePayloadSchema,
    result: bindPhoneResultSchema,
    access: 'tenant',
    summary: '绑定手机：用小程序获取手机号按钮给出的 code 调用微信 phonenumber.getPhoneNumber（云调用）换取手机号，加密保存到本人账号并答复脱敏号码。',
    errors: {
      INVALID_ARGUMENT: 'code 无效、已使用或已过期（微信 40029），请重新点击授权',
      RATE_LIMITED: '微信接口调用过于频繁（45011）',
      INTERNAL: '微信服务暂时不可用',
    },
  },
  passwordResets: {
    payload: passwordResetsPayloadSchema,
    result: passwordResetsResultSchema,
    access: 'tenant',
    roles: ['admin'],
    summary: '本服务商的密码重置申请（默认待处理的），最近提交的在前。',
    errors: { PERMISSION_DENIED: ADMIN_ONLY },
  },
  completePasswordReset: {
    payload: completePasswordResetPayloadSchema,
    result: completePasswordResetResultSchema,
    access: 'tenant',
    roles: ['admin'],
    summary:
      '管理员处理密码重置申请：为申请人设置新密码（scrypt），同一事务内把申请标记为已完成并写审计记录；随后结束申请人的全部会话（管理员为自己重置时保留当前会话）并解除登录锁定。',
    errors: {
      PERMISSION_DENIED: ADMIN_ONLY,
      NOT_FOUND: NOT_OWN_REQUEST,
      FAILED_PRECONDITION: '申请已处理',
      INVALID_ARGUMENT: '新密码不符合策略，message 为策略原文',
      CONFLICT: CONFLICT_AFTER_RETRIES,
    },
  },
  createInvite: {
    payload: createInvitePayloadSchema,
    result: inviteResultSchema,
    access: 'tenant',
    roles: ['admin'],
    summary: `生成邀请码：8 位（数字 2–9 与不含 I、O 的字母，显示为 XXXX-XXXX），只能使用一次，${INVITE_TTL_DAYS} 天内有效；新同事在登录页「注册」时输入，即成为本服务商的客服。`,
    errors: { PERMISSION_DENIED: ADMIN_ONLY },
  },
  invites: {
    payload: invitesPayloadSchema,
    result: invitesResultSchema,
    access: 'tenant',
    roles: ['admin'],
    summary: '本服务商的邀请码（新建在前），带状态：可使用 / 已使用 / 已作废 / 已过期；可按状态筛选。',
    errors: { PERMISSION_DENIED: ADMIN_ONLY },
  },
  revokeInvite: {
    payload: revokeInvitePayloadSchema,
    result: inviteResultSchema,
    access: 'tenant',
    roles: ['admin'],
    summary: '作废一个尚未使用的邀请码（已过期的也可作废）；答复作废后的邀请码。',
    errors: { PERMISSION_DENIED: ADMIN_ONLY, NOT_FOUND: NOT_OWN_INVITE, FAILED_PRECONDITION: '邀请码已被使用或已作废' },
  },
  recordSubscribeAccepts: {
    payload: recordSubscribeAcceptsPayloadSchema,
    result: recordSubscribeAcceptsResultSchema,
    access: 'tenant',
    summary:
      '记录订阅消息授权结果：每个 accept 为本人该模板增加一次发送机会（reject / ban / filter 不增加）。同一 requestId 重试不会重复计数（同一事务内记账）。答复记录后的各模板剩余次数。',
    errors: { CONFLICT: CONFLICT_AFTER_RETRIES },
  },
});
