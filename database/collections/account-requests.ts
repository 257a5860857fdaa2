import * as z from 'zod';
import { PASSWORD_RESET_CHANNELS, PASSWORD_RESET_STATUSES, USER_ROLES } from '@partner-desk/contract';
import { declareCollection, FUNCTIONS_ONLY, index, uniqueIndex } from '../declaration';

/**
 * A self-service password reset request (忘记密码), completed by the provider's admin in the app or by HQ
 * in the console. `openKey` is the user's id while the request is pending and `done:<_id>` once it is
 * completed: its unique index keeps at most one pending request per user, so repeated requests (or two at
 * once) never pile up.
 */
export const passwordResetSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  providerName: z.string(),
  userId: z.string(),
  username: z.string(),
  userName: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(PASSWORD_RESET_STATUSES),
  openKey: z.string(),
  requestedAt: z.date(),
  lastRequestedAt: z.date(),
  requestCount: z.number().int().min(1),
  completedAt: z.date().nullable(),
  completedById: z.string().nullable(),
  completedByName: z.string().nullable(),
  completedVia: z.enum(PASSWORD_RESET_CHANNELS).nullable(),
  updatedAt: z.date(),
});
export type PasswordResetDoc = z.infer<typeof passwordResetSchema>;

export const passwordResets = declareCollection({
  collectionName: 'password_resets',
  description: '忘记密码的重置申请（服务商管理员或总部处理）',
  schema: passwordResetSchema,
  createIndexes: [
    uniqueIndex('uniq_open_key', ['openKey', 1]),
    index('by_provider_status_requested', ['serviceProviderId', 1], ['status', 1], ['lastRequestedAt', -1]),
    // The console lists every provider's pending requests.
    index('by_status_requested', ['status', 1], ['lastRequestedAt', -1]),
  ],
  ...FUNCTIONS_ONLY,
});

/** What is stored of an invite; `expired` is derived from expiresAt when it is shown. */
export const STORED_INVITE_STATUSES = ['active', 'used', 'revoked'] as const;

/**
 * An invite code (注册邀请码) a provider's admin hands to a new agent. `_id` is `inv_<code>`: a code is
 * looked up by _id before any tenant is known (auth.register), and two codes can never collide. Used
 * once: registering reads and writes it in one transaction.
 */
export const inviteSchema = z.object({
  _id: z.string(),
  serviceProviderId: z.string(),
  code: z.string(),
  role: z.enum(USER_ROLES),
  note: z.string().nullable(),
  status: z.enum(STORED_INVITE_STATUSES),
  createdById: z.string(),
  createdByName: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  usedAt: z.date().nullable(),
  usedByUserId: z.string().nullable(),
  usedByUsername: z.string().nullable(),
  usedByName: z.string().nullable(),
  revokedAt: z.date().nullable(),
  updatedAt: z.date(),
});
export type InviteDoc = z.infer<typeof inviteSchema>;

export const invites = declareCollection({
  collectionName: 'invites',
  description: '注册邀请码（一次有效，7 天过期）',
  schema: inviteSchema,
  createIndexes: [
    index('by_provider_created', ['serviceProviderId', 1], ['createdAt', -1]),
    // Lists filtered by status (active ones split into usable and expired by expiresAt) and the admin's count.
    index('by_provider_status_expires', ['serviceProviderId', 1], ['status', 1], ['expiresAt', -1]),
  ],
  ...FUNCTIONS_ONLY,
});
