import * as z from 'zod';
import { DEFAULT_MESSAGES, type ActionName, type ActionSpecOf, type ActionResult, type ActionSpec, type Contract, type FunctionName, type FunctionSpec, type HandlerPayloadOf, type ResultDataOf } from '@partner-desk/contract';
import type { CallerContext } from './caller';
import { AppError } from './errors';
import { requireSession, type ResolvedSession } from './identity/sessions';
import { fail, ok } from './result';

/**
 * A handler of one action, typed from its contract entry: the payload as the router parsed it, the
 * answer as the contract's result schema says. A tenant action also gets the caller's session (the
 * router resolved it, checked the roles, and slides it alongside the handler).
 */
export type Handler<S extends ActionSpec> = S['access'] extends 'tenant'
  ? (payload: HandlerPayloadOf<S>, session: ResolvedSession, caller: CallerContext) => Promise<ResultDataOf<S>>
  : (payload: HandlerPayloadOf<S>, caller: CallerContext) => Promise<ResultDataOf<S>>;

/** Exactly one handler per action of the function's contract: a missing or unknown action is a compile error. */
export type HandlersOf<F extends FunctionSpec> = { [A in keyof F['actions']]: Handler<F['actions'][A]> };

/** The handler table of a contract function, e.g. `FunctionHandlers<'tickets'>`. */
export type FunctionHandlers<N extends FunctionName> = HandlersOf<Contract[N]>;

/** One handler of a contract action, e.g. `ActionHandler<'tickets', 'reply'>`. */
export type ActionHandler<N extends FunctionName, A extends ActionName<N>> = Handler<ActionSpecOf<N, A>>;

const envelopeSchema = z.object({
  action: z.string().min(1).max(64),
  payload: z.unknown().optional(),
});

/** Turns a zod failure into field paths and messages a client can show next to inputs. */
function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

export interface RouterOptions {
  /** Resolves who is calling; each function entry passes the platform's context reader. */
  resolveCaller: () => CallerContext | Promise<CallerContext>;
  /** Resolves a tenant action's session (default: the caller's bound session, UNAUTHENTICATED otherwise). */
  resolveSession?: (caller: CallerContext) => Promise<ResolvedSession>;
  /** Where unexpected errors are logged (the function's console by default). */
  logError?: (err: unknown, action: string) => void;
}

type AnyHandler = (payload: unknown, ...rest: unknown[]) => Promise<unknown>;

/** Runs one action under its contract's access rule: public, a signed-in provider user (with roles), or the console only. */
async function runWithAccess(spec: ActionSpec, handler: AnyHandler, payload: unknown, caller: CallerContext, options: RouterOptions): Promise<unknown> {
  switch (spec.access) {
    case 'public':
      return handler(payload, caller);
    case 'console':
      if (!caller.isConsole) throw new AppError('PERMISSION_DENIED', '仅限管理控制台调用');
      return handler(payload, caller);
    case 'tenant': {
      const session = await (options.resolveSession ?? requireSession)(caller);
      if (spec.roles && !spec.roles.includes(session.role)) throw new AppError('PERMISSION_DENIED', '当前角色无权执行此操作');
      // The session's sliding write runs alongside the handler, not before it.
      const [result] = await Promise.all([handler(payload, session, caller), session.slide()]);
      return result;
    }
  }
}

/**
 * A cloud function's entry, built from its contract: `{ action, payload }` in, `{ ok, data | error }` out.
 * Unknown actions and invalid payloads are typed errors; access follows the contract; unexpected
 * exceptions are logged and answered as INTERNAL without their message or stack, so nothing internal
 * reaches a client.
 */
export function createRouter<F extends FunctionSpec>(fn: F, handlers: HandlersOf<F>, options: RouterOptions) {
  const table = handlers as unknown as Record<string, AnyHandler>;
  // The types already demand one handler per action; a JavaScript caller fails here, at load, not at its first call.
  const missing = Object.keys(fn.actions).filter((name) => typeof table[name] !== 'function');
  const unknown = Object.keys(table).filter((name) => !Object.prototype.hasOwnProperty.call(fn.actions, name));
  if (missing.length || unknown.length) throw new Error(`handler table does not match the contract: missing [${missing.join(', ')}], unknown [${unknown.join(', ')}]`);

  return async function main(event: unknown): Promise<ActionResult<unknown>> {
    const envelope = envelopeSchema.safeParse(event);
    if (!envelope.success) return fail('INVALID_ARGUMENT', '请求格式不正确：需要 action 与 payload', describeIssues(envelope.error));
    const { action: name, payload } = envelope.data;
    const spec: ActionSpec | undefined = Object.prototype.hasOwnProperty.call(fn.actions, name) ? fn.actions[name] : undefined;
    if (!spec) return fail('UNSUPPORTED_ACTION', `不支持的操作：${name}`);
    const parsed = (spec.edgePayload ?? spec.payload).safeParse(payload ?? {});
    if (!parsed.success) return fail('INVALID_ARGUMENT', DEFAULT_MESSAGES.INVALID_ARGUMENT, describeIssues(parsed.error));
    try {
      const caller = await options.resolveCaller();
      return ok(await runWithAccess(spec, table[name], parsed.data, caller, options));
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message, err.details);
      (options.logError ?? ((e, a) => console.error(`[${a}] unexpected error`, e)))(err, name);
      return fail('INTERNAL', DEFAULT_MESSAGES.INTERNAL);
    }
  };
}
