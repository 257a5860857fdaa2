/**
 * CloudBase storage, behind every door that reaches it: the server SDKs' actions on the admin endpoint
 * (storage.getUploadMetadata, storage.batchGetDownloadUrl, storage.batchDeleteFile), the js-sdk's on the
 * web endpoint (/v1/storages/* and the same actions on /web), the object traffic on the storage
 * service's own port (storage-emulator.ts: the COS-style PUT/POST upload to the URL the metadata names,
 * GET/HEAD of temporary URLs) and the console. One place decides what a caller may do: the server side
 * (server SDKs, console) may do everything; a client is held to the storage permission (storage-rules.ts).
 *
 * Answers are CloudBase's: a request-level problem is an ApiError (its code and message travel in each
 * door's error shape), a per-file problem is a result item with CloudBase's code — STORAGE_FILE_NONEXIST,
 * STORAGE_EXCEED_AUTHORITY, INVALID_PARAM — which wx-server-sdk maps to -503003, -503002, -501007.
 * Object traffic fails as COS does (CosError: an HTTP status and an XML <Error>).
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { ApiError, ApiErrorCode } from '../protocol';
import { callerId } from '../rules';
import type { ClientAuth, StorageAccessDeclaration } from '../types';
import { bucketOf, contentTypeOf, fileIdOf, parseFileId, requireCloudPath } from './file-ids';
import { IncompleteBodyError, ObjectStore, ObjectTooLargeError, type StoredObject } from './object-store';
import { Signatures, type UploadGrant } from './signatures';
import { StorageRules } from './storage-rules';

/** The server SDKs and the console act as the administrator; a client carries its identity. */
export type StorageCaller = { kind: 'server' } | { kind: 'client'; auth: ClientAuth };
export const SERVER_CALLER: StorageCaller = { kind: 'server' };

/** "一次最多取 50 个" (getTempFileURL; deleteFile takes as many). */
export const MAX_FILES_PER_CALL = 50;
/** Temporary URLs: "有效期时长，单位秒，默认86400", and at most a day. */
export const DEFAULT_URL_MAX_AGE_SECONDS = 86_400;
export const MAX_URL_MAX_AGE_SECONDS = 86_400;
/** How long an upload may start after its metadata was issued (COS signs uploads for minutes). */
export const UPLOAD_GRANT_MS = 10 * 60_000;
/** Largest object the emulator keeps (it holds files on the developer's disk). */
export const DEFAULT_MAX_OBJECT_BYTES = 50 * 1024 * 1024;

export const StorageCode = {
  SUCCESS: 'SUCCESS',
  FILE_NONEXIST: 'STORAGE_FILE_NONEXIST',
  EXCEED_AUTHORITY: 'STORAGE_EXCEED_AUTHORITY',
  INVALID_PARAM: ApiErrorCode.INVALID_PARAM,
} as const;

export type FileOutcome<T> = ({ ok: true; fileId: string } & T) | { ok: false; fileId: unknown; code: string; message: string };
export type DownloadOutcome = FileOutcome<{ url: string; maxAge: number }>;
export type DeleteOutcome = FileOutcome<Record<never, never>>;

export interface UploadTicket {
  key: string;
  fileId: string;
  /** Where the client PUTs the content (or POSTs the form). */
  url: string;
  token: string;
  authorization: string;
  cosFileId: string;
  /** A temporary URL of the file once uploaded. */
  downloadUrl: string;
}

/** A failure of object traffic, answered as COS answers it. */
export class CosError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CosError';
  }
}

export interface IncomingUpload {
  /** The key named by the URL (PUT) or the form's `key` field (POST). */
  key: string;
  token?: string;
  authorization?: string;
  cosFileId?: string;
  /** The request's content-length, when it declared one. */
  contentLength?: number;
  contentType?: string;
  body: Readable;
}

export interface StorageServiceOptions {
  envId: string;
  /** The storage folder inside the data folder (private: 0700). */
  dir: string;
  access?: StorageAccessDeclaration;
  /** Base URL of the storage service's port (http://127.0.0.1:4408), known once it is bound. */
  publicUrl: () => string;
  maxObjectBytes?: number;
  clock?: () => number;
}

export class StorageService {
  readonly bucket: string;
  readonly rules: StorageRules;
  readonly store: ObjectStore;
  private readonly signatures: Signatures;

  constructor(private readonly options: StorageServiceOptions) {
    this.bucket = bucketOf(options.envId);
    this.rules = new StorageRules(options.access, options.clock);
    this.store = new ObjectStore(options.dir);
    this.signatures = new Signatures(options.dir);
  }

  get envId(): string {
    return this.options.envId;
  }

  get maxObjectBytes(): number {
    return this.options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  fileIdOf(key: string): string {
    return fileIdOf(this.options.envId, key);
  }

  /** `http://host:port/<bucket>/<key>`: the key as it is (CloudBase's URLs are unencoded; SDKs encodeURI them). */
  objectUrl(key: string, encode = false): string {
    const path = encode ? key.split('/').map(encodeURIComponent).join('/') : key;
    return `${this.options.publicUrl()}/${this.bucket}/${path}`;
  }

  /** A temporary URL of `key`: `?sign=…&t=<expiry, epoch seconds>`. */
  temporaryUrl(key: string, maxAgeSeconds: number): string {
    const t = Math.floor(this.now() / 1000) + maxAgeSeconds;
    return `${this.objectUrl(key)}?sign=${this.signatures.signDownload(key, t)}&t=${t}`;
  }

  // ------------------------------------------------------------------ the API actions

  /** storage.getUploadMetadata / get-objects-upload-info: where and with what to upload `cloudPath`. */
  async prepareUpload(caller: StorageCaller, cloudPath: unknown, declared: { contentLength?: number; contentType?: string } = {}): Promise<UploadTicket> {
    const key = requireCloudPath(cloudPath);
    const existing = this.store.get(key);
    const owner = caller.kind === 'client' ? (callerId(caller.auth) ?? null) : null;
    if (caller.kind === 'client') {
      // A new file would be the caller's; an existing one is its owner's (overwriting is a write on it).
      const resource = { openid: existing ? (existing.owner ?? undefined) : (owner ?? undefined), path: key };
      if (!(await this.rules.allows('write', caller.auth, resource))) {
        throw new ApiError(StorageCode.EXCEED_AUTHORITY, `permission denied: the storage rule does not let this user write ${key}`);
      }
    }
    const grant: UploadGrant = { key, owner, expiresAt: this.now() + UPLOAD_GRANT_MS, ...declaredHeaders(declared), ...(existing ? { checkedOwner: existing.owner } : {}) };
    const { token, authorization, cosFileId } = this.signatures.issueUpload(grant);
    return { key, fileId: this.fileIdOf(key), url: this.objectUrl(key, true), token, authorization, cosFileId, downloadUrl: this.temporaryUrl(key, DEFAULT_URL_MAX_AGE_SECONDS) };
  }

  /** storage.batchGetDownloadUrl / get-objects-download-info: a temporary URL per file, or why not. */
  async downloadUrls(caller: StorageCaller, items: readonly { fileId: unknown; maxAge?: unknown }[]): Promise<DownloadOutcome[]> {
    requireFileCount(items.length);
    return Promise.all(
      items.map(async ({ fileId, maxAge }): Promise<DownloadOutcome> => {
        const found = await this.authorizedFile(caller, fileId, 'read');
        if (!found.ok) return found;
        const seconds = urlMaxAge(maxAge);
        return { ok: true, fileId: found.fileId, url: this.temporaryUrl(found.object.key, seconds), maxAge: seconds };
      }),
    );
  }

  /** storage.batchDeleteFile / delete-objects. */
  async deleteFiles(caller: StorageCaller, fileIds: readonly unknown[]): Promise<DeleteOutcome[]> {
    requireFileCount(fileIds.length);
    const outcomes: DeleteOutcome[] = [];
    for (const fileId of fileIds) {
      const found = await this.authorizedFile(caller, fileId, 'write');
      if (!found.ok) outcomes.push(found);
      else {
        this.store.delete(found.object.key);
        outcomes.push({ ok: true, fileId: found.fileId });
      }
    }
    return outcomes;
  }

  /**
   * The stored object a fileID names, if this caller may act on it. The rule is asked first, with the
   * owner of the file when there is one: under an owner rule, someone else's file and a missing one
   * answer alike (STORAGE_EXCEED_AUTHORITY), so a client cannot probe which paths exist.
   */
  private async authorizedFile(caller: StorageCaller, fileId: unknown, operation: 'read' | 'write'): Promise<{ ok: true; fileId: string; object: StoredObject } | Extract<DownloadOutcome, { ok: false }>> {
    const parsed = parseFileId(fileId, this.options.envId);
    if (!parsed.ok) return { ok: false, fileId, code: StorageCode.INVALID_PARAM, message: parsed.message };
    const object = this.store.get(parsed.key);
    if (caller.kind === 'client' && !(await this.rules.allows(operation, caller.auth, { openid: object?.owner ?? undefined, path: parsed.key }))) {
      return { ok: false, fileId, code: StorageCode.EXCEED_AUTHORITY, message: `permission denied: the storage rule does not let this user ${operation} ${parsed.key}` };
    }
    if (!object) return { ok: false, fileId, code: StorageCode.FILE_NONEXIST, message: `file ${parsed.key} does not exist` };
    return { ok: true, fileId: fileId as string, object };
  }

  // ------------------------------------------------------------------ object traffic (storage-emulator.ts)

  /** The PUT or POST of an upload: checked against the grant it carries, then stored. */
  async acceptUpload(upload: IncomingUpload): Promise<StoredObject> {
    const read = this.signatures.readUpload(upload.token);
    if (!read.ok) throw new CosError(403, 'AccessDenied', read.reason);
    const grant = read.grant;
    if (grant.key !== upload.key) throw new CosError(403, 'SignatureDoesNotMatch', `the upload was signed for ${grant.key}, not ${upload.key}`);
    if (!upload.authorization || upload.authorization !== this.signatures.authorizationOf(upload.token!, grant.expiresAt)) {
      throw new CosError(403, 'SignatureDoesNotMatch', 'the authorization does not match the security token (send both as getUploadMetadata answered them)');
    }
    if (upload.cosFileId !== this.signatures.cosFileIdOf(grant.key, upload.token!)) throw new CosError(403, 'SignatureDoesNotMatch', 'x-cos-meta-fileid does not match the upload metadata');
    if (grant.expiresAt <= this.now()) throw new CosError(403, 'AccessDenied', 'Request has expired');
    if (grant.contentLength !== undefined && upload.contentLength !== undefined && upload.contentLength !== grant.contentLength) {
      throw new CosError(403, 'SignatureDoesNotMatch', `content-length ${upload.contentLength} differs from the signed ${grant.contentLength}`);
    }
    const contentType = upload.contentType?.trim();
    if (grant.contentType !== undefined && contentType !== undefined && contentType.toLowerCase() !== grant.contentType.toLowerCase()) {
      throw new CosError(403, 'SignatureDoesNotMatch', `content-type ${contentType} differs from the signed ${grant.contentType}`);
    }
    if (upload.contentLength !== undefined && upload.contentLength > this.maxObjectBytes) throw new CosError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${this.maxObjectBytes} bytes)`);
    // The grant was given against the file as it was; someone else's upload since then needs a new one.
    const current = this.store.get(grant.key);
    if (grant.checkedOwner !== (current ? current.owner : undefined)) throw new CosError(403, 'AccessDenied', `${grant.key} changed since the upload was granted; ask for new upload metadata`);
    try {
      return await this.store.write(upload.body, {
        key: grant.key,
        owner: grant.owner,
        contentType: contentType || grant.contentType || contentTypeOf(grant.key),
        maxBytes: this.maxObjectBytes,
        expectedLength: grant.contentLength,
        now: new Date(this.now()),
      });
    } catch (err) {
      if (err instanceof ObjectTooLargeError) throw new CosError(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${this.maxObjectBytes} bytes)`);
      if (err instanceof IncompleteBodyError) throw new CosError(400, 'IncompleteBody', err.message);
      throw err;
    }
  }

  /**
   * The object a GET of a temporary URL names. The signature must be valid and unexpired, unless every
   * client may read every file: then, as on CloudBase ("公有读的文件获取的链接不会过期"), the link works
   * without one.
   */
  openDownload(key: string, query: URLSearchParams): StoredObject {
    if (!this.rules.publicRead) {
      const sign = query.get('sign');
      const t = query.get('t');
      if (!sign || !t) throw new CosError(403, 'AccessDenied', 'Access Denied. (a temporary URL carries sign and t)');
      if (!this.signatures.verifyDownload(key, sign, t)) throw new CosError(403, 'AccessDenied', 'Access Denied. (the signature does not match this file)');
      if (Number(t) * 1000 <= this.now()) throw new CosError(403, 'AccessDenied', 'Request has expired');
    }
    const object = this.store.get(key);
    if (!object) throw new CosError(404, 'NoSuchKey', 'The specified key does not exist.');
    return object;
  }

  readStream(object: StoredObject): fs.ReadStream {
    return fs.createReadStream(this.store.contentPath(object));
  }

  // ------------------------------------------------------------------ console, export and import

  list(): StoredObject[] {
    return this.store.list();
  }

  exportTo(dir: string): void {
    this.store.exportTo(dir);
  }

  importFrom(dir: string): number {
    return this.store.importFrom(dir);
  }
}

function requireFileCount(count: number): void {
  if (count === 0) throw new ApiError(StorageCode.INVALID_PARAM, 'fileList must not be empty');
  if (count > MAX_FILES_PER_CALL) throw new ApiError(StorageCode.INVALID_PARAM, `fileList has ${count} files; at most ${MAX_FILES_PER_CALL} per call`);
}

/** maxAge in seconds: the default when missing or not a positive number, at most a day. */
function urlMaxAge(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_URL_MAX_AGE_SECONDS;
  return Math.min(Math.floor(seconds) || 1, MAX_URL_MAX_AGE_SECONDS);
}

function declaredHeaders(declared: { contentLength?: number; contentType?: string }) {
  const out: { contentLength?: number; contentType?: string } = {};
  if (declared.contentLength !== undefined && Number.isInteger(declared.contentLength) && declared.contentLength >= 0) out.contentLength = declared.contentLength;
  if (declared.contentType) out.contentType = declared.contentType;
  return out;
}
