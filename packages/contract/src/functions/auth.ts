import * as z from 'zod';
import { emptyPayloadSchema, emptyResultSchema, isoTimeSchema } from '../common';
import { defineFunction } from '../define';
import { USER_ROLES } from '../enums';

/**
 * A password in a payload: bounded so a 1 MB "password" never reaches scrypt. The policy itself (8–64
 * characters, letters and digits) is checked by the function, so the answer carries the policy's own words.
 */
export const passwordInputSchema = z.string().min(1).max(128);

/** A username as accounts are created with it (admin.createUser, auth.register): globally unique. */
export const newUsernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[A-Za-z0-9_.@-]+$/, '账号只能包含字母、数字和 _ . @ -');

/** A display name. */
export const personNameSchema = z.string().trim().min(1).max(32);

/**
 * An invite code as a person types it: 8 characters (digits 2–9 and letters without I and O), case and
 * separators (spaces, dashes) ignored. The function normalises it; anything else is refused there in the
 * same words as an unknown code.
 */
export const inviteCodeInputSchema = z.string().trim().min(1).max(32);

export const loginPayloadSchema = z
  .object({
    username: z.string().trim().min(1).max(64).describe('登录账号'),
    password: passwordInputSchema.describe('密码（明文仅在请求中出现，从不记录或存储）'),
  })
  .strict();
export type LoginPayload = z.input<typeof loginPayloadSchema>;

export const changePasswordPayloadSchema = z
  .object({
    oldPassword: passwordInputSchema.describe('当前密码'),
    newPassword: passwordInputSchema.describe('新密码：8–64 位，同时包含字母和数字'),
  })
  .strict();
export type ChangePasswordPayload = z.input<typeof changePasswordPayloadSchema>;

export const requestPasswordResetPayloadSchema = z
  .object({ username: z.string().trim().min(1).max(64).describe('忘记密码的登录账号') })
  .strict();
export type RequestPasswordResetPayload = z.input<typeof requestPasswordResetPayloadSchema>;

export const registerPayloadSchema = z
  .object({
    inviteCode: inviteCodeInputSchema.describe('管理员发放的 8 位邀请码（不区分大小写，可含空格或短横线）'),
    username: newUsernameSchema.describe('登录账号（全局唯一）'),
    password: passwordInputSchema.describe('密码：8–64 位，同时包含字母和数字'),
    name: personNameSchema.describe('显示姓名'),
  })
  .strict();
export type RegisterPayload = z.input<typeof registerPayloadSchema>;

export const accountUserSchema = z.strictObject({ id: z.string(), username: z.string(), name: z.string(), role: z.enum(USER_ROLES) });
export type AccountUser = z.infer<typeof accountUserSchema>;

export const accountProviderSchema = z.strictObject({ id: z.string(), name: z.string() });
export type AccountProvider = z.infer<typeof accountProviderSchema>;

export const sessionInfoSchema = z.strictObject({ expiresAt: isoTimeSchema.describe('会话到期时间；使用中与 auth.refresh 会顺延') });
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const loginResultSchema = z.strictObject({ user: accountUserSchema, provider: accountProviderSchema, session: sessionInfoSchema });
export type LoginResult = z.infer<typeof loginResultSchema>;

export const wxLoginResultSchema = z.discriminatedUnion('bound', [
  z.strictObject({ bound: z.literal(false).describe('当前身份未绑定账号：显示登录表单') }),
  loginResultSchema.extend({ bound: z.literal(true).describe('已绑定且会话有效：直接登录') }),
]);
export type WxLoginResult = z.infer<typeof wxLoginResultSchema>;

export const refreshResultSchema = z.strictObject({ session: sessionInfoSchema });
export type RefreshResult = z.infer<typeof refreshResultSchema>;

export const auth = defineFunction('auth: login / wxLogin / logout / refresh / changePassword / requestPasswordReset / register; identity comes from the invocation context.', {
  login: {
    payload: loginPayloadSchema,
    result: loginResultSchema,
    access: 'public',
    summary: '账号密码登录，并把当前调用方身份（微信 OPENID 或网页 CloudBase uid）绑定到该账号。',
    errors: {
      UNAUTHENTICATED: '账号或密码错误（两者同一提示，不区分账号是否存在）；或调用方没有微信/网页身份',
      PERMISSION_DENIED: '账号或所属服务商已停用',
      RATE_LIMITED: '15 分钟内同一账号（不存在的账号名同样计数）或同一调用方失败 5 次后锁定 15 分钟，期间正确密码也拒绝；details.lockedUntil 为解锁时间',
    },
  },
  wxLogin: {
    payload: emptyPayloadSchema,
    result: wxLoginResultSchema,
    access: 'public',
    summary: '微信授权登录：当前 OPENID（或网页 uid）已绑定且会话有效时直接登录，否则返回 { bound: false }。',
    errors: { UNAUTHENTICATED: '调用方没有微信/网页身份', PERMISSION_DENIED: '账号或所属服务商已停用（绑定同时解除）' },
  },
  logout: {
    payload: emptyPayloadSchema,
    result: emptyResultSchema,
    access: 'public',
    summary: '退出登录：解除当前身份的绑定（会话与信号文档删除）；重复调用无副作用。',
  },
  refresh: {
    payload: emptyPayloadSchema,
    result: refreshResultSchema,
    access: 'public',
    summary: '续期当前会话：有效期从现在起顺延 7 天。',
    errors: { UNAUTHENTICATED: '未登录或会话已过期' },
  },
  changePassword: {
    payload: changePasswordPayloadSchema,
    result: emptyResultSchema,
    access: 'tenant',
    summary: '修改密码：校验原密码与密码策略，重新哈希，并结束该账号在其他设备上的全部会话（保留当前会话）。',
    errors: {
      INVALID_ARGUMENT: '新密码不符合策略（8–64 位，含字母和数字）或与原密码相同',
      FAILED_PRECONDITION: '原密码不正确（计入登录失败次数）',
      RATE_LIMITED: '失败次数过多，已锁定',
      UNAUTHENTICATED: '未登录或会话已过期',
    },
  },
  requestPasswordReset: {
    payload: requestPasswordResetPayloadSchema,
    result: emptyResultSchema,
    access: 'public',
    summary:
      '忘记密码：为该账号登记一条待处理的重置申请，并在其服务商的消息中心提醒管理员（由管理员在小程序「密码重置申请」或总部在控制台设置新密码）。无论账号是否存在都答复相同的结果；申请未处理前重复提交不会再生成申请。',
    errors: {
      UNAUTHENTICATED: '调用方没有微信/网页身份',
      RATE_LIMITED: '同一调用方 1 小时内最多 5 次、同一账号名（不存在的账号名同样计数）1 小时内最多 3 次；details.retryAfter 为可再次提交的时间',
    },
  },
  register: {
    payload: registerPayloadSchema,
    result: loginResultSchema,
    access: 'public',
    summary:
      '凭邀请码注册：在发放邀请码的服务商下新建客服账号（角色 agent），邀请码只能使用一次（并发使用时只有一次成功），随后像 auth.login 一样把当前调用方身份绑定到新账号并答复登录结果。',
    errors: {
      NOT_FOUND: '邀请码不存在（或格式不对），请核对后重新输入',
      FAILED_PRECONDITION: '邀请码已过期、已被使用或已作废（message 分别说明）；或服务商已停用',
      CONFLICT: '账号已存在',
      INVALID_ARGUMENT: '密码不符合策略（8–64 位，含字母和数字），message 为策略原文',
      UNAUTHENTICATED: '调用方没有微信/网页身份',
      RATE_LIMITED: '同一调用方 1 小时内最多尝试 10 次；details.retryAfter 为可再次尝试的时间',
    },
  },
});
