import { createRouter, readCallerContext } from '@partner-desk/shared';
import { adminActions } from '@partner-desk/shared/admin';

/** admin: console-only operations (providers, accounts, customer import); every end user is refused. */
export const actions = adminActions;

export const main = createRouter(actions, { resolveCaller: readCallerContext });
