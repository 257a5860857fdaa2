/**
 * The in-process CloudBase document store: collections + indexes in memory, every committed batch in the
 * write-ahead log before the promise resolves, change events after commit. All work happens synchronously
 * inside each method, so each call is atomic with respect to every other call.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Aggregator } from 'mingo';
import type { ChangeEvent, DatabaseEngine, Doc, ExplainResult, FindOptions, IndexDeclaration, OpenDatabaseOptions, UpdateOptions, UpdateResult } from '../types';
import { DatabaseError } from '../types';
import { ChangeStream, toChangeEvent, type DocumentChange } from './change-stream';
import { Collection, duplicateKeyError, ID_INDEX, type StoredDocument } from './collection';
import { collectionNotExist, invalidRequest } from './errors';
import { readImportDocuments, readImportMeta, writeExportDocuments } from './export-folder';
import { CollectionIndex } from './indexes';
import { describeUncovered, isCoveredByIndex } from './index-planner';
import { countDocuments, guard, MINGO_OPTIONS, projectDocuments, selectDocuments, type CollectionView, type ScanStats } from './query-runner';
import { Storage } from './storage';
import { documentKey, Transaction, TransactionManager } from './transactions';
import { applyUpdate, upsertSeed } from './update-apply';
import { cloneValue, deepEqual, idKey, isPlainObject, keyString } from './values';
import type { Durability, LogOp } from './write-ahead-log';

export interface EngineOptions extends OpenDatabaseOptions {
  /** 'os' (default): a write is in the OS page cache when acknowledged (survives kill -9); 'fsync': on disk. */
  durability?: Durability;
  /** Smallest log size that triggers a snapshot + fresh log (default 64 MB); the log must also outgrow the last snapshot. */
  compactBytes?: number;
  /** Read size for importFrom's jsonl files (default 4 MB); files are streamed line by line, never read whole. */
  importChunkBytes?: number;
  /** Idle time after which an open transaction is aborted (default 30 s, as CloudBase). */
  transactionIdleMs?: number;
}


/** A write about to be committed; `after: null` removes the document. */
interface PendingChange {
  collection: Collection;
  id: string;
  before?: StoredDocument;
  after: Doc | null;
  type: ChangeEvent['type'];
}

const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;
const DEFAULT_TRANSACTION_IDLE_MS = 30_000;
const COLLECTION_NAME = /^[A-Za-z0-9_\-.]{1,128}$/;

export class LocalDatabaseEngine implements DatabaseEngine {
  private readonly collections = new Map<string, Collection>();
  private readonly changes = new ChangeStream();
  private readonly transactions: TransactionManager;
  private storage!: Storage;
  /** Commit clock: every document write takes the next value as its version. */
  private clock = 0;
  private strict: boolean;
  private closed = false;
  /** When writes pause this long, index entries they deferred are put in place (see settleIndexes). */
  private static readonly SETTLE_AFTER_IDLE_MS = 200;
  private settleTimer: NodeJS.Timeout | undefined;
  private lastWriteAt = 0;

  private constructor(private readonly options: EngineOptions) {
    this.strict = !!options.strictIndexes;
    this.transactions = new TransactionManager(options.transactionIdleMs ?? DEFAULT_TRANSACTION_IDLE_MS);
  }

  static async open(options: EngineOptions): Promise<LocalDatabaseEngine> {
    const engine = new LocalDatabaseEngine(options);
    engine.load();
    return engine;
  }

  private load(): void {
    const { storage, seq } = Storage.open(
      this.options.dataDir,
      {
        createCollection: (name) => {
          if (!this.collections.has(name)) this.collections.set(name, new Collection(name));
        },
        dropCollection: (name) => void this.collections.delete(name),
        defineIndex: (name, index) => this.replayCollection(name).indexes.set(index.name, new CollectionIndex(index)),
        put: (name, doc) => this.replayCollection(name).put(idKey(doc._id), doc, ++this.clock, false),
        delete: (name, id) => this.replayCollection(name).delete(idKey(id), false),
      },
      { durability: this.options.durability ?? 'os', compactBytes: this.options.compactBytes ?? DEFAULT_COMPACT_BYTES },
    );
    this.storage = storage;
    this.changes.restore(seq);
    for (const collection of this.collections.values()) collection.rebuildIndexes();
    for (const declared of this.options.collections ?? []) {
      if (!this.collections.has(declared.name)) this.createCollectionNow(declared.name);
      for (const index of declared.indexes ?? []) this.defineIndexNow(declared.name, index);
    }
  }

  private replayCollection(name: string): Collection {
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = new Collection(name)));
    return collection;
  }

  // ------------------------------------------------------------ collections and indexes

  async createCollection(name: string): Promise<void> {
    this.ensureOpen();
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) throw invalidRequest(`Invalid collection name: ${String(name)}`);
    if (this.collections.has(name)) throw new DatabaseError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`);
    this.createCollectionNow(name);
  }

  private createCollectionNow(name: string): void {
    this.storage.append(this.changes.lastSeq, [{ op: 'create', c: name }]);
    this.collections.set(name, new Collection(name));
  }

  async dropCollection(name: string): Promise<void> {
    this.ensureOpen();
    this.requireCollection(name);
    this.storage.append(this.changes.lastSeq, [{ op: 'drop', c: name }]);
    this.collections.delete(name);
  }

  async listCollections(): Promise<{ name: string; count: number }[]> {
    this.ensureOpen();
    return [...this.collections.values()].map((c) => ({ name: c.name, count: c.docs.size })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** Declares (or redefines) an index; unique violations in existing data fail with DATABASE_DUPLICATE_WRITE. */
  async createIndex(collection: string, index: IndexDeclaration): Promise<void> {
    this.ensureOpen();
    this.requireCollection(collection);
    this.defineIndexNow(collection, index);
  }

  /** Indexes of a collection, `_id_` first. */
  listIndexes(collection: string): IndexDeclaration[] {
    return [...this.requireCollection(collection).indexes.values()].map((ix) => ix.declaration);
  }

  private defineIndexNow(name: string, index: IndexDeclaration): void {
    validateIndex(index);
    const collection = this.requireCollection(name);
    if (index.name === ID_INDEX.name) return;
    const existing = collection.indexes.get(index.name);
    if (existing && deepEqual(existing.declaration, index)) return;
    collection.defineIndex(index);
    this.storage.append(this.changes.lastSeq, [{ op: 'index', c: name, index }]);
  }

  // ------------------------------------------------------------ reads

  async find(collection: string, filter: Doc, options: FindOptions = {}, txId?: string): Promise<Doc[]> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    validateFindOptions(options);
    this.checkStrict(coll, query, options.sort);
    const tx = txId !== undefined ? this.transactions.get(txId) : undefined;
    const docs = selectDocuments(this.view(coll, tx), query, options);
    if (tx) {
      this.observeAll(tx, coll, docs);
      this.observePinnedId(tx, coll, query);
    }
    return projectDocuments(docs.map(cloneValue), options.projection);
  }

  async count(collection: string, filter: Doc, txId?: string): Promise<number> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    this.checkStrict(coll, query, undefined);
    const tx = txId !== undefined ? this.transactions.get(txId) : undefined;
    if (!tx && Object.keys(query).length === 0) return coll.docs.size;
    if (!tx) return countDocuments(this.view(coll), query);
    const docs = selectDocuments(this.view(coll, tx), query);
    if (tx) this.observeAll(tx, coll, docs);
    return docs.length;
  }

  /** How a query would be served, by running it: for tests, benchmarks and the console. */
  explain(collection: string, filter: Doc, sort?: Record<string, 1 | -1>, limit?: number): ExplainResult {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const options = { sort, limit };
    validateFindOptions(options);
    const stats: ScanStats = { index: null, scanned: 0, sortServed: false };
    // The stored documents are only counted, never handed out: no copies, so explaining a query over a
    // hundred thousand matches costs what the query's own scan costs.
    const docs = selectDocuments(this.view(coll), normalizeFilter(filter), options, stats);
    return { ...stats, exact: stats.exact ?? false, returned: docs.length };
  }

  async aggregate(collection: string, pipeline: Doc[]): Promise<Doc[]> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) throw invalidRequest('aggregate pipeline must be an array of stage objects');
    let input: Doc[];
    let rest = pipeline;
    const first = pipeline[0];
    if (first && '$match' in first && Object.keys(first).length === 1) {
      // Strict mode checks only this leading $match: later stages run on derived documents, not on the collection.
      const match = normalizeFilter(first.$match as Doc);
      this.checkStrict(coll, match, undefined);
      input = selectDocuments({ collection: coll }, match).map(cloneValue);
      rest = pipeline.slice(1);
    } else {
      input = [...coll.docs.values()].map((s) => cloneValue(s.doc));
    }
    const resolved = new Map<string, Doc[]>();
    const collectionResolver = (name: string): Doc[] => {
      if (!resolved.has(name)) {
        const other = this.collections.get(name);
        resolved.set(name, other ? [...other.docs.values()].map((s) => cloneValue(s.doc)) : []);
      }
      return resolved.get(name)!;
    };
    return runPipeline(rest, input, collectionResolver);
  }

  // ------------------------------------------------------------ writes

  async insert(collection: string, docs: Doc[], txId?: string): Promise<string[]> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    if (!Array.isArray(docs) || !docs.every(isPlainObject)) throw invalidRequest('insert expects an array of documents');
    const prepared = docs.map((doc) => {
      let copy = cloneValue(doc);
      if (copy._id === undefined || copy._id === null) copy = withGeneratedId(copy);
      return { id: idKey(copy._id), doc: copy };
    });
    const seen = new Set<string>();
    for (const { id, doc } of prepared) {
      if (seen.has(id)) throw duplicateKeyError(collection, ID_INDEX, [doc._id]);
      seen.add(id);
    }
    const tx = txId !== undefined ? this.transactions.get(txId) : undefined;
    if (tx) {
      for (const { id, doc } of prepared) this.stageInsert(tx, coll, id, doc);
    } else {
      for (const { id, doc } of prepared) if (coll.docs.has(id)) throw duplicateKeyError(collection, ID_INDEX, [doc._id]);
      this.commit(prepared.map(({ id, doc }) => ({ collection: coll, id, after: doc, type: 'insert' })));
    }
    return prepared.map(({ doc }) => publicId(doc._id));
  }

  async update(collection: string, filter: Doc, update: Doc, options: UpdateOptions, txId?: string): Promise<UpdateResult> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    if (!isPlainObject(update)) throw invalidRequest('update data must be an object');
    const { multi = false, upsert = false, merge = true } = options ?? ({} as UpdateOptions);
    this.checkStrict(coll, query, undefined);
    const tx = txId !== undefined ? this.transactions.get(txId) : undefined;
    const targets = selectDocuments(this.view(coll, tx), query, { limit: multi ? undefined : 1 });

    if (targets.length === 0 && upsert) {
      const seed = upsertSeed(query);
      let doc: Doc;
      if (merge) {
        doc = applyUpdate(seed, update, true, true);
      } else {
        doc = applyUpdate({ _id: update._id ?? seed._id }, update, false);
      }
      if (doc._id === undefined || doc._id === null) doc = withGeneratedId(doc);
      const id = idKey(doc._id);
      if (tx) this.stageInsert(tx, coll, id, doc);
      else {
        if (coll.docs.has(id)) throw duplicateKeyError(collection, ID_INDEX, [doc._id]);
        this.commit([{ collection: coll, id, after: doc, type: 'insert' }]);
      }
      return { matched: 0, updated: 0, upsertedId: publicId(doc._id) };
    }

    const type = merge ? 'update' : 'replace';
    const changes: PendingChange[] = [];
    for (const doc of targets) {
      const id = idKey(doc._id);
      const next = applyUpdate(doc, update, merge);
      if (deepEqual(doc, next)) {
        if (tx) this.observeAll(tx, coll, [doc]);
        continue;
      }
      changes.push({ collection: coll, id, before: coll.docs.get(id), after: next, type });
    }
    if (tx) for (const change of changes) this.stageWrite(tx, coll, change.id, change.after, type === 'replace');
    else this.commit(changes);
    return { matched: targets.length, updated: changes.length };
  }

  async remove(collection: string, filter: Doc, options: { multi: boolean }, txId?: string): Promise<number> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    this.checkStrict(coll, query, undefined);
    const tx = txId !== undefined ? this.transactions.get(txId) : undefined;
    const targets = selectDocuments(this.view(coll, tx), query, { limit: options?.multi ? undefined : 1 });
    const ids = targets.map((doc) => idKey(doc._id));
    if (tx) for (const id of ids) this.stageWrite(tx, coll, id, null, false);
    else this.commit(ids.map((id) => ({ collection: coll, id, before: coll.docs.get(id), after: null, type: 'remove' })));
    return ids.length;
  }

  // ------------------------------------------------------------ transactions

  async startTransaction(): Promise<string> {
    this.ensureOpen();
    return this.transactions.start().id;
  }

  async commitTransaction(txId: string): Promise<void> {
    this.ensureOpen();
    const tx = this.transactions.get(txId);
    try {
      for (const [key, version] of tx.observed) {
        const [collectionName, id] = splitDocumentKey(key);
        const current = this.collections.get(collectionName)?.docs.get(id)?.version ?? 0;
        const dropped = !this.collections.has(collectionName);
        if (current !== version || dropped) {
          throw new DatabaseError(
            'DATABASE_TRANSACTION_CONFLICT',
            `Transaction ${tx.id} aborted: document ${id} in ${collectionName} was changed by another writer after the transaction read it`,
          );
        }
      }
      const changes: PendingChange[] = [];
      for (const [collectionName, staged] of tx.staged) {
        const coll = this.collections.get(collectionName)!;
        for (const [id, after] of staged) {
          const before = coll.docs.get(id);
          if (!before && !after) continue;
          const type = !before ? 'insert' : !after ? 'remove' : tx.replaced.has(documentKey(collectionName, id)) ? 'replace' : 'update';
          changes.push({ collection: coll, id, before, after, type });
        }
      }
      this.commit(changes);
    } finally {
      this.transactions.finish(tx, 'been committed or aborted');
    }
  }

  async abortTransaction(txId: string): Promise<void> {
    this.ensureOpen();
    this.transactions.finish(this.transactions.get(txId), 'been aborted');
  }

  private view(collection: Collection, tx?: Transaction): CollectionView {
    return tx ? { collection, staged: tx.staged.get(collection.name) } : { collection };
  }

  private observeAll(tx: Transaction, collection: Collection, docs: Doc[]): void {
    for (const doc of docs) {
      const id = idKey(doc._id);
      tx.observe(collection.name, id, collection.docs.get(id)?.version ?? 0);
    }
  }

  /**
   * A read by _id that found nothing is a read too: if another writer creates that document before this
   * transaction commits, the commit must conflict (as MongoDB's would), not overwrite it.
   */
  private observePinnedId(tx: Transaction, collection: Collection, query: Doc): void {
    const pinned = query._id;
    const id = typeof pinned === 'string' ? pinned : pinned && typeof pinned === 'object' && typeof (pinned as Doc).$eq === 'string' ? ((pinned as Doc).$eq as string) : undefined;
    if (id === undefined) return;
    const key = idKey(id);
    tx.observe(collection.name, key, collection.docs.get(key)?.version ?? 0);
  }

  private stageInsert(tx: Transaction, collection: Collection, id: string, doc: Doc): void {
    const staged = tx.staged.get(collection.name);
    const exists = staged?.has(id) ? staged.get(id) !== null : collection.docs.has(id);
    if (exists) throw duplicateKeyError(collection.name, ID_INDEX, [doc._id]);
    this.stageWrite(tx, collection, id, doc, collection.docs.has(id));
  }

  private stageWrite(tx: Transaction, collection: Collection, id: string, doc: Doc | null, replaces: boolean): void {
    this.transactions.claim(tx, collection.name, id);
    tx.observe(collection.name, id, collection.docs.get(id)?.version ?? 0);
    if (doc) this.checkUniqueInTransaction(tx, collection, id, doc);
    tx.stagedFor(collection.name).set(id, doc);
    if (replaces) tx.replaced.add(documentKey(collection.name, id));
  }

  /** Unique indexes as the transaction sees them (committed state overlaid with its own staged writes). */
  private checkUniqueInTransaction(tx: Transaction, collection: Collection, id: string, doc: Doc): void {
    const staged = tx.staged.get(collection.name) ?? new Map<string, Doc | null>();
    for (const index of collection.indexes.values()) {
      if (!index.unique || index.name === ID_INDEX.name) continue;
      for (const key of index.keysOf(doc)) {
        const k = keyString(key);
        for (const other of index.idsWithKey(key)) {
          if (other !== id && !staged.has(other)) throw duplicateKeyError(collection.name, index.declaration, key);
        }
        for (const [other, otherDoc] of staged) {
          if (other === id || !otherDoc) continue;
          if (index.keysOf(otherDoc).some((ok) => keyString(ok) === k)) throw duplicateKeyError(collection.name, index.declaration, key);
        }
      }
    }
  }

  // ------------------------------------------------------------ commit path

  /** Validate everything, log once, then apply and notify: a batch is applied whole or not at all. */
  private commit(changes: PendingChange[]): void {
    if (changes.length === 0) return;
    this.validateUnique(changes);
    const ops: LogOp[] = changes.map((c) => (c.after ? { op: 'put', c: c.collection.name, doc: c.after } : { op: 'del', c: c.collection.name, id: c.before!.doc._id }));
    this.storage.append(this.changes.lastSeq + changes.length, ops);
    this.apply(changes);
    if (this.storage.shouldCompact) this.compact();
  }

  /** Applies validated changes in memory and notifies; the caller has logged them or will snapshot them. */
  private apply(changes: PendingChange[]): void {
    const firstSeq = this.changes.reserve(changes.length);
    const version = ++this.clock;
    const byCollection = new Map<Collection, { id: string; doc: Doc | null }[]>();
    for (const change of changes) {
      const writes = byCollection.get(change.collection) ?? [];
      writes.push({ id: change.id, doc: change.after });
      byCollection.set(change.collection, writes);
    }
    for (const [collection, writes] of byCollection) collection.applyBatch(writes, version);
    this.settleWhenIdle();
    if (this.changes.hasListeners) {
      changes.forEach((change, i) => {
        const event: DocumentChange = { collection: change.collection.name, type: change.type, id: publicId(change.after?._id ?? change.before?.doc._id), before: change.before?.doc, after: change.after ?? undefined };
        this.changes.emit(toChangeEvent(event, firstSeq + i));
      });
    }
  }

  private validateUnique(changes: PendingChange[]): void {
    const byCollection = new Map<Collection, PendingChange[]>();
    for (const change of changes) {
      const list = byCollection.get(change.collection) ?? [];
      list.push(change);
      byCollection.set(change.collection, list);
    }
    for (const [collection, list] of byCollection) {
      const touched = new Set(list.map((c) => c.id));
      for (const index of collection.indexes.values()) {
        if (!index.unique && index.declaration.keys.length > 1) {
          // Key extraction can refuse a document (parallel arrays); find out before anything is logged.
          for (const change of list) if (change.after) index.keysOf(change.after);
        }
        // _id uniqueness is settled before commit: inserts check the id map, updates cannot change _id.
        if (!index.unique || index.name === ID_INDEX.name) continue;
        const claimed = new Map<string, string>();
        for (const change of list) {
          if (!change.after) continue;
          for (const key of index.keysOf(change.after)) {
            const k = keyString(key);
            const holder = claimed.get(k);
            if (holder !== undefined && holder !== change.id) throw duplicateKeyError(collection.name, index.declaration, key);
            claimed.set(k, change.id);
            for (const other of index.idsWithKey(key)) {
              if (other !== change.id && !touched.has(other)) throw duplicateKeyError(collection.name, index.declaration, key);
            }
          }
        }
      }
    }
  }

  /** Snapshot the whole database and start a fresh log. */
  compact(): void {
    this.storage.compact(
      [...this.collections.values()].map((c) => ({ name: c.name, indexes: c.declaredIndexes(), docs: mapIterable(c.docs.values(), (s) => s.doc) })),
      this.changes.lastSeq,
    );
  }

  // ------------------------------------------------------------ change stream, export/import, lifecycle

  onChange(listener: (event: ChangeEvent) => void): () => void {
    return this.changes.subscribe(listener);
  }

  /** Sequence number of the last committed change. */
  get lastSeq(): number {
    return this.changes.lastSeq;
  }

  async exportTo(dir: string): Promise<void> {
    this.ensureOpen();
    fs.mkdirSync(dir, { recursive: true });
    const meta = [];
    for (const collection of this.collections.values()) {
      writeExportDocuments(dir, collection.name, mapIterable(collection.docs.values(), (s) => s.doc));
      meta.push({ name: collection.name, count: collection.docs.size, indexes: collection.declaredIndexes() });
    }
    fs.writeFileSync(path.join(dir, 'collections.json'), JSON.stringify({ collections: meta }, null, 2) + '\n');
  }

  /**
   * Everything is read and parsed before anything changes, so a bad file changes nothing. The documents
   * then skip the log (a million-document batch would be one record of gigabytes) and one snapshot at the
   * end makes the whole import durable at once: a crash before it loses the documents (collections and
   * indexes it created are logged and stay, empty), never half of them.
   */
  async importFrom(dir: string): Promise<void> {
    this.ensureOpen();
    const incoming = readImportMeta(dir).map((meta) => ({ meta, docs: readImportDocuments(dir, meta.name, this.options.importChunkBytes) }));
    let unlogged = false;
    try {
      for (const { meta, docs } of incoming) {
        if (!this.collections.has(meta.name)) this.createCollectionNow(meta.name);
        const changes = importChanges(this.collections.get(meta.name)!, docs);
        if (changes.length > 0) {
          this.validateUnique(changes);
          unlogged = true;
          this.apply(changes);
        }
        for (const index of meta.indexes ?? []) this.defineIndexNow(meta.name, index);
      }
    } finally {
      // Also after a failure part-way (a unique violation in a later collection): what was applied stays, durably.
      if (unlogged) this.compact();
    }
  }

  setStrictIndexes(strict: boolean): void {
    this.strict = strict;
  }

  /**
   * Puts index entries that writes deferred in place. A bulk load defers them so it sorts once instead of
   * inserting each; left alone, the first query after a seed of a million tickets would pay for that sort
   * (seconds, past a function's timeout). It runs by itself once writes pause, and loaders call it when done.
   */
  settleIndexes(): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    for (const collection of this.collections.values()) collection.settleIndexes();
  }

  /** Index entries written but not yet in place, over all collections. */
  get unplacedIndexEntries(): number {
    let n = 0;
    for (const collection of this.collections.values()) n += collection.unplacedIndexEntries;
    return n;
  }

  private settleWhenIdle(): void {
    this.lastWriteAt = Date.now();
    if (this.settleTimer) return;
    const check = () => {
      const idle = Date.now() - this.lastWriteAt;
      if (idle < LocalDatabaseEngine.SETTLE_AFTER_IDLE_MS) this.settleTimer = setTimeout(check, LocalDatabaseEngine.SETTLE_AFTER_IDLE_MS - idle).unref();
      else if (!this.closed) this.settleIndexes();
    };
    this.settleTimer = setTimeout(check, LocalDatabaseEngine.SETTLE_AFTER_IDLE_MS).unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.settleTimer);
    this.transactions.abortAll('been aborted because the database closed');
    this.compact();
    this.storage.close();
    this.closed = true;
  }

  private checkStrict(collection: Collection, filter: Doc, sort: Record<string, 1 | -1> | undefined): void {
    if (!this.strict) return;
    if (isCoveredByIndex(collection, filter, sort)) return;
    throw new DatabaseError('EMULATOR_INDEX_REQUIRED', describeUncovered(collection, filter, sort));
  }

  private requireCollection(name: string): Collection {
    const collection = typeof name === 'string' ? this.collections.get(name) : undefined;
    if (!collection) throw collectionNotExist(String(name));
    return collection;
  }

  private ensureOpen(): void {
    if (this.closed) throw new DatabaseError('DATABASE_REQUEST_FAILED', 'The database engine is closed');
  }
}

/**
 * mingo's $sample draws with replacement (the same document can come back twice); MongoDB and CloudBase
 * return distinct documents, so $sample stages are run here and mingo handles the stretches between them.
 */
function runPipeline(pipeline: Doc[], input: Doc[], collectionResolver: (name: string) => Doc[]): Doc[] {
  let docs = input;
  let start = 0;
  for (let i = 0; i <= pipeline.length; i++) {
    const stage = pipeline[i];
    if (i < pipeline.length && !(stage && '$sample' in stage)) continue;
    if (i > start) {
      const segment = pipeline.slice(start, i);
      const current = docs;
      docs = guard(() => new Aggregator(segment, { ...MINGO_OPTIONS, collectionResolver }).run<Doc>(current));
    }
    if (i < pipeline.length) docs = sampleDistinct(docs, (stage.$sample as { size?: unknown })?.size);
    start = i + 1;
  }
  return docs;
}

function sampleDistinct(docs: Doc[], size: unknown): Doc[] {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw invalidRequest('$sample size must be a non-negative integer');
  const pool = docs.slice();
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/** Writes that make `coll` hold `docs`: identical documents are skipped, and the last of one _id wins. */
function importChanges(coll: Collection, docs: Doc[]): PendingChange[] {
  const changes: PendingChange[] = [];
  const seen = new Map<string, number>();
  for (const parsed of docs) {
    // Freshly parsed, so ours to keep without a copy.
    const doc = parsed._id === undefined || parsed._id === null ? withGeneratedId(parsed) : parsed;
    const id = idKey(doc._id);
    const before = coll.docs.get(id);
    if (before && deepEqual(before.doc, doc)) continue;
    const change: PendingChange = { collection: coll, id, before, after: doc, type: before ? 'replace' : 'insert' };
    const earlier = seen.get(id);
    if (earlier !== undefined) changes[earlier] = change;
    else {
      seen.set(id, changes.length);
      changes.push(change);
    }
  }
  return changes;
}

/** CloudBase-style document id: 32 random hex characters. */
export function newDocumentId(): string {
  // One randomBytes call per id dominated bulk inserts; draw from a pooled buffer instead.
  if (idPoolOffset + 16 > idPool.length) {
    idPool = randomBytes(16 * 4096);
    idPoolOffset = 0;
  }
  const id = idPool.toString('hex', idPoolOffset, idPoolOffset + 16);
  idPoolOffset += 16;
  return id;
}

let idPool = Buffer.alloc(0);
let idPoolOffset = 0;

/** Generated ids go first, as CloudBase shows documents. */
function withGeneratedId(doc: Doc): Doc {
  const { _id: _missing, ...fields } = doc;
  return { _id: newDocumentId(), ...fields };
}

function publicId(id: unknown): string {
  return typeof id === 'string' ? id : String(id);
}

function splitDocumentKey(key: string): [string, string] {
  const i = key.indexOf('\u0000');
  return [key.slice(0, i), key.slice(i + 1)];
}

function normalizeFilter(filter: Doc | undefined | null): Doc {
  if (filter === undefined || filter === null) return {};
  if (!isPlainObject(filter)) throw invalidRequest('query filter must be an object');
  return filter;
}

function validateFindOptions(options: FindOptions): void {
  if (options.sort !== undefined && !isPlainObject(options.sort)) throw invalidRequest('sort must be an object');
  for (const [field, direction] of Object.entries(options.sort ?? {})) {
    if (direction !== 1 && direction !== -1) throw invalidRequest(`sort direction for ${field} must be 1 or -1`);
  }
  if (options.skip !== undefined && (!Number.isInteger(options.skip) || options.skip < 0)) throw invalidRequest('skip must be a non-negative integer');
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) throw invalidRequest('limit must be a non-negative integer');
}

function validateIndex(index: IndexDeclaration): void {
  const ok =
    isPlainObject(index) &&
    typeof index.name === 'string' &&
    index.name !== '' &&
    Array.isArray(index.keys) &&
    index.keys.length > 0 &&
    index.keys.every((k) => isPlainObject(k) && typeof k.name === 'string' && k.name !== '' && (k.direction === 1 || k.direction === -1));
  if (!ok) throw invalidRequest(`Invalid index declaration: ${JSON.stringify(index)}`);
}

function* mapIterable<T, R>(items: Iterable<T>, map: (item: T) => R): Generator<R> {
  for (const item of items) yield map(item);
}
