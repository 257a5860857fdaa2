import type { ExistingSystemCustomer } from '@partner-desk/pc-protocol';
import { compareKeys, keyOf, positionAfter, reachesApplied, rowsAfter, START } from '../../src/sync/feed-position';

const T1 = '2026-12-01T00:00:00.000Z';
const T2 = '2026-12-02T00:00:00.000Z';
const T3 = '2026-12-03T00:00:00.000Z';
const row = (externalId: string, updatedAt: string) => ({ externalId, updatedAt }) as ExistingSystemCustomer;

/** The feed as the existing system serves it: updatedAt >= since, ordered by (updatedAt, externalId), numbered pages. */
function feed(rows: ExistingSystemCustomer[], since: string | null, page: number, size: number) {
  const window = rows.filter((r) => !since || Date.parse(r.updatedAt) >= Date.parse(since)).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  return { customers: window.slice((page - 1) * size, page * size), hasMore: page * size < window.length };
}

describe('the sync\'s position in the feed', () => {
  test('When keys are compared, then updatedAt orders first (as instants, whatever the offset), then externalId', () => {
    expect(compareKeys({ updatedAt: T1, externalId: 'B' }, { updatedAt: '2026-12-01T08:00:00+08:00', externalId: 'A' })).toBeGreaterThan(0);
    expect(compareKeys({ updatedAt: T1, externalId: 'Z' }, { updatedAt: T2, externalId: 'A' })).toBeLessThan(0);
    expect(keyOf(row('A', '2026-12-01T08:00:00+08:00'))).toEqual({ updatedAt: T1, externalId: 'A' });
  });

  test('When a page comes back, then only rows after the last one applied are new, once each, in the feed\'s order', () => {
    const rows = [row('C', T2), row('A', T1), row('B', T1), row('C', T2)];
    expect(rowsAfter(rows, { updatedAt: T1, externalId: 'A' }).map((r) => r.externalId)).toEqual(['B', 'C']);
    expect(rowsAfter(rows, null).map((r) => r.externalId)).toEqual(['A', 'B', 'C']);
  });

  test('When a page moves past the instant asked for, then the next read is page 1 from the newest row\'s instant; when a whole page shares it, the next page of it', () => {
    const first = positionAfter(START, [row('A', T1), row('B', T2)], { updatedAt: T2, externalId: 'B' }, true);
    expect(first).toEqual({ done: false, position: { since: T2, page: 1, lastKey: { updatedAt: T2, externalId: 'B' } } });
    const block = positionAfter({ since: T2, page: 1, lastKey: { updatedAt: T2, externalId: 'B' } }, [row('B', T2), row('C', T2)], { updatedAt: T2, externalId: 'C' }, true);
    expect(block).toEqual({ done: false, position: { since: T2, page: 2, lastKey: { updatedAt: T2, externalId: 'C' } } });
    const end = positionAfter({ since: T2, page: 2, lastKey: { updatedAt: T2, externalId: 'C' } }, [row('D', T3)], { updatedAt: T3, externalId: 'D' }, false);
    expect(end).toEqual({ done: true, position: { since: T3, page: 1, lastKey: { updatedAt: T3, externalId: 'D' } } });
  });

  test('When a page looked back at holds a row applied before, then the look-back stops there', () => {
    const lastKey = { updatedAt: T1, externalId: 'J' };
    expect(reachesApplied([row('J', T1), row('K', T1)], lastKey)).toBe(true);
    expect(reachesApplied([row('K', T1), row('L', T1)], lastKey)).toBe(false);
    expect(reachesApplied([], null)).toBe(true);
  });

  test('When rows are edited while the feed is read (moved to its end), then following the positions with the look-back still yields every row — page numbers alone would miss one', () => {
    // 25 rows in one instant (a bulk load), then 5 later ones; pages of 10.
    const rows = [...Array.from({ length: 25 }, (_, i) => row(`K${String(i).padStart(2, '0')}`, T1)), ...Array.from({ length: 5 }, (_, i) => row(`L${i}`, `2026-12-01T00:00:0${i + 1}.000Z`))];
    const edits: Record<number, string> = { 1: 'K03', 3: 'K15', 5: 'L1' }; // after the nth request, this row is edited
    let requests = 0;
    const serve = (since: string | null, page: number) => {
      const answer = feed(rows, since, page, 10);
      const edited = edits[++requests];
      if (edited) {
        const at = rows.findIndex((r) => r.externalId === edited);
        rows.push({ ...rows.splice(at, 1)[0], updatedAt: `2026-12-09T00:00:0${requests}.000Z` });
      }
      return answer;
    };
    const applied = new Map<string, string>();
    let position = START;
    // Two runs of the sync: an edit made after a run's last read is the next run's.
    for (let run = 0, step = 0; run < 2 && step < 30; step++) {
      const current = serve(position.since, position.page);
      const collected = [...current.customers];
      for (let page = position.page - 1; page >= 1; page--) {
        const earlier = serve(position.since, page).customers;
        collected.push(...earlier);
        if (reachesApplied(earlier, position.lastKey)) break;
      }
      const fresh = rowsAfter(collected, position.lastKey);
      for (const r of fresh) applied.set(r.externalId, r.updatedAt);
      const next = positionAfter(position, current.customers, fresh.length ? keyOf(fresh[fresh.length - 1]) : null, current.hasMore);
      position = next.position;
      if (next.done) run++;
    }
    // Every row, each in its latest version.
    expect([...applied.keys()].sort()).toEqual(rows.map((r) => r.externalId).sort());
    for (const r of rows) expect(applied.get(r.externalId)).toBe(r.updatedAt);

    // The same edits with plain page numbers over one window: a row slides onto a page already read and is never seen.
    const plain = [...Array.from({ length: 25 }, (_, i) => row(`K${String(i).padStart(2, '0')}`, T1))];
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const answer = feed(plain, null, page, 10);
      answer.customers.forEach((r) => seen.add(r.externalId));
      if (page === 1) plain.push({ ...plain.splice(3, 1)[0], updatedAt: T2 });
      if (!answer.hasMore) break;
    }
    expect(plain.filter((r) => !seen.has(r.externalId)).map((r) => r.externalId)).toEqual(['K10']);
  });
});
