import * as z from 'zod';

/** A document id in a payload: bounded, so an operator object or a megabyte string never reaches a query. */
export const documentIdSchema = z.string().trim().min(1).max(64);

/** `page` from 1, `pageSize` 1..50 (default 20): every list action takes these. */
export const pagingSchema = z.object({
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(50).default(20),
});
export type Paging = z.output<typeof pagingSchema>;

/** An action that takes nothing: `{}` (or no payload at all). */
export const emptyPayloadSchema = z.object({}).strict();
export type EmptyPayload = z.input<typeof emptyPayloadSchema>;

/** An action that answers nothing but success: `{}`. */
export const emptyResultSchema = z.strictObject({});

/** Times on the wire are ISO-8601 strings (UTC, as Date.prototype.toISOString writes them). */
export const isoTimeSchema = z.iso.datetime();
/** An ISO time, or null when the moment has not happened (never resolved, never active …). */
export const optionalIsoTimeSchema = isoTimeSchema.nullable();

/** A page of a list: `{ <items>: T[], total, page, pageSize }`, as every list action answers. */
export function pageResultSchema<K extends string, T extends z.ZodType>(itemsKey: K, item: T) {
  return z.strictObject({
    ...({ [itemsKey]: z.array(item) } as { [P in K]: z.ZodArray<T> }),
    total: z.number().int().min(0).describe('符合条件的总数'),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });
}

/** What docs/api.md says of CONFLICT for an action whose transaction retries on conflict. */
export const CONFLICT_AFTER_RETRIES = '并发冲突重试后仍失败，请重试';
