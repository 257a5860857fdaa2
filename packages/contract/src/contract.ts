import type { ActionSpec, HandlerPayloadOf, PayloadInputOf, ResultDataOf } from './define';
import { admin } from './functions/admin';
import { auth } from './functions/auth';
import { chat } from './functions/chat';
import { customers } from './functions/customers';
import { dashboard } from './functions/dashboard';
import { health } from './functions/health';
import { messages } from './functions/messages';
import { profile } from './functions/profile';
import { tickets } from './functions/tickets';

/**
 * THE action table: cloud function → action → { payload, result, access, docs }. The functions' routers
 * are built from it, `callCloud` is typed from it, docs/api.md is generated from it.
 */
export const CONTRACT = { health, auth, dashboard, customers, tickets, messages, chat, profile, admin } as const;

export type Contract = typeof CONTRACT;
export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F]['actions'] & string;
export type ActionSpecOf<F extends FunctionName, A extends ActionName<F>> = Contract[F]['actions'][A] extends infer S extends ActionSpec ? S : never;

/** What a client sends to `F.A` (fields with defaults may be left out). */
export type PayloadOf<F extends FunctionName, A extends ActionName<F>> = PayloadInputOf<ActionSpecOf<F, A>>;
/** What `F.A`'s handler receives once the router has parsed the payload. */
export type ParsedPayloadOf<F extends FunctionName, A extends ActionName<F>> = HandlerPayloadOf<ActionSpecOf<F, A>>;
/** The `data` of a successful answer of `F.A`. */
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = ResultDataOf<ActionSpecOf<F, A>>;

export const FUNCTION_NAMES = Object.keys(CONTRACT) as FunctionName[];
