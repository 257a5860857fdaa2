/**
 * Durable state in dataDir: `snapshot.jsonl` (generation g) + `wal-<g>.log` (batches since that snapshot).
 * Compaction writes snapshot g+1, then starts wal-<g+1>; a crash between the two steps is harmless because
 * a snapshot only ever pairs with the log of its own generation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Doc, IndexDeclaration } from '../types';
import { readTail } from './line-reader';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE, writePrivateFile } from './private-files';
import { readSnapshot, SNAPSHOT_FILE, syncDirectory, writeSnapshot, type SnapshotCollection } from './snapshot';
import { readLog, WriteAheadLog, type Durability, type LogOp } from './write-ahead-log';

export interface ReplaySink {
  createCollection(name: string): void;
  dropCollection(name: string): void;
  defineIndex(collection: string, index: IndexDeclaration): void;
  put(collection: string, doc: Doc): void;
  delete(collection: string, id: unknown): void;
}

export interface StorageOptions {
  durability: Durability;
  /** Smallest log size that triggers compaction after a write (the log must also outgrow the snapshot). */
  compactBytes: number;
}

export class Storage {
  private log: WriteAheadLog;

  private constructor(
    private readonly dir: string,
    private generation: number,
    private snapshotBytes: number,
    private readonly options: StorageOptions,
  ) {
    this.log = new WriteAheadLog(logPath(dir, generation), options.durability);
  }

  /** Loads snapshot + log into `sink`; returns the storage and the last persisted change sequence. */
  static open(dir: string, sink: ReplaySink, options: StorageOptions): { storage: Storage; seq: number } {
    ensurePrivateDirectory(dir, true);
    narrowDataFiles(dir);
    let generation = 0;
    let seq = 0;
    const header = readSnapshot(
      dir,
      (h) => {
        for (const c of h.collections) {
          sink.createCollection(c.name);
          for (const index of c.indexes) sink.defineIndex(c.name, index);
        }
      },
      (collection, doc) => sink.put(collection, doc),
    );
    if (header) {
      generation = header.generation;
      seq = header.seq;
    }
    const file = logPath(dir, generation);
    const extent = readLog(file, (record) => {
      for (const op of record.ops) replay(sink, op);
      seq = Math.max(seq, record.seq);
    });
    if (extent.validBytes < extent.totalBytes) {
      // Keep the discarded bytes for forensics, then cut the torn tail so new records append cleanly.
      writePrivateFile(`${file}.torn-${Date.now()}`, readTail(file, extent.validBytes));
      fs.truncateSync(file, extent.validBytes);
    }
    removeStaleLogs(dir, generation);
    const snapshotBytes = header ? fs.statSync(path.join(dir, SNAPSHOT_FILE)).size : 0;
    return { storage: new Storage(dir, generation, snapshotBytes, options), seq };
  }

  get logBytes(): number {
    return this.log.size;
  }

  /**
   * A snapshot rewrites the whole database, so compacting every `compactBytes` of log is quadratic while
   * the database grows (a bulk load rewrote gigabytes over and over). Waiting until the log is also as
   * large as the last snapshot (Redis' auto-aof-rewrite-percentage 100) keeps the total snapshot work
   * linear in what was written, and bounds what open replays to about twice the data.
   */
  get shouldCompact(): boolean {
    return this.log.size >= Math.max(this.options.compactBytes, this.snapshotBytes);
  }

  append(seq: number, ops: LogOp[]): void {
    this.log.append({ seq, ops });
  }

  compact(collections: SnapshotCollection[], seq: number): void {
    const next = this.generation + 1;
    this.snapshotBytes = writeSnapshot(this.dir, next, seq, collections);
    this.log.close();
    const old = logPath(this.dir, this.generation);
    this.generation = next;
    this.log = new WriteAheadLog(logPath(this.dir, next), this.options.durability);
    fs.rmSync(old, { force: true });
    syncDirectory(this.dir);
  }

  close(): void {
    this.log.close();
  }
}

function replay(sink: ReplaySink, op: LogOp): void {
  switch (op.op) {
    case 'put':
      return sink.put(op.c, op.doc);
    case 'del':
      return sink.delete(op.c, op.id);
    case 'create':
      return sink.createCollection(op.c);
    case 'drop':
      return sink.dropCollection(op.c);
    case 'index':
      return sink.defineIndex(op.c, op.index);
  }
}

function logPath(dir: string, generation: number): string {
  return path.join(dir, `wal-${generation}.log`);
}

/** Files an older version wrote world-readable become owner-only (they hold every document). */
function narrowDataFiles(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name === SNAPSHOT_FILE || /^wal-\d+\.log(\.torn-\d+)?$/.test(name)) fs.chmodSync(path.join(dir, name), PRIVATE_FILE_MODE);
  }
}

function removeStaleLogs(dir: string, generation: number): void {
  for (const name of fs.readdirSync(dir)) {
    const match = /^wal-(\d+)\.log$/.exec(name);
    if (match && Number(match[1]) < generation) fs.rmSync(path.join(dir, name), { force: true });
  }
}
