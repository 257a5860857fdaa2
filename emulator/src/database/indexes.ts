/** A secondary (or the `_id`) index: sorted [keyTuple, id] entries, kept in step with every write. */
import type { IndexDeclaration } from '../types';
import { compareValues, typeRank } from './bson-order';
import { extractKeys } from './index-keys';
import { ChunkedSortedList } from './sorted-list';
import { keyString } from './values';

export interface IndexEntry {
  key: unknown[];
  id: string;
}

/** Bounds of a scan: equality values for the leading keys, then an optional range on the next key. */
export interface ScanBounds {
  equal: unknown[];
  range?: { low?: { value: unknown; inclusive: boolean }; high?: { value: unknown; inclusive: boolean } };
}

export class CollectionIndex {
  private readonly entries: ChunkedSortedList<IndexEntry>;
  /** A document's entries; the lone entry of a document without arrays is stored bare (see remember). */
  private readonly keysById = new Map<string, IndexEntry | IndexEntry[]>();
  private multikeyDocuments = new Set<string>();
  private readonly directions: number[];

  constructor(readonly declaration: IndexDeclaration) {
    this.directions = declaration.keys.map((k) => k.direction);
    this.entries = new ChunkedSortedList(entryOrder(this.directions));
  }

  get name(): string {
    return this.declaration.name;
  }

  get unique(): boolean {
    return this.declaration.unique;
  }

  /** Sorting by a multikey index would list a document once per element, so the planner avoids that. */
  get multikey(): boolean {
    return this.multikeyDocuments.size > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  keysOf(doc: Record<string, unknown>): unknown[][] {
    return extractKeys(doc, this.declaration.keys).tuples;
  }

  /** Bulk build from existing documents (open, import, createIndex). */
  load(docs: Iterable<[string, Record<string, unknown>]>): void {
    const all: IndexEntry[] = [];
    this.keysById.clear();
    this.multikeyDocuments.clear();
    for (const [id, doc] of docs) {
      const entries = this.entriesFor(id, doc);
      this.remember(id, entries);
      for (const entry of entries) all.push(entry);
    }
    this.entries.load(all);
  }

  put(id: string, doc: Record<string, unknown>): void {
    const next = this.entriesFor(id, doc);
    const previous = this.remembered(id);
    if (previous && sameKeys(previous, next)) return;
    if (previous) for (const entry of previous) this.entries.remove(entry);
    // Placed at the next read of the index: bulk writes that nobody reads in between sort once.
    this.entries.insertLater(next);
    this.remember(id, next);
  }

  /** Entries written but not yet in place (see ChunkedSortedList.insertLater). */
  get unplaced(): number {
    return this.entries.unplaced;
  }

  settle(): void {
    this.entries.settle();
  }

  /**
   * Applies many writes at once. A large batch relative to the index (a seed import) re-sorts everything
   * in one go instead of paying a binary-search insert per entry.
   */
  putMany(writes: { id: string; doc: Record<string, unknown> | null }[]): void {
    if (writes.length < 256 || writes.length * 8 < this.entries.size) {
      for (const { id, doc } of writes) {
        if (doc) this.put(id, doc);
        else this.delete(id);
      }
      return;
    }
    const touched = new Set(writes.map((w) => w.id));
    const kept: IndexEntry[] = [];
    for (const entry of this.entries.forward()) if (!touched.has(entry.id)) kept.push(entry);
    for (const { id, doc } of writes) {
      if (doc) {
        const entries = this.entriesFor(id, doc);
        this.remember(id, entries);
        for (const entry of entries) kept.push(entry);
      } else {
        this.keysById.delete(id);
        this.multikeyDocuments.delete(id);
      }
    }
    this.entries.load(kept);
  }

  delete(id: string): void {
    const previous = this.remembered(id);
    if (!previous) return;
    for (const entry of previous) this.entries.remove(entry);
    this.keysById.delete(id);
    this.multikeyDocuments.delete(id);
  }

  /** Ids whose key tuple equals `key` exactly (unique checks). */
  idsWithKey(key: unknown[]): string[] {
    const ids: string[] = [];
    for (const id of this.scan({ equal: key }, false)) ids.push(id);
    return ids;
  }

  /** Ids in index order (or reverse) within the bounds; an id repeats for multikey documents. */
  *scan(bounds: ScanBounds, reverse: boolean): Generator<string> {
    const { beforeStart, afterEnd } = this.boundPredicates(bounds);
    if (!reverse) {
      for (const entry of this.entries.forward(this.entries.lowerBound(beforeStart))) {
        if (afterEnd(entry)) return;
        yield entry.id;
      }
    } else {
      for (const entry of this.entries.backward(this.entries.lowerBound((e) => !afterEnd(e)))) {
        if (beforeStart(entry)) return;
        yield entry.id;
      }
    }
  }

  /** Number of entries within the bounds, from two binary searches: no entry is visited. */
  countInBounds(bounds: ScanBounds): number {
    const { beforeStart, afterEnd } = this.boundPredicates(bounds);
    return this.entries.distance(this.entries.lowerBound(beforeStart), this.entries.lowerBound((e) => !afterEnd(e)));
  }

  /**
   * Two predicates, monotonic over the index order, that delimit the bounds: entries before the start,
   * and entries past the end.
   */
  private boundPredicates(bounds: ScanBounds): { beforeStart: (e: IndexEntry) => boolean; afterEnd: (e: IndexEntry) => boolean } {
    const p = bounds.equal.length;
    const direction = this.directions[p] ?? 1;
    const prefixCompare = (entry: IndexEntry): number => {
      for (let i = 0; i < p; i++) {
        const c = compareValues(entry.key[i], bounds.equal[i]) * this.directions[i];
        if (c !== 0) return c;
      }
      return 0;
    };
    // Bounds in index order: with a descending key the high value comes first.
    const range = bounds.range;
    const start = range ? (direction === 1 ? range.low : range.high) : undefined;
    const end = range ? (direction === 1 ? range.high : range.low) : undefined;
    // A one-sided range still stays within its type bracket ($gt: 5 never matches strings).
    const bracket = range ? typeRank((range.low ?? range.high)!.value) : undefined;
    const componentOrder = (entry: IndexEntry, bound: unknown): number => compareValues(entry.key[p], bound) * direction;
    const beforeStart = (entry: IndexEntry): boolean => {
      const c = prefixCompare(entry);
      if (c !== 0) return c < 0;
      if (!range) return false;
      const rank = typeRank(entry.key[p]);
      if (rank !== bracket) return (rank - bracket!) * direction < 0;
      if (!start) return false;
      const s = componentOrder(entry, start.value);
      return s < 0 || (s === 0 && !start.inclusive);
    };
    const afterEnd = (entry: IndexEntry): boolean => {
      const c = prefixCompare(entry);
      if (c !== 0) return c > 0;
      if (!range) return false;
      const rank = typeRank(entry.key[p]);
      if (rank !== bracket) return (rank - bracket!) * direction > 0;
      if (!end) return false;
      const e = componentOrder(entry, end.value);
      return e > 0 || (e === 0 && !end.inclusive);
    };
    return { beforeStart, afterEnd };
  }

  /** Every id in index order, for sort-only plans. */
  *all(reverse: boolean): Generator<string> {
    for (const entry of reverse ? this.entries.backward() : this.entries.forward()) yield entry.id;
  }

  /**
   * Nearly every document has one entry per index; keeping it without a one-element array saves an
   * object per document and index (millions in a large seed, all of which the GC walks).
   */
  private remember(id: string, entries: IndexEntry[]): void {
    this.keysById.set(id, entries.length === 1 ? entries[0] : entries);
  }

  private remembered(id: string): IndexEntry[] | undefined {
    const stored = this.keysById.get(id);
    return stored === undefined || Array.isArray(stored) ? stored : [stored];
  }

  private entriesFor(id: string, doc: Record<string, unknown>): IndexEntry[] {
    const { tuples, multikey } = extractKeys(doc, this.declaration.keys);
    if (multikey) this.multikeyDocuments.add(id);
    else this.multikeyDocuments.delete(id);
    return tuples.map((key) => ({ key, id }));
  }
}

/**
 * Entry order: key tuple, each component in its direction, then id. Strings, numbers and dates (nearly
 * every indexed value) compare inline and only anything else takes the full BSON order: sorting the
 * entries a bulk load deferred (millions at the first read) is a fifth faster.
 */
function entryOrder(directions: number[]): (a: IndexEntry, b: IndexEntry) => number {
  const n = directions.length;
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const c = compareKeyComponent(a.key[i], b.key[i]);
      if (c !== 0) return c * directions[i];
    }
    return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
  };
}

function compareKeyComponent(x: unknown, y: unknown): number {
  if (typeof x === 'string') {
    if (typeof y === 'string') return x === y ? 0 : x < y ? -1 : 1;
  } else if (typeof x === 'number') {
    // NaN has its own place in the order: left to compareValues.
    if (typeof y === 'number' && x === x && y === y) return x < y ? -1 : x > y ? 1 : 0;
  } else if (x instanceof Date && y instanceof Date) {
    const tx = x.getTime();
    const ty = y.getTime();
    if (tx === tx && ty === ty) return tx < ty ? -1 : tx > ty ? 1 : 0;
  }
  return compareValues(x, y);
}

function sameKeys(a: IndexEntry[], b: IndexEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (keyString(a[i].key) !== keyString(b[i].key)) return false;
  return true;
}
