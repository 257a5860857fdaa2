import * as z from 'zod';
import { emptyPayloadSchema, emptyResultSchema, isoTimeSchema } from '../common';
import { defineFunction } from '../define';
import { USER_ROLES } from '../enums';

/**
 * A password in a payload: bounded so a 1 MB "password" never reaches scrypt. The policy itself (8–64
 * characters, letters and digits) is checked by the function, so the answer carries the policy's own words.
 */
export const passwordInputSchema = z.string().min(1).max(128);

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

export const auth = defineFunction('auth: login / wxLogin / logout / refresh / changePassword; identity comes from the invocation context.', {
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
});
