import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { createProviderAccount, createUserAccount, importProviderCustomers, listProviderPasswordResets, resetUserPassword } from '@partner-desk/shared/admin';

/** admin: console-only operations (the contract refuses every end user). */
export const handlers = {
  createProvider: createProviderAccount,
  createUser: createUserAccount,
  resetPassword: resetUserPassword,
  listPasswordResets: listProviderPasswordResets,
  importCustomers: importProviderCustomers,
} satisfies FunctionHandlers<'admin'>;

export const main = createRouter(CONTRACT.admin, handlers, { resolveCaller: readCallerContext });
