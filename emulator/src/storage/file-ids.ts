/**
 * Names in CloudBase storage, as the SDKs see them:
 *  - a cloud path (`cloudPath` of uploadFile, `objectId` of the HTTP API): the object's key in the
 *    environment's bucket, e.g. `uploads/u_1/202612/a1b2.jpg`;
 *  - a fileID: `cloud://<envId>.<bucket>/<cloud path>`, what uploadFile answers and every other call takes;
 *  - the bucket: `<hex of the env id's first two characters>-<envId>-<appId>`, the form CloudBase gives
 *    each environment's bucket (e.g. env `demo-x` → `6465-demo-x-1300000000`).
 * Pure functions: the service (storage-service.ts) and the console use them; nothing here touches a disk.
 * A cloud path never becomes a file system path (object-store.ts names files by a hash of it); the rules
 * below are what CloudBase-compatible clients may name, and keep URLs built from a path unambiguous.
 */
import { ApiError, ApiErrorCode } from '../protocol';

/** COS's limit on an object key, in UTF-8 bytes. */
export const MAX_CLOUD_PATH_BYTES = 850;
/** The emulator's stand-in for the account's APPID in bucket names. */
export const EMULATOR_APP_ID = '1300000000';

/** The bucket of an environment, in CloudBase's naming. */
export function bucketOf(envId: string): string {
  const prefix = Buffer.from(envId.slice(0, 2), 'utf8').toString('hex');
  return `${prefix}-${envId}-${EMULATOR_APP_ID}`;
}

export function fileIdOf(envId: string, key: string): string {
  return `cloud://${envId}.${bucketOf(envId)}/${key}`;
}

/**
 * Why a cloud path is refused, or null. Refused: not a string, empty, longer than COS allows, a leading
 * `/`, an empty, `.` or `..` segment (so no key can be read as a path outside its folder anywhere it is
 * shown or joined), a backslash, control characters, and `?` / `#` (the SDKs send the temporary URL
 * through encodeURI, which leaves those two as they are, so a key holding them could not be fetched).
 */
export function cloudPathProblem(path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return 'cloudPath must be a non-empty string';
  if (Buffer.byteLength(path, 'utf8') > MAX_CLOUD_PATH_BYTES) return `cloudPath is longer than ${MAX_CLOUD_PATH_BYTES} bytes`;
  if (path.startsWith('/')) return 'cloudPath must not start with "/"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\?#]/.test(path)) return 'cloudPath must not contain control characters, "\\", "?" or "#"';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return 'cloudPath must not contain empty, "." or ".." segments';
  return null;
}

/** The cloud path, or an INVALID_PARAM error naming what is wrong with it. */
export function requireCloudPath(path: unknown): string {
  const problem = cloudPathProblem(path);
  if (problem) throw new ApiError(ApiErrorCode.INVALID_PARAM, `${problem} (got ${JSON.stringify(typeof path === 'string' ? path.slice(0, 100) : path)})`);
  return path as string;
}

export type ParsedFileId = { ok: true; key: string } | { ok: false; message: string };

/** The key a fileID names in this environment's bucket; a fileID of another environment or bucket is not ours. */
export function parseFileId(fileId: unknown, envId: string): ParsedFileId {
  if (typeof fileId !== 'string' || !fileId.startsWith('cloud://')) return { ok: false, message: `fileID must be a cloud:// file ID, got ${JSON.stringify(fileId)}` };
  const rest = fileId.slice('cloud://'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return { ok: false, message: `fileID ${fileId} names no file` };
  const host = rest.slice(0, slash);
  if (host !== `${envId}.${bucketOf(envId)}`) return { ok: false, message: `fileID ${fileId} is not a file of environment ${envId} (its files are cloud://${envId}.${bucketOf(envId)}/…)` };
  const key = rest.slice(slash + 1);
  const problem = cloudPathProblem(key);
  return problem ? { ok: false, message: `fileID ${fileId}: ${problem}` } : { ok: true, key };
}

/** A content type from the file name, for uploads that do not say (node-sdk sends none). */
export function contentTypeOf(key: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  zip: 'application/zip',
};

/** Raster images a page may show inline (SVG is left out: it can carry script). */
export function isPreviewableImage(contentType: string): boolean {
  return /^image\/(jpeg|png|gif|webp|bmp)$/i.test(contentType.split(';')[0].trim());
}
