import { createRouter, readCallerContext } from '@partner-desk/shared';
import { customersActions } from '@partner-desk/shared/customers';

/** customers: list, detail, tickets, usageScore of the caller's own customers. */
export const actions = customersActions;
export const main = createRouter(actions, { resolveCaller: readCallerContext });
