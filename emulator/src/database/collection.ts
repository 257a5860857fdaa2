/** One collection's committed state: documents by id and the indexes over them. */
import type { Doc, IndexDeclaration } from '../types';
import { DatabaseError } from '../types';
import { CollectionIndex } from './indexes';
import { idKey, keyString } from './values';

export interface StoredDocument {
  /** Never changed in place: a write stores a new object, so open transactions can keep the old one. */
  doc: Doc;
}

export const ID_INDEX: IndexDeclaration = { name: '_id_', unique: true, keys: [{ name: '_id', direction: 1 }] };

export class Collection {
  readonly docs = new Map<string, StoredDocument>();
  readonly indexes = new Map<string, CollectionIndex>();

  constructor(readonly name: string) {
    this.indexes.set(ID_INDEX.name, new CollectionIndex(ID_INDEX));
  }

  /** Declarations worth persisting (everything but the implicit `_id` index). */
  declaredIndexes(): IndexDeclaration[] {
    return [...this.indexes.values()].filter((ix) => ix.name !== ID_INDEX.name).map((ix) => ix.declaration);
  }

  get(id: unknown): StoredDocument | undefined {
    return this.docs.get(idKey(id));
  }

  /** Adds (or redefines) an index over the current documents; fails without change on unique violations. */
  defineIndex(declaration: IndexDeclaration): void {
    const index = new CollectionIndex(declaration);
    if (declaration.unique) {
      const seen = new Map<string, string>();
      for (const [id, stored] of this.docs) {
        for (const key of index.keysOf(stored.doc)) {
          const k = keyString(key);
          const other = seen.get(k);
          if (other !== undefined && other !== id) throw duplicateKeyError(this.name, declaration, key);
          seen.set(k, id);
        }
      }
    }
    index.load(this.documentEntries());
    this.indexes.set(declaration.name, index);
  }

  /** Rebuild every index at once after a bulk load (open/replay), cheaper than maintaining them per document. */
  rebuildIndexes(): void {
    for (const index of this.indexes.values()) index.load(this.documentEntries());
  }

  /** Index entries written but not yet in place; settleIndexes() places them. */
  get unplacedIndexEntries(): number {
    let n = 0;
    for (const index of this.indexes.values()) n += index.unplaced;
    return n;
  }

  settleIndexes(): void {
    for (const index of this.indexes.values()) index.settle();
  }

  put(id: string, doc: Doc, maintainIndexes = true): void {
    this.docs.set(id, { doc });
    if (maintainIndexes) for (const index of this.indexes.values()) index.put(id, doc);
  }

  /** Applies one commit's writes to this collection (null = delete). */
  applyBatch(writes: { id: string; doc: Doc | null }[]): void {
    for (const { id, doc } of writes) {
      if (doc) this.docs.set(id, { doc });
      else this.docs.delete(id);
    }
    for (const index of this.indexes.values()) index.putMany(writes);
  }

  delete(id: string, maintainIndexes = true): void {
    this.docs.delete(id);
    if (maintainIndexes) for (const index of this.indexes.values()) index.delete(id);
  }

  private *documentEntries(): Generator<[string, Doc]> {
    for (const [id, stored] of this.docs) yield [id, stored.doc];
  }
}

export function duplicateKeyError(collection: string, index: IndexDeclaration, key: unknown[]): DatabaseError {
  const fields = index.keys.map((k, i) => `${k.name}: ${JSON.stringify(key[i] instanceof Date ? key[i] : key[i] ?? null)}`).join(', ');
  return new DatabaseError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} index: ${index.name} dup key: { ${fields} }`);
}
