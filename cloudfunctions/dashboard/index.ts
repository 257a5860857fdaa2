import { createRouter, readCallerContext } from '@partner-desk/shared';
import { dashboardActions } from '@partner-desk/shared/dashboard';

/** dashboard: the home page's overview of the caller's provider. */
export const actions = dashboardActions;
export const main = createRouter(actions, { resolveCaller: readCallerContext });
