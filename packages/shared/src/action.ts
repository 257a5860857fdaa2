import { z } from 'zod';
import { AppError, DEFAULT_MESSAGES, type ErrorCode } from './errors';
import { fail, ok, type ActionResult } from './result';

/** What a handler learns about its caller: only what the platform says, never the payload. */
export interface CallerContext {
  /** WeChat caller (mini-program). */
  openId?: string;
  appId?: string;
  unionId?: string;
  /** CloudBase uid of a web caller (H5 build). */
  uid?: string;
  /** Set when the invocation has no end-user identity (console, another function, timer). */
  isConsole: boolean;
  /** CloudBase request id, for logs. */
  requestId?: string;
}

/**
 * What docs/api.md says about an action beyond its payload schema (scripts/generate-api-docs.ts renders
 * it): kept next to the action so the two change together.
 */
export interface ActionDoc {
  /** One or two sentences: what the action does, in Chinese or English. */
  summary: string;
  /** The `data` of a successful answer, e.g. `{ customers: Customer[], total, page, pageSize }`. */
  result: string;
  /** Error codes this action answers besides the generic ones, and when. */
  errors?: Partial<Record<ErrorCode, string>>;
  /** The payload as documented, when the routing schema is deliberately looser (e.g. rows validated one by one). */
  payload?: z.ZodType;
}

/** Who may call an action: anyone (health), a signed-in provider user, or only the console. */
export type ActionAccess = 'public' | 'tenant' | 'console';

export interface Action<S extends z.ZodType, R> {
  schema: S;
  handler: (payload: z.infer<S>, caller: CallerContext) => Promise<R>;
  doc?: ActionDoc;
  access?: ActionAccess;
  roles?: readonly string[];
}

/** Validate once at the edge: the schema parses the payload and types both the handler and the client. */
export function defineAction<S extends z.ZodType, R>(schema: S, handler: (payload: z.infer<S>, caller: CallerContext) => Promise<R>, doc?: ActionDoc): Action<S, R> {
  return { schema, handler, doc, access: 'public' };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<string, Action<any, unknown>>;

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
  /** Where unexpected errors are logged (the function's console by default). */
  logError?: (err: unknown, action: string) => void;
}

/**
 * A cloud function's entry: `{ action, payload }` in, `{ ok, data | error }` out. Unknown actions and
 * invalid payloads are typed errors; unexpected exceptions are logged and answered as INTERNAL without
 * their message or stack, so nothing internal reaches a client.
 */
export function createRouter(actions: ActionTable, options: RouterOptions) {
  return async function main(event: unknown): Promise<ActionResult<unknown>> {
    const envelope = envelopeSchema.safeParse(event);
    if (!envelope.success) return fail('INVALID_ARGUMENT', '请求格式不正确：需要 action 与 payload', describeIssues(envelope.error));
    const { action: name, payload } = envelope.data;
    const action = Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
    if (!action) return fail('UNSUPPORTED_ACTION', `不支持的操作：${name}`);
    const parsed = action.schema.safeParse(payload ?? {});
    if (!parsed.success) return fail('INVALID_ARGUMENT', DEFAULT_MESSAGES.INVALID_ARGUMENT, describeIssues(parsed.error));
    try {
      const caller = await options.resolveCaller();
      return ok(await action.handler(parsed.data, caller));
    } catch (err) {
      if (err instanceof AppError) return fail(err.code, err.message, err.details);
      (options.logError ?? ((e, a) => console.error(`[${a}] unexpected error`, e)))(err, name);
      return fail('INTERNAL', DEFAULT_MESSAGES.INTERNAL);
    }
  };
}
