/**
 * The in-process CloudBase document store: the public DatabaseEngine surface over collections + indexes
 * in memory. Writes are planned against what their caller sees (write-plans.ts), then committed through
 * the write-ahead log (write-commit.ts) or staged in a transaction (transaction-writes.ts). Each attempt
 * runs synchronously, so it is atomic with respect to every other call; only a plain write blocked by a
 * transaction's lock awaits, and then runs again from the start.
 */
import path from 'node:path';
import type { ChangeEvent, DatabaseEngine, Doc, ExplainResult, FindOptions, IndexDeclaration, OpenDatabaseOptions, UpdateOptions, UpdateResult } from '../types';
import { DatabaseError } from '../types';
import { assertValidPipeline, runPipeline } from './aggregation';
import { EmulatorLogger } from '../logger';
import { ChangeStream } from './change-stream';
import { Collection, ID_INDEX } from './collection';
import { collectionNotExist, invalidRequest } from './errors';
import { ensurePrivateDirectory, readImportDocuments, readImportMeta, writeExportDocuments, writePrivateFile } from './export-folder';
import { CollectionIndex } from './indexes';
import { describeUncovered, isCoveredByIndex } from './index-planner';
import type { PendingChange } from './pending-change';
import { countDocuments, projectDocuments, selectDocuments, type CollectionView, type ScanStats } from './query-runner';
import { Storage } from './storage';
import { stageChanges, transactionBlocking, transactionChanges, waitForTransactionEnd } from './transaction-writes';
import { TransactionManager, type Transaction } from './transactions';
import { cloneValue, deepEqual, idKey, isPlainObject } from './values';
import { Committer, mapIterable } from './write-commit';
import { assertInsertsAreNew, planInsert, planRemove, planUpdate, withGeneratedId, type WritePlan } from './write-plans';
import type { Durability } from './write-ahead-log';

export { newDocumentId } from './write-plans';

export interface EngineOptions extends OpenDatabaseOptions {
  /** 'os' (default): a write is in the OS page cache when acknowledged (survives kill -9); 'fsync': on disk. */
  durability?: Durability;
  /** Smallest log size that triggers a snapshot + fresh log (default 64 MB); the log must also outgrow the last snapshot. */
  compactBytes?: number;
  /** Read size for importFrom's jsonl files (default 4 MB); files are streamed line by line, never read whole. */
  importChunkBytes?: number;
  /** How long a transaction may stay open from its start (default 30 s, as CloudBase); then it is aborted. */
  transactionLifetimeMs?: number;
  /** Longest wait of a plain write for a transaction's lock (default: the transaction lifetime). */
  lockWaitMs?: number;
  /** The database emulator's logger (default: info and up to the console). */
  logger?: EmulatorLogger;
}

const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;
const DEFAULT_TRANSACTION_LIFETIME_MS = 30_000;
const COLLECTION_NAME = /^[A-Za-z0-9_\-.]{1,128}$/;

export class LocalDatabaseEngine implements DatabaseEngine {
  private readonly collections = new Map<string, Collection>();
  private readonly changes: ChangeStream;
  private readonly transactions: TransactionManager;
  private storage!: Storage;
  private committer!: Committer;
  private readonly lockWaitMs: number;
  private strict: boolean;
  private closed = false;
  /** When writes pause this long, index entries they deferred are put in place (see settleIndexes). */
  private static readonly SETTLE_AFTER_IDLE_MS = 200;
  private settleTimer: NodeJS.Timeout | undefined;
  private lastWriteAt = 0;

  private constructor(private readonly options: EngineOptions) {
    this.strict = !!options.strictIndexes;
    this.transactions = new TransactionManager(options.transactionLifetimeMs ?? DEFAULT_TRANSACTION_LIFETIME_MS);
    this.lockWaitMs = options.lockWaitMs ?? this.transactions.lifetimeMs;
    const logger = options.logger ?? new EmulatorLogger('database');
    // A faulty listener (a watch) must not fail a write that is already committed: it is logged instead.
    this.changes = new ChangeStream((error) => logger.error('change listener failed', error));
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
        put: (name, doc) => this.replayCollection(name).put(idKey(doc._id), doc, false),
        delete: (name, id) => this.replayCollection(name).delete(idKey(id), false),
      },
      { durability: this.options.durability ?? 'os', compactBytes: this.options.compactBytes ?? DEFAULT_COMPACT_BYTES },
    );
    this.storage = storage;
    this.committer = new Committer(storage, this.changes, this.transactions, {
      afterApply: () => this.settleWhenIdle(),
      afterLogged: () => {
        if (this.storage.shouldCompact) this.compact();
      },
    });
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
    return projectDocuments(docs.map(cloneValue), options.projection);
  }

  async count(collection: string, filter: Doc, txId?: string): Promise<number> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    this.checkStrict(coll, query, undefined);
    const tx = txId !== undefined ? this.transactions.get(txId) : undefined;
    if (!tx && Object.keys(query).length === 0) return coll.docs.size;
    return countDocuments(this.view(coll, tx), query);
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
    assertValidPipeline(pipeline);
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
    return runPipeline(rest, input, collectionResolver, collection);
  }

  // ------------------------------------------------------------ writes

  async insert(collection: string, docs: Doc[], txId?: string): Promise<string[]> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    if (!Array.isArray(docs) || !docs.every(isPlainObject)) throw invalidRequest('insert expects an array of documents');
    const plan = planInsert(coll, docs);
    if (txId !== undefined) return this.stageInTransaction(txId, () => plan);
    return this.commitWhenUnlocked(() => {
      assertInsertsAreNew(coll, plan.changes);
      return plan;
    });
  }

  async update(collection: string, filter: Doc, update: Doc, options: UpdateOptions, txId?: string): Promise<UpdateResult> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    if (!isPlainObject(update)) throw invalidRequest('update data must be an object');
    this.checkStrict(coll, query, undefined);
    const attempt = (tx?: Transaction): WritePlan<UpdateResult> => {
      const plan = planUpdate(this.view(coll, tx), query, update, options ?? {});
      if (!tx) assertInsertsAreNew(coll, plan.changes);
      return plan;
    };
    if (txId !== undefined) return this.stageInTransaction(txId, attempt);
    return this.commitWhenUnlocked(() => attempt());
  }

  async remove(collection: string, filter: Doc, options: { multi: boolean }, txId?: string): Promise<number> {
    this.ensureOpen();
    const coll = this.requireCollection(collection);
    const query = normalizeFilter(filter);
    this.checkStrict(coll, query, undefined);
    const attempt = (tx?: Transaction) => planRemove(this.view(coll, tx), query, !!options?.multi);
    if (txId !== undefined) return this.stageInTransaction(txId, attempt);
    return this.commitWhenUnlocked(() => attempt());
  }

  /**
   * A plain write: planned against the committed state and committed at once, unless a running
   * transaction holds one of its documents (or a unique key it needs). Then it waits for that
   * transaction to end and is planned again, as MongoDB and CloudBase's 「普通的更新操作会被阻塞」 do.
   */
  private async commitWhenUnlocked<R>(attempt: () => WritePlan<R>): Promise<R> {
    const deadline = Date.now() + this.lockWaitMs;
    for (;;) {
      const plan = attempt();
      const blocker = transactionBlocking(this.transactions, plan.changes);
      if (!blocker) {
        this.committer.commit(plan.changes);
        return plan.result;
      }
      await waitForTransactionEnd(blocker, deadline);
      this.ensureOpen();
    }
  }

  /** A write inside a transaction; a refused write (conflict, duplicate key …) aborts it, as in MongoDB. */
  private stageInTransaction<R>(txId: string, attempt: (tx: Transaction) => WritePlan<R>): R {
    const tx = this.transactions.get(txId);
    try {
      const plan = attempt(tx);
      stageChanges(this.transactions, tx, plan.changes);
      return plan.result;
    } catch (error) {
      this.transactions.finish(tx);
      throw error;
    }
  }

  // ------------------------------------------------------------ transactions

  async startTransaction(): Promise<string> {
    this.ensureOpen();
    return this.transactions.start().id;
  }

  /** Nothing is validated here: conflicts were refused at the writes, so a transaction that got this far commits. */
  async commitTransaction(txId: string): Promise<void> {
    this.ensureOpen();
    const tx = this.transactions.get(txId);
    try {
      this.committer.commit(transactionChanges(tx, this.collections));
    } finally {
      this.transactions.finish(tx);
    }
  }

  async abortTransaction(txId: string): Promise<void> {
    this.ensureOpen();
    this.transactions.finish(this.transactions.get(txId));
  }

  /** A transaction reads its snapshot with its own writes on top; everyone else reads the committed state. */
  private view(collection: Collection, tx?: Transaction): CollectionView {
    return tx ? { collection, staged: tx.overlay(collection.name) } : { collection };
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

  /** The export holds every document (password hashes, tokens …): files 0600, a folder it creates 0700. */
  async exportTo(dir: string): Promise<void> {
    this.ensureOpen();
    ensurePrivateDirectory(dir);
    const meta = [];
    for (const collection of this.collections.values()) {
      writeExportDocuments(dir, collection.name, mapIterable(collection.docs.values(), (s) => s.doc));
      meta.push({ name: collection.name, count: collection.docs.size, indexes: collection.declaredIndexes() });
    }
    writePrivateFile(path.join(dir, 'collections.json'), JSON.stringify({ collections: meta }, null, 2) + '\n');
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
          this.committer.commitUnlogged(changes);
          unlogged = true;
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
    this.transactions.abortAll();
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
