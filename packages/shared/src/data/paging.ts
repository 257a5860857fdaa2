import { z } from 'zod';

/** `page` from 1, `pageSize` 1..50 (default 20): every list action takes these. */
export const pagingSchema = z.object({
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(50).default(20),
});
export type Paging = z.infer<typeof pagingSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = ({ page, pageSize }: Paging) => (page - 1) * pageSize;
