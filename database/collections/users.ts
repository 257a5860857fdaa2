import * as z from 'zod';
import { notificationSettingsSchema, USER_ROLES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

/** A person who signs in for a provider. The password is only ever stored as a scrypt hash. */
export const userSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  username: z.string(),
  /** scrypt$N$r$p$salt$hash */
  passwordHash: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(['active', 'disabled']),
  phone: z.string().optional(), // enc:v1:…
  /** Set when the phone came from WeChat (profile.bindPhone); cleared when the user types another one. */
  phoneBoundAt: z.date().nullable().optional(),
  email: z.string().optional(), // enc:v1:…
  notificationSettings: notificationSettingsSchema,
  passwordChangedAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type UserDoc = z.infer<typeof userSchema>;

export const users = declareCollection({
  collectionName: 'users',
  description: '服务商账号（用户名 + scrypt 密码哈希，角色 admin/agent）',
  schema: userSchema,
  createIndexes: [uniqueIndex('uniq_username', ['username', 1]), index('by_provider_role', ['serviceProviderId', 1], ['role', 1])],
  ...FUNCTIONS_ONLY,
});
