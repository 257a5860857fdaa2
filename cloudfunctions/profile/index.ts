import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import {
  bindPhone,
  completePasswordReset,
  createInvite,
  listInvites,
  listPasswordResets,
  recordSubscribeAccepts,
  revokeInvite,
  showProfile,
  updateNotificationSettings,
  updateProfile,
} from '@partner-desk/shared/profile';

/** profile: the signed-in user's own account, switches, phone and subscribe credits; an admin's team tasks (password resets, invites). */
export const handlers = {
  get: showProfile,
  update: updateProfile,
  settings: updateNotificationSettings,
  bindPhone,
  passwordResets: listPasswordResets,
  completePasswordReset,
  createInvite,
  invites: listInvites,
  revokeInvite,
  recordSubscribeAccepts,
} satisfies FunctionHandlers<'profile'>;

export const main = createRouter(CONTRACT.profile, handlers, { resolveCaller: readCallerContext });
