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

export function writeSnapshot(dir: string, generation: number, seq: number, collections: SnapshotCollection[]): void {
  const target = path.join(dir, SNAPSHOT_FILE);
  const temp = target + '.tmp';
  const fd = fs.openSync(temp, 'w');
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
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  syncDirectory(dir);
}

export interface SnapshotContents {
  header: SnapshotHeader;
  docs: { collection: string; doc: Doc }[];
}

export function readSnapshot(dir: string): SnapshotContents | undefined {
  const file = path.join(dir, SNAPSHOT_FILE);
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const corrupt = (why: string): DatabaseError =>
    new DatabaseError('DATABASE_REQUEST_FAILED', `Snapshot ${file} is unreadable (${why}); move it away to start from the write-ahead log only`);
  let header: SnapshotHeader;
  try {
    header = JSON.parse(lines[0]) as SnapshotHeader;
  } catch {
    throw corrupt('bad header');
  }
  const trailer = JSON.parse(lines[lines.length - 1] ?? 'null') as { end?: boolean; count?: number } | null;
  if (!trailer?.end || trailer.count !== lines.length - 2) throw corrupt('incomplete');
  const docs: { collection: string; doc: Doc }[] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const line = JSON.parse(lines[i]) as { c: string; d: unknown };
    docs.push({ collection: line.c, doc: fromEjsonValue(line.d) as Doc });
  }
  return { header, docs };
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
