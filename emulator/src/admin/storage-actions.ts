/**
 * The server SDKs' storage actions (node-sdk src/storage/index.ts; wx-server-sdk 4.0.2 wraps the same
 * calls), answered by the storage service as the administrator — rules never apply here:
 *   storage.getUploadMetadata  { path, method: 'put' }
 *     → { data: { url, token, authorization, fileId, cosFileId, download_url } }; the SDK then PUTs the
 *       content to `url` with authorization, x-cos-security-token and x-cos-meta-fileid
 *   storage.batchGetDownloadUrl { file_list: [{ fileid, max_age? }] }
 *     → { data: { download_list: [{ fileID, tempFileURL, maxAge, code, … }] } } (downloadFile uses it too)
 *   storage.batchDeleteFile    { fileid_list: [fileID…] } → { data: { delete_list: [{ fileID, code }] } }
 * A file's own problem is its item's `code` (STORAGE_FILE_NONEXIST …; wx-server-sdk reports it as the
 * item's status); a malformed request is the whole answer's code, which the SDKs throw.
 */
import { ApiError, ApiErrorCode, invalidParam } from '../protocol';
import { deleteListAnswer, downloadListAnswer, downloadRequests, SERVER_CALLER, uploadMetadataAnswer, type StorageService } from '../storage';
import type { ActionContext, ActionHandler } from './context';

function storageOf(ctx: ActionContext): StorageService {
  if (!ctx.storage) throw new ApiError(ApiErrorCode.INVALID_ACTION, `Invalid action: ${ctx.action} is not served (this admin endpoint runs without the storage service)`);
  return ctx.storage;
}

function arrayParam(ctx: ActionContext, name: string): unknown[] {
  const value = ctx.params[name];
  if (!Array.isArray(value)) throw invalidParam(`${name} must be an array`);
  return value;
}

const getUploadMetadata: ActionHandler = async (ctx) => uploadMetadataAnswer(await storageOf(ctx).prepareUpload(SERVER_CALLER, ctx.params.path));

const batchGetDownloadUrl: ActionHandler = async (ctx) => downloadListAnswer(await storageOf(ctx).downloadUrls(SERVER_CALLER, downloadRequests(arrayParam(ctx, 'file_list'))));

const batchDeleteFile: ActionHandler = async (ctx) => deleteListAnswer(await storageOf(ctx).deleteFiles(SERVER_CALLER, arrayParam(ctx, 'fileid_list')));

export const storageActions: Record<string, ActionHandler> = {
  'storage.getUploadMetadata': getUploadMetadata,
  'storage.batchGetDownloadUrl': batchGetDownloadUrl,
  'storage.batchDeleteFile': batchDeleteFile,
};
