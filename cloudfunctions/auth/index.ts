import { CONTRACT } from '@partner-desk/contract';
import { createRouter, readCallerContext, type FunctionHandlers } from '@partner-desk/shared';
import { changePassword, refreshSession, register, requestPasswordReset, signIn, signInWithWeChat, signOut } from '@partner-desk/shared/auth';

/** auth: identity comes from the invocation context (OPENID or the web uid), never from the payload. */
export const handlers = {
  login: signIn,
  wxLogin: signInWithWeChat,
  logout: signOut,
  refresh: refreshSession,
  changePassword,
  requestPasswordReset,
  register,
} satisfies FunctionHandlers<'auth'>;

export const main = createRouter(CONTRACT.auth, handlers, { resolveCaller: readCallerContext });
