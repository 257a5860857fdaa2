/** Fan-out of committed changes to listeners (realtime watch, console), numbered by a global sequence. */
import type { ChangeEvent, Doc } from '../types';
import { cloneValue, deepEqual, isPlainObject } from './values';

export type ChangeListener = (event: ChangeEvent) => void;

export class ChangeStream {
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    /** Where a listener's failure is reported (the database emulator's logger). */
    private readonly onListenerError: (error: unknown) => void,
    private seq = 0,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reserve sequence numbers for a batch before it is logged, so replay restores the counter. */
  reserve(count: number): number {
    const first = this.seq + 1;
    this.seq += count;
    return first;
  }

  restore(seq: number): void {
    this.seq = Math.max(this.seq, seq);
  }

  emit(event: ChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        // Each listener gets its own copy: one subscriber must not be able to corrupt another's view.
        listener(this.listeners.size > 1 ? cloneValue(event) : event);
      } catch (error) {
        // A faulty listener must not fail the write that has already been committed.
        this.onListenerError(error);
      }
    }
  }
}

export interface DocumentChange {
  collection: string;
  type: ChangeEvent['type'];
  id: string;
  before?: Doc;
  after?: Doc;
}

export function toChangeEvent(change: DocumentChange, seq: number): ChangeEvent {
  const event: ChangeEvent = { collection: change.collection, type: change.type, id: change.id, seq };
  if (change.after) event.doc = cloneValue(change.after);
  if (change.type === 'update' && change.before && change.after) {
    const { updatedFields, removedFields } = diffDocuments(change.before, change.after);
    event.updatedFields = updatedFields;
    event.removedFields = removedFields;
  }
  return event;
}

/** Top-level diff, descending one level into objects present on both sides (enough for realtime watch). */
export function diffDocuments(before: Doc, after: Doc): { updatedFields: Record<string, unknown>; removedFields: string[] } {
  const updatedFields: Record<string, unknown> = {};
  const removedFields: string[] = [];
  for (const key of Object.keys(before)) if (!(key in after)) removedFields.push(key);
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (deepEqual(old, value)) continue;
    if (isPlainObject(old) && isPlainObject(value)) {
      for (const sub of Object.keys(old)) if (!(sub in value)) removedFields.push(`${key}.${sub}`);
      for (const [sub, inner] of Object.entries(value)) {
        if (!deepEqual(old[sub], inner) || !(sub in old)) updatedFields[`${key}.${sub}`] = cloneValue(inner);
      }
    } else {
      updatedFields[key] = cloneValue(value);
    }
  }
  return { updatedFields, removedFields };
}
