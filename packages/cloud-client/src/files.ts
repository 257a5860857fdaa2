/**
 * Files in CloudBase storage, for pages: `uploadFile`, `getTempFileURL` and `deleteFile` over the same
 * transport as callCloud (wx.cloud in weapp, @cloudbase/js-sdk in H5). Like callCloud they never throw:
 * each answers an ActionResult, and a failure carries a code of the contract's closed set with a Chinese
 * message a page can show (the platform's own code and text are kept in details for logs). Lists of any
 * length are split into CloudBase's 50-per-call batches, sent together.
 *
 *   const path = newUploadPath(user.id, { extension: imageExtensionOf(tempFilePath) });   // @partner-desk/contract
 *   const uploaded = await uploadFile({ cloudPath: path, filePath: tempFilePath });
 *   if (uploaded.ok) images.push(uploaded.data.fileID);
 */
import type { ActionResult, ErrorCode } from '@partner-desk/contract';
import { activeTransport } from './active-transport';
import { describe, NETWORK_ERROR_MESSAGE } from './call-cloud';
import type { FileTransport, PlatformFileResult, UploadFileOptions } from './transport';

export type FileErrorCode = Extract<ErrorCode, 'INVALID_ARGUMENT' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'INTERNAL'>;
export interface FileError {
  code: FileErrorCode;
  message: string;
  details?: { platformCode?: string; reason?: string };
}

/** One file of a batch answer: ok with what was asked, or why not (in the order the fileIDs were given). */
export type FileOutcome<T extends object = Record<never, never>> = ({ ok: true; fileID: string } & T) | { ok: false; fileID: string; error: FileError };

export const FILE_MESSAGES: Record<FileErrorCode, string> = {
  INVALID_ARGUMENT: '文件路径或参数不正确',
  PERMISSION_DENIED: '没有权限访问该文件',
  NOT_FOUND: '文件不存在或已被删除',
  INTERNAL: NETWORK_ERROR_MESSAGE,
};
export const UPLOAD_FAILED_MESSAGE = '上传失败，请检查网络后重试';

/** CloudBase storage codes (and wx.cloud's numeric errCodes of the same errors) → the contract's codes. */
const BY_CODE: Record<string, FileErrorCode> = {
  STORAGE_EXCEED_AUTHORITY: 'PERMISSION_DENIED',
  STORAGE_FILE_NONEXIST: 'NOT_FOUND',
  INVALID_PARAM: 'INVALID_ARGUMENT',
  INVALID_PARAMS: 'INVALID_ARGUMENT',
  '-503002': 'PERMISSION_DENIED',
  '-503003': 'NOT_FOUND',
  '-501007': 'INVALID_ARGUMENT',
  '-501006': 'INVALID_ARGUMENT',
};
const KNOWN_CODE = /STORAGE_EXCEED_AUTHORITY|STORAGE_FILE_NONEXIST|INVALID_PARAMS?\b/;

function fileError(platformCode: string | undefined, reason: string | undefined, fallback: string): FileError {
  const code = (platformCode && BY_CODE[platformCode]) || 'INTERNAL';
  const details = { ...(platformCode ? { platformCode } : {}), ...(reason ? { reason } : {}) };
  return { code, message: code === 'INTERNAL' ? fallback : FILE_MESSAGES[code], ...(Object.keys(details).length ? { details } : {}) };
}

/** A rejected platform call as a FileError: wx.cloud rejects with errCode/errMsg, js-sdk with the code inside its message. */
function thrownFileError(err: unknown, fallback: string): FileError {
  const e = (err && typeof err === 'object' ? err : {}) as { code?: unknown; errCode?: unknown };
  const reason = describe(err);
  const code = typeof e.code === 'string' ? e.code : typeof e.errCode === 'number' ? String(e.errCode) : KNOWN_CODE.exec(reason)?.[0];
  return fileError(code, reason, fallback);
}

function toOutcome<T extends object>(result: PlatformFileResult, success: (r: PlatformFileResult) => T | undefined): FileOutcome<T> {
  const value = result.code === 'SUCCESS' ? success(result) : undefined;
  if (value) return { ok: true, fileID: result.fileID, ...value };
  return { ok: false, fileID: result.fileID, error: fileError(result.code === 'SUCCESS' ? undefined : result.code, result.message, FILE_MESSAGES.INTERNAL) };
}

/** The transport's storage; a transport without one (a page test's double) fails the call as INTERNAL. */
function storage(): FileTransport {
  const transport = activeTransport();
  if (!transport.uploadFile || !transport.getTempFileURL || !transport.deleteFile) throw new Error('the configured cloud transport has no file storage');
  return transport as FileTransport;
}

const BATCH = 50;
async function inBatches(fileIDs: readonly string[], run: (batch: string[]) => Promise<PlatformFileResult[]>): Promise<PlatformFileResult[]> {
  const batches: string[][] = [];
  for (let i = 0; i < fileIDs.length; i += BATCH) batches.push(fileIDs.slice(i, i + BATCH));
  const answers = await Promise.all(batches.map(run));
  // The platform may leave out a failed item's fileID: the request's is put back by position.
  return answers.flatMap((answer, b) => batches[b].map((fileID, i) => ({ ...(answer[i] ?? { code: 'STORAGE_FILE_NONEXIST' }), fileID })));
}

/** Uploads one file (a temp path / blob: URL, or a Blob in H5) to `cloudPath`; answers its fileID. */
export async function uploadFile(options: UploadFileOptions): Promise<ActionResult<{ fileID: string }>> {
  if (!options.cloudPath || (!options.filePath && !options.file)) {
    return { ok: false, error: { code: 'INVALID_ARGUMENT', message: FILE_MESSAGES.INVALID_ARGUMENT, details: { reason: 'cloudPath and filePath (or file) are required' } } };
  }
  try {
    const { fileID } = await storage().uploadFile(options);
    return { ok: true, data: { fileID } };
  } catch (err) {
    return { ok: false, error: thrownFileError(err, UPLOAD_FAILED_MESSAGE) };
  }
}

/** A temporary URL for each file the caller may read (its own uploads, under the product's storage rule). */
export async function getTempFileURL(fileIDs: readonly string[], options: { maxAge?: number } = {}): Promise<ActionResult<FileOutcome<{ tempFileURL: string }>[]>> {
  if (fileIDs.length === 0) return { ok: true, data: [] };
  try {
    const results = await inBatches(fileIDs, (batch) => storage().getTempFileURL(batch.map((fileID) => ({ fileID, maxAge: options.maxAge }))));
    return { ok: true, data: results.map((r) => toOutcome(r, (ok) => (ok.tempFileURL ? { tempFileURL: ok.tempFileURL } : undefined))) };
  } catch (err) {
    return { ok: false, error: thrownFileError(err, NETWORK_ERROR_MESSAGE) };
  }
}

/** Deletes files the caller may write (its own uploads); answers each file's outcome. */
export async function deleteFile(fileIDs: readonly string[]): Promise<ActionResult<FileOutcome[]>> {
  if (fileIDs.length === 0) return { ok: true, data: [] };
  try {
    const results = await inBatches(fileIDs, (batch) => storage().deleteFile(batch));
    return { ok: true, data: results.map((r) => toOutcome(r, () => ({}))) };
  } catch (err) {
    return { ok: false, error: thrownFileError(err, NETWORK_ERROR_MESSAGE) };
  }
}
