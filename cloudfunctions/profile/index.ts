import { createRouter, readCallerContext } from '@partner-desk/shared';
import { profileActions } from '@partner-desk/shared/profile';

/** profile: the signed-in user's own account, provider info and notification switches. */
export const actions = profileActions;

export const main = createRouter(actions, { resolveCaller: readCallerContext });
