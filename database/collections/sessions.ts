import * as z from 'zod';
import { USER_ROLES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index } from '../declaration';

/**
 * A binding of a platform identity to an account: `_id` is the identity key (`wx:<OPENID>` or
 * `web:<uid>`), so resolving the caller is one read by _id. It carries what every action needs
 * (provider, role, name) so no second read is needed. Sessions slide: expiresAt moves on use.
 */
export const sessionSchema = z.object({
  _id: z.string(),
  identityType: z.enum(['wechat', 'web']),
  userId: z.string(),
  serviceProviderId: z.string(),
  role: z.enum(USER_ROLES),
  userName: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
});
export type SessionDoc = z.infer<typeof sessionSchema>;

export const sessions = declareCollection({
  collectionName: 'sessions',
  description: '登录绑定（OPENID / uid → 账号），滑动过期',
  schema: sessionSchema,
  createIndexes: [index('by_user', ['userId', 1])],
  ...FUNCTIONS_ONLY,
});

/**
 * Failed-login counters, per account (`user:<id>`) and per caller (`caller:<identity key>`), for lockout;
 * and the same counters as quotas of other public actions (`reset-caller:…`, `reset-name:…`,
 * `register-caller:…`: auth/throttle.ts).
 */
export const loginGuardSchema = z.object({
  _id: z.string(),
  failures: z.number().int(),
  windowStartedAt: z.date(),
  lockedUntil: z.date().nullable(),
  updatedAt: z.date(),
});
export type LoginGuardDoc = z.infer<typeof loginGuardSchema>;

export const loginGuards = declareCollection({
  collectionName: 'login_guards',
  description: '登录失败计数与锁定（按账号、按调用方），以及忘记密码、注册的频率限制',
  schema: loginGuardSchema,
  createIndexes: [],
  ...FUNCTIONS_ONLY,
});
