import * as z from 'zod';
import { errorCodeSchema, type ErrorCode } from './errors';

export interface ActionError {
  code: ErrorCode;
  /** For people, in Chinese. */
  message: string;
  details?: unknown;
}

/** Every action answers in this shape: callers branch on `ok`, never on exceptions. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export const actionErrorSchema = z.strictObject({ code: errorCodeSchema, message: z.string(), details: z.unknown().optional() });

/** The answer of an action whose `data` is described by `data`: what a test checks a whole answer against. */
export const actionResultSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), data }), z.strictObject({ ok: z.literal(false), error: actionErrorSchema })]);
