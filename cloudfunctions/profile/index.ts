import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { showProfile, updateNotificationSettings, updateProfile } from '@partner-desk/shared/profile';

/** profile: the signed-in user's own account, provider info and notification switches. */
export const handlers = {
  get: showProfile,
  update: updateProfile,
  settings: updateNotificationSettings,
} satisfies FunctionHandlers<'profile'>;

export const main = createRouter(CONTRACT.profile, handlers, { resolveCaller: readCallerContext });
