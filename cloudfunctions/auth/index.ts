import { createRouter, readCallerContext } from '@partner-desk/shared';
import { authActions } from '@partner-desk/shared/auth';

/** auth: login / wxLogin / logout / refresh / changePassword; identity comes from the invocation context. */
export const actions = authActions;

export const main = createRouter(actions, { resolveCaller: readCallerContext });
