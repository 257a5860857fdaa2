/**
 * Append-only log of committed write batches, one JSON line each. A line is written with a single
 * writeSync before the write is acknowledged, so it sits in the OS page cache and survives the process
 * being killed; `durability: 'fsync'` additionally forces it to disk (survives power loss, much slower).
 * Lines hold the resulting documents, never operators, so replay is deterministic and idempotent.
 */
import fs from 'node:fs';
import type { Doc, IndexDeclaration } from '../types';
import { fromEjsonValue, stringifyEjson } from './ejson';
import { readLines } from './line-reader';
import { openPrivateFile } from './private-files';

export type LogOp =
  | { op: 'put'; c: string; doc: Doc }
  | { op: 'del'; c: string; id: unknown }
  | { op: 'create'; c: string }
  | { op: 'drop'; c: string }
  | { op: 'index'; c: string; index: IndexDeclaration };

export interface LogRecord {
  /** Change-event sequence after this batch. */
  seq: number;
  ops: LogOp[];
}

export type Durability = 'os' | 'fsync';

export function serializeRecord(record: LogRecord): string {
  // Pieces joined once: a template around the joined ops would be a rope that writing flattens, copying
  // megabytes per bulk batch again.
  const parts: string[] = [`{"s":${record.seq},"o":[`];
  record.ops.forEach((op, i) => {
    const separator = i > 0 ? ',' : '';
    if (op.op === 'put') parts.push(`${separator}{"op":"put","c":${JSON.stringify(op.c)},"d":`, stringifyEjson(op.doc), '}');
    else if (op.op === 'del') parts.push(`${separator}{"op":"del","c":${JSON.stringify(op.c)},"id":`, stringifyEjson(op.id), '}');
    else parts.push(separator + JSON.stringify(op));
  });
  parts.push(']}\n');
  return parts.join('');
}

function deserializeRecord(line: string): LogRecord {
  const raw = JSON.parse(line) as { s: number; o: Array<Record<string, unknown>> };
  if (typeof raw.s !== 'number' || !Array.isArray(raw.o)) throw new Error('not a log record');
  const ops = raw.o.map((op): LogOp => {
    if (op.op === 'put') return { op: 'put', c: op.c as string, doc: fromEjsonValue(op.d) as Doc };
    if (op.op === 'del') return { op: 'del', c: op.c as string, id: fromEjsonValue(op.id) };
    return op as LogOp;
  });
  return { seq: raw.s, ops };
}

export interface LogExtent {
  /** Bytes up to the end of the last complete, parseable line. */
  validBytes: number;
  totalBytes: number;
}

/**
 * Hands every complete record to `onRecord`, streaming (the log may grow as large as the snapshot);
 * a torn or garbled tail (crash mid-append) ends the log.
 */
export function readLog(path: string, onRecord: (record: LogRecord) => void): LogExtent {
  if (!fs.existsSync(path)) return { validBytes: 0, totalBytes: 0 };
  const { acceptedBytes, totalBytes } = readLines(path, (line, terminated) => {
    if (!terminated) return false;
    let record: LogRecord;
    try {
      record = deserializeRecord(line);
    } catch {
      return false;
    }
    onRecord(record);
  });
  return { validBytes: acceptedBytes, totalBytes };
}

export class WriteAheadLog {
  private fd: number;
  private bytes: number;

  constructor(
    readonly path: string,
    private readonly durability: Durability,
  ) {
    this.fd = openPrivateFile(path, 'a');
    this.bytes = fs.fstatSync(this.fd).size;
  }

  get size(): number {
    return this.bytes;
  }

  append(record: LogRecord): void {
    const text = serializeRecord(record);
    const length = Buffer.byteLength(text, 'utf8');
    // Writing the string itself spares a Buffer copy of every record (megabytes per bulk batch, which also
    // pushed the GC); only a short write, which regular files practically never do, needs the bytes.
    let written = fs.writeSync(this.fd, text);
    if (written < length) {
      const data = Buffer.from(text, 'utf8');
      while (written < length) written += fs.writeSync(this.fd, data, written, length - written);
    }
    if (this.durability === 'fsync') fs.fsyncSync(this.fd);
    this.bytes += length;
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}
