import { z } from 'zod';
import type { UserRole } from '@partner-desk/contract';

/** Bounded so a 1 MB "password" never reaches scrypt; the policy itself is checked by passwordProblem. */
const passwordInput = z.string().min(1).max(128);

export const loginPayloadSchema = z
  .object({
    username: z.string().trim().min(1).max(64).describe('登录账号'),
    password: passwordInput.describe('密码（明文仅在请求中出现，从不记录或存储）'),
  })
  .strict();
export type LoginPayload = z.infer<typeof loginPayloadSchema>;

export const emptyPayloadSchema = z.object({}).strict();
export type EmptyPayload = z.infer<typeof emptyPayloadSchema>;

export const changePasswordPayloadSchema = z
  .object({
    oldPassword: passwordInput.describe('当前密码'),
    newPassword: passwordInput.describe('新密码：8–64 位，同时包含字母和数字'),
  })
  .strict();
export type ChangePasswordPayload = z.infer<typeof changePasswordPayloadSchema>;

export interface AccountUser {
  id: string;
  username: string;
  name: string;
  role: UserRole;
}

export interface AccountProvider {
  id: string;
  name: string;
}

export interface SessionInfo {
  /** ISO-8601; the session slides on use and with auth.refresh. */
  expiresAt: string;
}

export interface LoginResult {
  user: AccountUser;
  provider: AccountProvider;
  session: SessionInfo;
}

export type WxLoginResult = ({ bound: true } & LoginResult) | { bound: false };

export interface RefreshResult {
  session: SessionInfo;
}
