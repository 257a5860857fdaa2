/**
 * What is wrong with a body, as a 400 answer says it: one line per problem, with the path of the field
 * (`data.customerExternalId`, `transcript.0.timestamp`) and zod's message. Client-safe.
 */
import type * as z from 'zod';

export interface ProtocolIssue {
  /** Dotted path of the field, `(body)` for the body itself. */
  path: string;
  message: string;
}

export function describeIssues(error: z.ZodError): ProtocolIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.length ? issue.path.map(String).join('.') : '(body)', message: issue.message }));
}

/** Parses `value` with `schema`: the value, or the issues a 400 answer lists. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; issues: ProtocolIssue[] } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: describeIssues(parsed.error) };
}
