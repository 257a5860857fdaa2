/**
 * The bucket on disk: `<data folder>/storage/objects/`, one metadata file and one content file per
 * object, both named by the SHA-256 of the key, never by the key itself, so no cloud path can name a file
 * outside the folder. Uploaded files are private data (owner-only: files 0600, folders 0700, as the
 * database's). Writes stream to a temporary file within the size limit, then the content file and the
 * metadata file are put in place by rename: a reader (always through the in-memory index, which changes
 * only after both renames) sees the old object or the new one, never half of one; each version gets its
 * own content file, so replacing an object never rewrites a file someone is reading. Content files that
 * no metadata names (left by a crash) are removed at start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ensurePrivateDirectory, openPrivateFile, writePrivateFile } from '../database/private-files';

export interface StoredObject {
  key: string;
  size: number;
  contentType: string;
  /** openid or uid of the client that uploaded it (resource.openid in rules); null when a server SDK did. */
  owner: string | null;
  /** ISO time of the upload. */
  uploadedAt: string;
  /** MD5 of the content, quoted, as COS answers ETag. */
  etag: string;
  /** File name of the content inside objects/ (a hash-derived name, never the key). */
  contentFile: string;
}

export class ObjectTooLargeError extends Error {
  override name = 'ObjectTooLargeError';
}

/** The content ended before the length the client signed. */
export class IncompleteBodyError extends Error {
  override name = 'IncompleteBodyError';
}

const CONTENT_FILE = /^[0-9a-f]{64}\.[0-9a-f]{16}\.bin$/;
const META_FILE = /^([0-9a-f]{64})\.json$/;

const hashOf = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

export interface ObjectWrite {
  key: string;
  owner: string | null;
  contentType: string;
  maxBytes: number;
  /** When given, the content must be exactly this long (the signed content-length). */
  expectedLength?: number;
  now?: Date;
}

export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly dir: string;

  /** `root` is the storage folder (e.g. `<data>/storage`); objects live in its `objects/` folder. */
  constructor(root: string) {
    ensurePrivateDirectory(root, true);
    this.dir = path.join(root, 'objects');
    ensurePrivateDirectory(this.dir, true);
    this.load();
  }

  get(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  /** Every object, newest upload first. */
  list(): StoredObject[] {
    return [...this.objects.values()].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || a.key.localeCompare(b.key));
  }

  get count(): number {
    return this.objects.size;
  }

  contentPath(object: StoredObject): string {
    return path.join(this.dir, object.contentFile);
  }

  /** Streams `source` into the object `write.key` (replacing any earlier version) within `write.maxBytes`. */
  async write(source: Readable, write: ObjectWrite): Promise<StoredObject> {
    const hash = hashOf(write.key);
    const contentFile = `${hash}.${crypto.randomBytes(8).toString('hex')}.bin`;
    const target = path.join(this.dir, contentFile);
    const tmp = `${target}.tmp`;
    const md5 = crypto.createHash('md5');
    let size = 0;
    const fd = openPrivateFile(tmp, 'w');
    try {
      size = await new Promise<number>((resolve, reject) => {
        let received = 0;
        let failure: Error | undefined;
        let settled = false;
        const settle = (err?: Error) => {
          if (settled) return;
          settled = true;
          if (err) reject(err);
          else resolve(received);
        };
        source.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (failure) {
            // Past the limit the rest is read and dropped, so the client still gets COS's answer; a client
            // that keeps sending far beyond it is cut off.
            if (received > write.maxBytes * 2 + 1024 * 1024) {
              source.destroy();
              settle(failure);
            }
            return;
          }
          if (received > write.maxBytes) failure = new ObjectTooLargeError(`the object is larger than ${write.maxBytes} bytes`);
          else if (write.expectedLength !== undefined && received > write.expectedLength) failure = new IncompleteBodyError(`the body is longer than the signed content-length ${write.expectedLength}`);
          if (failure) return;
          md5.update(chunk);
          let written = 0;
          while (written < chunk.length) written += fs.writeSync(fd, chunk, written, chunk.length - written);
        });
        source.once('end', () => settle(failure));
        source.once('error', (err) => settle(failure ?? err));
        source.once('close', () => settle(failure ?? new IncompleteBodyError('the upload was interrupted before its end')));
      });
      if (write.expectedLength !== undefined && size !== write.expectedLength) throw new IncompleteBodyError(`the body has ${size} bytes, the signed content-length says ${write.expectedLength}`);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
    const object: StoredObject = {
      key: write.key,
      size,
      contentType: write.contentType,
      owner: write.owner,
      uploadedAt: (write.now ?? new Date()).toISOString(),
      etag: `"${md5.digest('hex')}"`,
      contentFile,
    };
    this.install(hash, object);
    return object;
  }

  /** Removes the object; false when there was none. */
  delete(key: string): boolean {
    const object = this.objects.get(key);
    if (!object) return false;
    const hash = hashOf(key);
    fs.rmSync(path.join(this.dir, `${hash}.json`), { force: true });
    this.objects.delete(key);
    fs.rmSync(path.join(this.dir, object.contentFile), { force: true });
    return true;
  }

  /** Copies every object into `<dir>/storage/objects/` (the same layout, so importFrom reads it back). */
  exportTo(dir: string): void {
    const target = path.join(dir, 'storage', 'objects');
    ensurePrivateDirectory(path.join(dir, 'storage'));
    ensurePrivateDirectory(target);
    for (const object of this.objects.values()) {
      const hash = hashOf(object.key);
      fs.copyFileSync(path.join(this.dir, object.contentFile), path.join(target, object.contentFile));
      fs.chmodSync(path.join(target, object.contentFile), 0o600);
      writePrivateFile(path.join(target, `${hash}.json`), JSON.stringify(object));
    }
  }

  /**
   * Loads the objects of an export folder (`<dir>/storage/objects/`), replacing those with the same keys.
   * Only files named as the store names them are read, and a metadata file must carry the key its name is
   * the hash of: an import folder cannot point the store at a file outside it.
   */
  importFrom(dir: string): number {
    const source = path.join(dir, 'storage', 'objects');
    if (!fs.existsSync(source)) return 0;
    let imported = 0;
    for (const name of fs.readdirSync(source)) {
      const meta = readMeta(source, name);
      if (!meta) continue;
      const contentFile = `${hashOf(meta.key)}.${crypto.randomBytes(8).toString('hex')}.bin`;
      fs.copyFileSync(path.join(source, meta.contentFile), path.join(this.dir, contentFile));
      fs.chmodSync(path.join(this.dir, contentFile), 0o600);
      this.install(hashOf(meta.key), { ...meta, contentFile });
      imported++;
    }
    return imported;
  }

  private install(hash: string, object: StoredObject): void {
    const previous = this.objects.get(object.key);
    const metaFile = path.join(this.dir, `${hash}.json`);
    writePrivateFile(`${metaFile}.tmp`, JSON.stringify(object));
    fs.renameSync(`${metaFile}.tmp`, metaFile);
    this.objects.set(object.key, object);
    if (previous && previous.contentFile !== object.contentFile) fs.rmSync(path.join(this.dir, previous.contentFile), { force: true });
  }

  private load(): void {
    const referenced = new Set<string>();
    for (const name of fs.readdirSync(this.dir)) {
      const meta = readMeta(this.dir, name);
      if (!meta) continue;
      this.objects.set(meta.key, meta);
      referenced.add(meta.contentFile);
    }
    // Content without metadata (a crash between the renames, or a .tmp mid-write) is garbage.
    for (const name of fs.readdirSync(this.dir)) {
      if ((CONTENT_FILE.test(name) && !referenced.has(name)) || name.endsWith('.tmp')) fs.rmSync(path.join(this.dir, name), { force: true });
    }
  }
}

/** A metadata file of `dir` that is well-formed and names a content file that exists there, or null. */
function readMeta(dir: string, name: string): StoredObject | null {
  const match = META_FILE.exec(name);
  if (!match) return null;
  let meta: StoredObject;
  try {
    meta = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as StoredObject;
  } catch {
    return null;
  }
  if (typeof meta?.key !== 'string' || hashOf(meta.key) !== match[1]) return null;
  if (typeof meta.contentFile !== 'string' || !CONTENT_FILE.test(meta.contentFile) || !meta.contentFile.startsWith(match[1])) return null;
  if (!fs.existsSync(path.join(dir, meta.contentFile))) return null;
  return {
    key: meta.key,
    size: Number(meta.size) || 0,
    contentType: typeof meta.contentType === 'string' ? meta.contentType : 'application/octet-stream',
    owner: typeof meta.owner === 'string' ? meta.owner : null,
    uploadedAt: typeof meta.uploadedAt === 'string' ? meta.uploadedAt : new Date(0).toISOString(),
    etag: typeof meta.etag === 'string' ? meta.etag : '""',
    contentFile: meta.contentFile,
  };
}
