/**
 * Where the sync reads the existing system's feed next, and which rows of a page are new: pure.
 *
 * The feed (`GET /customers?updatedSince=&page=&pageSize=`) lists customers with updatedAt >= updatedSince,
 * ordered by (updatedAt, externalId), in numbered pages. Page numbers over a feed that changes while it is
 * read can skip a row: an edit moves a customer to the end (a new updatedAt), so every row after its old
 * place moves back one, and the row that was first on the next page is now last on the page already read.
 * So the sync does not walk page numbers; it walks the feed's own order (a keyset):
 *
 *  - It keeps `lastKey`, the (updatedAt, externalId) of the last row it applied, and asks for page 1 of
 *    `updatedSince = lastKey.updatedAt` each time. Page 1 of a window always starts at the window's first
 *    row, so no shift can hide anything: a row not applied yet either sits after lastKey in the order or,
 *    edited, has a newer updatedAt, and both come back. Rows at or before lastKey (updatedSince is
 *    inclusive, so the instant of lastKey is read again) are skipped.
 *  - Only when a whole page shares one instant (more customers stamped in one instant than a page holds,
 *    as a bulk load may) does the keyset not move, and the sync takes page 2, 3 … of that instant. There a
 *    shift can happen, so after each such page it reads the page before it again ("look-back") and takes
 *    the rows it had not seen; rows only ever move back, so looking back until a page holds a row it had
 *    applied finds every one (fetchPagesWithLookBack).
 * Every position is saved after its page is applied: a run killed at any point resumes there, and a row
 * applied twice is harmless (the upsert ignores a version it has).
 */
import type { ExistingSystemCustomer } from '@partner-desk/pc-protocol';

export interface FeedKey {
  updatedAt: string;
  externalId: string;
}

export interface FeedPosition {
  /** updatedSince of the next request (null: from the start of the feed). */
  since: string | null;
  /** Page of that window: 1, unless a whole page shared the instant `since`. */
  page: number;
  /** The last row applied, in the feed's order. */
  lastKey: FeedKey | null;
}

export const START: FeedPosition = { since: null, page: 1, lastKey: null };

const time = (iso: string) => Date.parse(iso);

export const keyOf = (row: Pick<ExistingSystemCustomer, 'updatedAt' | 'externalId'>): FeedKey => ({ updatedAt: new Date(row.updatedAt).toISOString(), externalId: row.externalId });

/** The feed's order: updatedAt, then externalId. */
export function compareKeys(a: FeedKey, b: FeedKey): number {
  return time(a.updatedAt) - time(b.updatedAt) || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);
}

/** Rows after `lastKey` in the feed's order (not applied yet), each once, in that order. */
export function rowsAfter(rows: readonly ExistingSystemCustomer[], lastKey: FeedKey | null): ExistingSystemCustomer[] {
  const seen = new Set<string>();
  return rows
    .filter((row) => !lastKey || compareKeys(keyOf(row), lastKey) > 0)
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b)))
    .filter((row) => {
      const key = `${keyOf(row).updatedAt}\u0000${row.externalId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A looked-back page holds a row at or before `lastKey`: the rows before it were all seen, look no further back. */
export const reachesApplied = (rows: readonly ExistingSystemCustomer[], lastKey: FeedKey | null): boolean =>
  !lastKey || rows.some((row) => compareKeys(keyOf(row), lastKey) <= 0);

/**
 * Where to read after a page: the keyset moves to the newest row read (page 1 of its instant) unless every
 * row of the page shares the instant already asked for, then the next page of that instant. `done` when
 * the feed said no more.
 */
export function positionAfter(position: FeedPosition, page: readonly ExistingSystemCustomer[], newest: FeedKey | null, hasMore: boolean): { position: FeedPosition; done: boolean } {
  const lastKey = newest && (!position.lastKey || compareKeys(newest, position.lastKey) > 0) ? newest : position.lastKey;
  if (!hasMore) return { position: { since: lastKey?.updatedAt ?? position.since, page: 1, lastKey }, done: true };
  const pageLast = page.length ? keyOf(page[page.length - 1]) : null;
  const sameInstant = pageLast !== null && position.since !== null && time(pageLast.updatedAt) <= time(position.since);
  if (sameInstant || !lastKey) return { position: { since: position.since, page: position.page + 1, lastKey }, done: false };
  return { position: { since: lastKey.updatedAt, page: 1, lastKey }, done: false };
}
