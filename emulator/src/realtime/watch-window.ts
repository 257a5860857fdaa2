/**
 * The documents a watch covers, in result order, and the window (first `limit` of them) the client holds.
 * Applying one committed change yields the window changes the client must see, as the SDK's snapshot code
 * applies them (virtual-websocket-client.ts handleServerEventsInternel):
 *
 *   changed doc stays in the window      → update/update (partial) or replace/update (full doc)
 *   changed doc enters the window        → add/enqueue, update/enqueue or replace/enqueue (full doc)
 *   changed doc leaves the window        → remove/dequeue, update/dequeue or replace/dequeue
 *   another doc pushed out / pulled in   → limit/dequeue or limit/enqueue (full doc) at the window edge
 *
 * Ties in the sort (and the order without any sort) follow a per-watch rank: the engine's natural order
 * for the initial documents, then arrival order, so the window is deterministic.
 */
import type { Doc } from '../types';
import { compareBySort, type SortSpec } from './watch-query';
import type { DataType, QueueType } from './watch-protocol';

interface Entry {
  id: string;
  doc: Doc;
  rank: number;
}

export interface WindowChange {
  dataType: DataType;
  queueType: QueueType;
  id: string;
  /** Full document, when the client needs one (enqueue, replace); omitted otherwise. */
  doc?: Doc;
  updatedFields?: Record<string, unknown>;
  removedFields?: string[];
}

export type ChangeKind = 'insert' | 'update' | 'replace' | 'remove';

export class WatchWindow {
  private entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private nextRank = 0;

  constructor(
    private readonly sort: SortSpec,
    /** Infinity for no limit. */
    private readonly limit: number,
  ) {}

  /** Loads the matching documents (engine order), returns the initial window in result order. */
  load(docs: { id: string; doc: Doc }[]): Doc[] {
    this.entries = docs.map(({ id, doc }) => ({ id, doc, rank: this.nextRank++ }));
    this.entries.sort((a, b) => this.compare(a, b));
    this.byId.clear();
    for (const entry of this.entries) this.byId.set(entry.id, entry);
    return this.windowDocs();
  }

  windowDocs(): Doc[] {
    return this.entries.slice(0, Math.min(this.limit, this.entries.length)).map((e) => e.doc);
  }

  get matchingCount(): number {
    return this.entries.length;
  }

  /**
   * Applies one change to document `id`: `after` is the document if it now belongs to the watch (matches
   * the query and is readable by the watcher), null if it does not (or was removed).
   */
  apply(id: string, kind: ChangeKind, after: Doc | null, fields?: { updatedFields?: Record<string, unknown>; removedFields?: string[] }): WindowChange[] {
    const previous = this.byId.get(id);
    const oldIndex = previous ? this.indexOf(previous) : -1;
    const wasInWindow = oldIndex !== -1 && oldIndex < this.limit;
    // Who sits at the window's last slot before the change: the one pushed out if something enters.
    const oldEdge = this.limit < Infinity && this.entries.length >= this.limit ? this.entries[this.limit - 1] : undefined;

    if (previous) {
      this.entries.splice(oldIndex, 1);
      this.byId.delete(id);
    }
    let newIndex = -1;
    if (after) {
      const entry: Entry = { id, doc: after, rank: previous?.rank ?? this.nextRank++ };
      newIndex = this.insertionPoint(entry);
      this.entries.splice(newIndex, 0, entry);
      this.byId.set(id, entry);
    }
    const isInWindow = newIndex !== -1 && newIndex < this.limit;

    const changes: WindowChange[] = [];
    const dataType: DataType = kind === 'insert' ? 'add' : kind;
    if (wasInWindow && isInWindow) {
      if (kind === 'replace') changes.push({ dataType, queueType: 'update', id, doc: after! });
      else if (kind === 'update' || kind === 'insert') {
        const updatedFields = fields?.updatedFields ?? {};
        const removedFields = fields?.removedFields ?? [];
        // A write that changed nothing is no event (CloudBase pushes changes, not writes).
        if (Object.keys(updatedFields).length > 0 || removedFields.length > 0) changes.push({ dataType: 'update', queueType: 'update', id, updatedFields, removedFields });
      }
    } else if (!wasInWindow && isInWindow) {
      changes.push({ dataType, queueType: 'enqueue', id, doc: after!, ...this.fieldsFor(kind, fields) });
      // Something entered a full window: the old last one is pushed out (unless it was this very doc).
      if (oldEdge && oldEdge.id !== id && this.entries.length > this.limit) changes.push({ dataType: 'limit', queueType: 'dequeue', id: oldEdge.id });
    } else if (wasInWindow && !isInWindow) {
      const change: WindowChange = { dataType: kind === 'insert' ? 'update' : dataType, queueType: 'dequeue', id, ...this.fieldsFor(kind, fields) };
      if (kind === 'replace' && after) change.doc = after;
      changes.push(change);
      // A slot freed up: the first document beyond the window moves in.
      if (this.limit < Infinity && this.entries.length >= this.limit) {
        const pulled = this.entries[this.limit - 1];
        if (pulled.id !== id) changes.push({ dataType: 'limit', queueType: 'enqueue', id: pulled.id, doc: pulled.doc });
      }
    }
    return changes;
  }

  private fieldsFor(kind: ChangeKind, fields?: { updatedFields?: Record<string, unknown>; removedFields?: string[] }): Partial<WindowChange> {
    if (kind !== 'update') return {};
    return { updatedFields: fields?.updatedFields ?? {}, removedFields: fields?.removedFields ?? [] };
  }

  private compare(a: Entry, b: Entry): number {
    return compareBySort(a.doc, b.doc, this.sort) || a.rank - b.rank;
  }

  /** Position of an entry that is in the list (the order is total: ranks are unique). */
  private indexOf(entry: Entry): number {
    const i = this.insertionPoint(entry);
    if (this.entries[i] === entry) return i;
    // Defensive: should the sort keys have been mutated in place, fall back to a scan.
    return this.entries.indexOf(entry);
  }

  private insertionPoint(entry: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.entries[mid], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
