import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { showOverview } from '@partner-desk/shared/dashboard';

/** dashboard: the home page's overview of the caller's provider. */
export const handlers = {
  overview: showOverview,
} satisfies FunctionHandlers<'dashboard'>;

export const main = createRouter(CONTRACT.dashboard, handlers, { resolveCaller: readCallerContext });
