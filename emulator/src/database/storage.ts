/**
 * Durable state in dataDir: `snapshot.jsonl` (generation g) + `wal-<g>.log` (batches since that snapshot).
 * Compaction writes snapshot g+1, then starts wal-<g+1>; a crash between the two steps is harmless because
 * a snapshot only ever pairs with the log of its own generation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Doc, IndexDeclaration } from '../types';
import { readSnapshot, syncDirectory, writeSnapshot, type SnapshotCollection } from './snapshot';
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
  /** Log size that triggers compaction after a write. */
  compactBytes: number;
}

export class Storage {
  private log: WriteAheadLog;

  private constructor(
    private readonly dir: string,
    private generation: number,
    private readonly options: StorageOptions,
  ) {
    this.log = new WriteAheadLog(logPath(dir, generation), options.durability);
  }

  /** Loads snapshot + log into `sink`; returns the storage and the last persisted change sequence. */
  static open(dir: string, sink: ReplaySink, options: StorageOptions): { storage: Storage; seq: number } {
    fs.mkdirSync(dir, { recursive: true });
    const snapshot = readSnapshot(dir);
    let generation = 0;
    let seq = 0;
    if (snapshot) {
      generation = snapshot.header.generation;
      seq = snapshot.header.seq;
      for (const c of snapshot.header.collections) {
        sink.createCollection(c.name);
        for (const index of c.indexes) sink.defineIndex(c.name, index);
      }
      for (const { collection, doc } of snapshot.docs) sink.put(collection, doc);
    }
    const file = logPath(dir, generation);
    const contents = readLog(file);
    for (const record of contents.records) {
      for (const op of record.ops) replay(sink, op);
      seq = Math.max(seq, record.seq);
    }
    if (contents.validBytes < contents.totalBytes) {
      // Keep the discarded bytes for forensics, then cut the torn tail so new records append cleanly.
      fs.writeFileSync(`${file}.torn-${Date.now()}`, fs.readFileSync(file).subarray(contents.validBytes));
      fs.truncateSync(file, contents.validBytes);
    }
    removeStaleLogs(dir, generation);
    return { storage: new Storage(dir, generation, options), seq };
  }

  get logBytes(): number {
    return this.log.size;
  }

  get shouldCompact(): boolean {
    return this.log.size >= this.options.compactBytes;
  }

  append(seq: number, ops: LogOp[]): void {
    this.log.append({ seq, ops });
  }

  compact(collections: SnapshotCollection[], seq: number): void {
    const next = this.generation + 1;
    writeSnapshot(this.dir, next, seq, collections);
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

function removeStaleLogs(dir: string, generation: number): void {
  for (const name of fs.readdirSync(dir)) {
    const match = /^wal-(\d+)\.log$/.exec(name);
    if (match && Number(match[1]) < generation) fs.rmSync(path.join(dir, name), { force: true });
  }
}
