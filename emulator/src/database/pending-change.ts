/** One document write on its way to a commit (plain, or a transaction's staged writes). */
import type { ChangeEvent, Doc } from '../types';
import type { Collection, StoredDocument } from './collection';

export interface PendingChange {
  collection: Collection;
  id: string;
  /** The committed document it replaces; absent for an insert. */
  before?: StoredDocument;
  /** The document after the write; null removes it. */
  after: Doc | null;
  type: ChangeEvent['type'];
}

/** Groups changes by collection, keeping their order inside each. */
export function changesByCollection(changes: PendingChange[]): Map<Collection, PendingChange[]> {
  const grouped = new Map<Collection, PendingChange[]>();
  for (const change of changes) {
    const list = grouped.get(change.collection);
    if (list) list.push(change);
    else grouped.set(change.collection, [change]);
  }
  return grouped;
}
