/**
 * A sorted sequence stored as a list of bounded chunks (like Python's sortedcontainers): binary search
 * finds the chunk, and an insert only shifts one chunk, so building a 1M-entry index stays cheap without
 * the complexity of a B-tree.
 */

export interface Position {
  chunk: number;
  offset: number;
}

const MAX_CHUNK = 256;

export class ChunkedSortedList<T> {
  private placed: T[][] = [];
  /** Items added by insertLater, not yet in `placed`. */
  private pending: T[] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Every method reads the chunks through here, so none can see the list without what insertLater added. */
  private get chunks(): T[][] {
    if (this.pending.length > 0) this.placePending();
    return this.placed;
  }

  /** Replace the content with `items` (sorted here), far faster than inserting one by one. */
  load(items: T[]): void {
    items.sort(this.compare);
    this.pending = [];
    this.placed = [];
    for (let i = 0; i < items.length; i += MAX_CHUNK / 2) this.placed.push(items.slice(i, i + MAX_CHUNK / 2));
    this.count = items.length;
  }

  /**
   * Adds items that are only put in place by the next read. Writes between two reads then cost one sort
   * when there are many of them (a seed of a million tickets that never queries while loading) instead of
   * a binary-search insert each, which jumps around a large list and is bound by memory latency: sorting
   * 2M entries took a third of the time of inserting them one by one.
   */
  insertLater(items: T[]): void {
    for (const item of items) this.pending.push(item);
    this.count += items.length;
  }

  /** Entries added by insertLater and not yet in place. */
  get unplaced(): number {
    return this.pending.length;
  }

  /** Puts what insertLater added in place now, so that the next read doesn't pay for it. */
  settle(): void {
    if (this.pending.length > 0) this.placePending();
  }

  private placePending(): void {
    const pending = this.pending;
    this.pending = [];
    this.count -= pending.length;
    if (pending.length * 8 < this.count) {
      for (const item of pending) this.insert(item);
      return;
    }
    // The placed items form one sorted run, which the sort's run detection merges in a single pass.
    const all: T[] = [];
    for (const chunk of this.placed) for (const item of chunk) all.push(item);
    for (const item of pending) all.push(item);
    this.load(all);
  }

  insert(item: T): void {
    const chunks = this.chunks;
    this.count++;
    if (chunks.length === 0) {
      chunks.push([item]);
      return;
    }
    let c = this.firstChunkNotBefore((x) => this.compare(x, item) < 0);
    if (c === chunks.length) c--;
    const chunk = chunks[c];
    chunk.splice(lowerBoundIn(chunk, (x) => this.compare(x, item) < 0), 0, item);
    if (chunk.length > MAX_CHUNK) chunks.splice(c, 1, chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
  }

  /** Removes the element comparing equal to `item`; false when absent. */
  remove(item: T): boolean {
    const c = this.firstChunkNotBefore((x) => this.compare(x, item) < 0);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c];
    const i = lowerBoundIn(chunk, (x) => this.compare(x, item) < 0);
    if (i === chunk.length || this.compare(chunk[i], item) !== 0) return false;
    chunk.splice(i, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
    this.count--;
    return true;
  }

  /** First position whose element is not `isBefore` (the predicate must be monotonic over the order). */
  lowerBound(isBefore: (item: T) => boolean): Position {
    const c = this.firstChunkNotBefore(isBefore);
    if (c === this.chunks.length) return { chunk: c, offset: 0 };
    return { chunk: c, offset: lowerBoundIn(this.chunks[c], isBefore) };
  }

  /** Number of elements from `from` (inclusive) to `to` (exclusive): chunk lengths, not elements, are summed. */
  distance(from: Position, to: Position): number {
    if (to.chunk < from.chunk || (to.chunk === from.chunk && to.offset <= from.offset)) return 0;
    if (from.chunk === to.chunk) return to.offset - from.offset;
    let n = this.chunks[from.chunk].length - from.offset;
    for (let c = from.chunk + 1; c < to.chunk; c++) n += this.chunks[c].length;
    return n + to.offset;
  }

  *forward(from: Position = { chunk: 0, offset: 0 }): Generator<T> {
    let { chunk: c, offset: i } = from;
    while (c < this.chunks.length) {
      const chunk = this.chunks[c];
      for (; i < chunk.length; i++) yield chunk[i];
      c++;
      i = 0;
    }
  }

  /** Elements strictly before `from`, walking backwards. */
  *backward(from: Position = { chunk: this.chunks.length, offset: 0 }): Generator<T> {
    let c = from.chunk;
    let i = from.offset - 1;
    while (c >= 0) {
      if (c < this.chunks.length) {
        const chunk = this.chunks[c];
        if (i >= chunk.length) i = chunk.length - 1;
        for (; i >= 0; i--) yield chunk[i];
      }
      c--;
      i = c >= 0 && c < this.chunks.length ? this.chunks[c].length - 1 : -1;
    }
  }

  private firstChunkNotBefore(isBefore: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid];
      if (isBefore(chunk[chunk.length - 1])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBoundIn<T>(items: T[], isBefore: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
