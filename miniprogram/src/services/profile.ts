import type {
  InviteView,
  NotificationSettings,
  NotificationSettingsPayload,
  PasswordResetView,
  ProfileResult,
  RecordSubscribeAcceptsPayload,
  SubscriptionView,
  UpdateProfilePayload,
} from '@partner-desk/contract';
import { request } from './cloud';

export type { InviteView, NotificationSettings, PasswordResetView, ProfileResult, SubscriptionView };

/** profile.get: everything 我的 shows (account, provider, switches, subscriptions, admin to-dos, 关于) in one call. */
export const fetchProfile = () => request('profile', 'get');
export const updateProfile = (input: UpdateProfilePayload) => request('profile', 'update', input);
/** Changes only the switches given; answers all of them as stored. */
export const updateNotificationSettings = (changes: NotificationSettingsPayload) => request('profile', 'settings', changes);
/** The code of WeChat's getPhoneNumber button, exchanged by the function through cloud.openapi. */
export const bindPhone = (code: string) => request('profile', 'bindPhone', { code });
/** What the user answered in WeChat's subscribe dialog; each accept allows one message (idempotent per requestId). */
export const recordSubscribeAccepts = (input: RecordSubscribeAcceptsPayload) => request('profile', 'recordSubscribeAccepts', input);

// The provider's admin only.
export const listPasswordResets = (status: 'pending' | 'completed', page: number, pageSize: number) => request('profile', 'passwordResets', { status, page, pageSize });
export const completePasswordReset = (requestId: string, newPassword: string) => request('profile', 'completePasswordReset', { requestId, newPassword });
export const createInvite = (note?: string) => request('profile', 'createInvite', note ? { note } : {});
export const listInvites = (page: number, pageSize: number) => request('profile', 'invites', { page, pageSize });
export const revokeInvite = (code: string) => request('profile', 'revokeInvite', { code });
