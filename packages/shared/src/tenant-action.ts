import type { z } from 'zod';
import { defineAction, type Action, type ActionDoc, type CallerContext } from './action';
import { AppError } from './errors';
import { requireSession, type ResolvedSession } from './identity/sessions';

/**
 * An action for a signed-in provider user: resolves the session (UNAUTHENTICATED otherwise) and hands
 * the handler the tenant; the session's sliding write runs alongside the handler, not before it.
 */
export function defineTenantAction<S extends z.ZodType, R>(
  schema: S,
  handler: (payload: z.infer<S>, session: ResolvedSession, caller: CallerContext) => Promise<R>,
  options: { roles?: ResolvedSession['role'][]; doc?: ActionDoc } = {},
): Action<S, R> {
  const action = defineAction(
    schema,
    async (payload, caller) => {
      const session = await requireSession(caller);
      if (options.roles && !options.roles.includes(session.role)) throw new AppError('PERMISSION_DENIED', '当前角色无权执行此操作');
      const [result] = await Promise.all([handler(payload, session, caller), session.slide()]);
      return result;
    },
    options.doc,
  );
  return { ...action, access: 'tenant', roles: options.roles };
}

/** An action only the console (no end-user identity) may call, e.g. the admin function. */
export function defineConsoleAction<S extends z.ZodType, R>(schema: S, handler: (payload: z.infer<S>, caller: CallerContext) => Promise<R>, doc?: ActionDoc): Action<S, R> {
  const action = defineAction(
    schema,
    async (payload, caller) => {
      if (!caller.isConsole) throw new AppError('PERMISSION_DENIED', '仅限管理控制台调用');
      return handler(payload, caller);
    },
    doc,
  );
  return { ...action, access: 'console' };
}
