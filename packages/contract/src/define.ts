import type * as z from 'zod';
import type { UserRole } from './enums';
import type { ErrorCode } from './errors';

/** Who may call an action: anyone (health, sign-in), a signed-in provider user, or only the console. */
export type ActionAccess = 'public' | 'tenant' | 'console';

/**
 * One action of the contract: what the client sends (`payload`), what a success carries (`result`), who
 * may call it, and what docs/api.md says about it. The function's router parses `edgePayload` when it is
 * given (a deliberately looser schema, e.g. import rows validated one by one so an error can name its
 * row); clients are typed by `payload` either way.
 */
export interface ActionSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  payload: P;
  edgePayload?: z.ZodType;
  result: R;
  access: ActionAccess;
  /** Roles allowed besides being signed in (tenant actions only); any role when absent. */
  roles?: readonly UserRole[];
  /** One or two sentences: what the action does (Chinese). */
  summary: string;
  /** Error codes this action answers besides the generic ones, and when. */
  errors?: Partial<Record<ErrorCode, string>>;
}

/** A cloud function: its actions by name, and one line for docs/api.md. */
export interface FunctionSpec<A extends Record<string, ActionSpec> = Record<string, ActionSpec>> {
  description: string;
  actions: A;
}

/** Keeps the literal types of a function's action table (access, schemas) for the types below. */
export function defineFunction<const A extends Record<string, ActionSpec>>(description: string, actions: A): FunctionSpec<A> {
  return { description, actions };
}

/** The payload a client writes (defaults may be left out). */
export type PayloadInputOf<S extends ActionSpec> = z.input<S['payload']>;
/** The payload a handler receives: parsed by the router (defaults filled in). */
export type HandlerPayloadOf<S extends ActionSpec> = S extends { edgePayload: infer E extends z.ZodType } ? z.output<E> : z.output<S['payload']>;
/** The `data` of a successful answer. */
export type ResultDataOf<S extends ActionSpec> = z.output<S['result']>;
