/**
 * The one way writes reach the committed state: the whole batch is validated, appended to the write-ahead
 * log before anything is acknowledged (so it survives kill -9), applied in memory, remembered by every
 * open transaction whose snapshot it changes, and announced to change listeners. A batch is applied whole
 * or not at all.
 */
import type { ChangeStream } from './change-stream';
import { toChangeEvent, type DocumentChange } from './change-stream';
import type { Collection } from './collection';
import { changesByCollection, type PendingChange } from './pending-change';
import type { Storage } from './storage';
import type { TransactionManager } from './transactions';
import { assertUniqueAfterBatch } from './unique-checks';
import type { LogOp } from './write-ahead-log';

export interface CommitHooks {
  /** After a batch is in memory (index settling is scheduled from here). */
  afterApply(): void;
  /** After a logged batch (compaction is decided from here). */
  afterLogged(): void;
}

export class Committer {
  constructor(
    private readonly storage: Storage,
    private readonly changeStream: ChangeStream,
    private readonly transactions: TransactionManager,
    private readonly hooks: CommitHooks,
  ) {}

  /** Validate, log once, apply and notify. */
  commit(changes: PendingChange[]): void {
    if (changes.length === 0) return;
    assertUniqueAfterBatch(changes);
    const ops: LogOp[] = changes.map((c) => (c.after ? { op: 'put', c: c.collection.name, doc: c.after } : { op: 'del', c: c.collection.name, id: c.before!.doc._id }));
    this.storage.append(this.changeStream.lastSeq + changes.length, ops);
    this.apply(changes);
    this.hooks.afterLogged();
  }

  /** Validate and apply without logging: the caller makes the result durable with a snapshot (import). */
  commitUnlogged(changes: PendingChange[]): void {
    if (changes.length === 0) return;
    assertUniqueAfterBatch(changes);
    this.apply(changes);
  }

  private apply(changes: PendingChange[]): void {
    this.transactions.rememberStartStates(mapIterable(changes, (c) => ({ collection: c.collection.name, id: c.id, before: c.before?.doc ?? null })));
    const firstSeq = this.changeStream.reserve(changes.length);
    for (const [collection, list] of changesByCollection(changes)) applyTo(collection, list);
    this.hooks.afterApply();
    if (this.changeStream.hasListeners) {
      changes.forEach((change, i) => {
        const event: DocumentChange = {
          collection: change.collection.name,
          type: change.type,
          id: publicId(change.after?._id ?? change.before?.doc._id),
          before: change.before?.doc,
          after: change.after ?? undefined,
        };
        this.changeStream.emit(toChangeEvent(event, firstSeq + i));
      });
    }
  }
}

function applyTo(collection: Collection, changes: PendingChange[]): void {
  collection.applyBatch(changes.map((change) => ({ id: change.id, doc: change.after })));
}

/** The id as the SDKs show it (generated ids are strings; custom ids keep their printed form). */
export function publicId(id: unknown): string {
  return typeof id === 'string' ? id : String(id);
}

export function* mapIterable<T, R>(items: Iterable<T>, map: (item: T) => R): Generator<R> {
  for (const item of items) yield map(item);
}
