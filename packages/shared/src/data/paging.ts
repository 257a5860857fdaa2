import type { Paging } from '@partner-desk/contract';

export type { Paging };

/** One page of documents and how many match in all. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = ({ page, pageSize }: Paging) => (page - 1) * pageSize;
