/**
 * Full image of the database, written to a temporary file, fsynced and renamed over the previous one, so
 * a crash at any moment leaves either the old or the new snapshot, never half of one. The header names the
 * log generation that continues it; the trailer proves the file is complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Doc, IndexDeclaration } from '../types';
import { DatabaseError } from '../types';
import { fromEjsonValue, stringifyEjson } from './ejson';
import { readLines } from './line-reader';
import { openPrivateFile } from './private-files';

export const SNAPSHOT_FILE = 'snapshot.jsonl';

export interface SnapshotCollection {
  name: string;
  indexes: IndexDeclaration[];
  docs: Iterable<Doc>;
}

export interface SnapshotHeader {
  format: 1;
  generation: number;
  seq: number;
  collections: { name: string; indexes: IndexDeclaration[] }[];
}

const FLUSH_BYTES = 1 << 20;

/** Returns the snapshot's size in bytes. */
export function writeSnapshot(dir: string, generation: number, seq: number, collections: SnapshotCollection[]): number {
  const target = path.join(dir, SNAPSHOT_FILE);
  const temp = target + '.tmp';
  const fd = openPrivateFile(temp, 'w');
  let bytes = 0;
  try {
    let pending: string[] = [];
    let pendingBytes = 0;
    const write = (line: string): void => {
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
    };
    const flush = (): void => {
      if (pending.length === 0) return;
      fs.writeSync(fd, pending.join(''));
      pending = [];
      pendingBytes = 0;
    };
    const header: SnapshotHeader = { format: 1, generation, seq, collections: collections.map((c) => ({ name: c.name, indexes: c.indexes })) };
    write(JSON.stringify(header) + '\n');
    let count = 0;
    for (const collection of collections) {
      const c = JSON.stringify(collection.name);
      for (const doc of collection.docs) {
        write(`{"c":${c},"d":${stringifyEjson(doc)}}\n`);
        count++;
      }
    }
    write(JSON.stringify({ end: true, count }) + '\n');
    flush();
    fs.fsyncSync(fd);
    bytes = fs.fstatSync(fd).size;
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  syncDirectory(dir);
  return bytes;
}

/**
 * Streams the snapshot: the header (collections and indexes) first, then each document to `onDoc`.
 * The trailer is only checked at the end, so a bad file throws after some documents were handed over:
 * callers load into state they discard when opening fails.
 */
export function readSnapshot(dir: string, onHeader: (header: SnapshotHeader) => void, onDoc: (collection: string, doc: Doc) => void): SnapshotHeader | undefined {
  const file = path.join(dir, SNAPSHOT_FILE);
  if (!fs.existsSync(file)) return undefined;
  const corrupt = (why: string): DatabaseError =>
    new DatabaseError('DATABASE_REQUEST_FAILED', `Snapshot ${file} is unreadable (${why}); move it away to start from the write-ahead log only`);
  let header: SnapshotHeader | undefined;
  let trailer: { end?: boolean; count?: number } | undefined;
  let count = 0;
  // A document line is handled one line late: only the last line of the file is the trailer.
  let previous: string | undefined;
  const takeDocument = (line: string): void => {
    const parsed = JSON.parse(line) as { c: string; d: unknown };
    onDoc(parsed.c, fromEjsonValue(parsed.d) as Doc);
    count++;
  };
  readLines(file, (line) => {
    if (!header) {
      try {
        header = JSON.parse(line) as SnapshotHeader;
      } catch {
        throw corrupt('bad header');
      }
      onHeader(header);
      return;
    }
    if (previous !== undefined) takeDocument(previous);
    previous = line;
  });
  if (!header) throw corrupt('bad header');
  if (previous !== undefined) {
    try {
      trailer = JSON.parse(previous) as typeof trailer;
    } catch {
      trailer = undefined;
    }
  }
  if (!trailer?.end || trailer.count !== count) throw corrupt('incomplete');
  return header;
}

/** Makes the rename itself durable (directory entry), where the platform allows opening directories. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not supported on every platform (e.g. Windows); the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
