/**
 * Export folders: `collections.json` + one `<collection>.jsonl` per collection (canonical EJSON, one
 * document a line). Files are written and read in chunks, line by line: a seed of a million tickets is
 * gigabytes, far beyond what one string can hold.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Doc, IndexDeclaration } from '../types';
import { DatabaseError } from '../types';
import { parseEjson, stringifyEjson } from './ejson';
import { invalidRequest } from './errors';
import { readLines } from './line-reader';
import { openPrivateFile } from './private-files';
import { isPlainObject } from './values';

export { ensurePrivateDirectory, writePrivateFile } from './private-files';

export interface ImportedCollection {
  name: string;
  indexes?: IndexDeclaration[];
}

/** Collections to import: as `collections.json` lists them, or every `.jsonl` file without it. */
export function readImportMeta(dir: string): ImportedCollection[] {
  const metaFile = path.join(dir, 'collections.json');
  if (fs.existsSync(metaFile)) {
    const parsed = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { collections?: ImportedCollection[] } | ImportedCollection[];
    return Array.isArray(parsed) ? parsed : (parsed.collections ?? []);
  }
  if (!fs.existsSync(dir)) throw invalidRequest(`Import folder not found: ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => ({ name: f.slice(0, -'.jsonl'.length) }));
}

/** Every document of one collection file (none when it is missing); throws on the first bad line. */
export function readImportDocuments(dir: string, collection: string, chunkBytes?: number): Doc[] {
  const file = path.join(dir, `${collection}.jsonl`);
  const docs: Doc[] = [];
  if (!fs.existsSync(file)) return docs;
  let lineNumber = 0;
  readLines(
    file,
    (line) => {
      lineNumber++;
      if (line.trim() === '') return;
      let doc: unknown;
      try {
        doc = parseEjson(line);
      } catch (error) {
        throw new DatabaseError('DATABASE_REQUEST_FAILED', `${file}:${lineNumber}: ${(error as Error).message}`);
      }
      if (!isPlainObject(doc)) throw invalidRequest(`${file}:${lineNumber}: every line must be a document`);
      docs.push(doc);
    },
    chunkBytes,
  );
  return docs;
}

const WRITE_CHUNK_CHARS = 1 << 20;

/** Writes one collection's documents, a line each, to an owner-only file. */
export function writeExportDocuments(dir: string, collection: string, docs: Iterable<Doc>): void {
  const fd = openPrivateFile(path.join(dir, `${collection}.jsonl`), 'w');
  try {
    let pending: string[] = [];
    let pendingChars = 0;
    for (const doc of docs) {
      const line = stringifyEjson(doc) + '\n';
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= WRITE_CHUNK_CHARS) {
        writeAll(fd, pending.join(''));
        pending = [];
        pendingChars = 0;
      }
    }
    if (pending.length > 0) writeAll(fd, pending.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const data = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
}
