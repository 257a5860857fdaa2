/**
 * Cloud storage for browsers: what @cloudbase/js-sdk 3.7.0 sends in its default GATEWAY mode
 * (storage/src/index.ts storageGateWay), the HTTP API of docs.cloudbase.net/http-api/storage:
 *   POST /v1/storages/get-objects-upload-info   [{ objectId, signedHeader? }]
 *     → [{ objectId, uploadUrl, authorization, token, cloudObjectMeta, cloudObjectId, downloadUrl, downloadUrlEncoded } | { code, message }]
 *   POST /v1/storages/get-objects-download-info [{ cloudObjectId }]
 *     → [{ cloudObjectId, downloadUrl, downloadUrlEncoded } | { code, message }]
 *   POST /v1/storages/delete-objects            [{ cloudObjectId }] → [{ cloudObjectId } | { code, message }]
 * and the same three as CLOUD_API actions on POST /web (storage.getUploadMetadata …, answered in the
 * server SDKs' shapes). Every request is a client's: the caller's token is required and the storage
 * permission applies (STORAGE_EXCEED_AUTHORITY). A malformed request is a 400 `{ code, message }`;
 * a file's own problem is its item's code, at its index.
 */
import { sendJson } from '../http-util';
import { invalidParam, isPlainObject } from '../protocol';
import { deleteListAnswer, downloadListAnswer, downloadRequests, uploadMetadataAnswer, type StorageService } from '../storage';
import { notFound } from './errors';
import type { RequestContext } from './request-context';

export const STORAGE_PREFIX = '/v1/storages';

function requireArray(body: unknown): Record<string, unknown>[] {
  if (!Array.isArray(body)) throw invalidParam('the body must be an array of objects');
  return body.map((item) => (isPlainObject(item) ? item : {}));
}

/** `signedHeader` as js-sdk sends it: `{ 'content-length': ['123'], 'content-type': ['image/jpeg'] }`. */
function signedValue(signedHeader: unknown, name: string): string | undefined {
  if (!isPlainObject(signedHeader)) return undefined;
  const entry = Object.entries(signedHeader).find(([key]) => key.toLowerCase() === name)?.[1];
  const value = Array.isArray(entry) ? entry[0] : entry;
  return typeof value === 'string' ? value : undefined;
}

export async function handleStorage(ctx: RequestContext, storage: StorageService, path: string): Promise<void> {
  if (ctx.req.method !== 'POST') throw notFound(`${ctx.req.method} ${path}`);
  const caller = { kind: 'client' as const, auth: ctx.requireClientAuth() };
  const name = path.slice(STORAGE_PREFIX.length + 1);

  if (name === 'get-objects-upload-info') {
    const items = requireArray(await ctx.jsonValue());
    if (items.length === 0) throw invalidParam('the body lists no object');
    const answers = await Promise.all(
      items.map(async (item) => {
        try {
          const length = signedValue(item.signedHeader, 'content-length');
          const ticket = await storage.prepareUpload(caller, item.objectId, { contentLength: length === undefined ? undefined : Number(length), contentType: signedValue(item.signedHeader, 'content-type') });
          return {
            objectId: ticket.key,
            uploadUrl: ticket.url,
            authorization: ticket.authorization,
            token: ticket.token,
            cloudObjectMeta: ticket.cosFileId,
            cloudObjectId: ticket.fileId,
            downloadUrl: ticket.downloadUrl,
            downloadUrlEncoded: encodeURI(ticket.downloadUrl),
          };
        } catch (err) {
          const e = err as { code?: unknown; message?: unknown };
          if (typeof e.code !== 'string') throw err;
          return { code: e.code, message: String(e.message) };
        }
      }),
    );
    return sendJson(ctx.res, 200, answers);
  }
  if (name === 'get-objects-download-info') {
    const items = requireArray(await ctx.jsonValue());
    const outcomes = await storage.downloadUrls(caller, items.map((item) => ({ fileId: item.cloudObjectId })));
    return sendJson(ctx.res, 200, outcomes.map((o) => (o.ok ? { cloudObjectId: o.fileId, downloadUrl: o.url, downloadUrlEncoded: encodeURI(o.url) } : { code: o.code, message: o.message })));
  }
  if (name === 'delete-objects') {
    const items = requireArray(await ctx.jsonValue());
    const outcomes = await storage.deleteFiles(caller, items.map((item) => item.cloudObjectId));
    return sendJson(ctx.res, 200, outcomes.map((o) => (o.ok ? { cloudObjectId: o.fileId } : { code: o.code, message: o.message })));
  }
  throw notFound(`POST ${path}`);
}

/**
 * The CLOUD_API forms of the same calls (js-sdk with endPointMode CLOUD_API posts them to /web), answered
 * in the server SDKs' shapes; undefined for any other action.
 */
export async function storageWebAction(ctx: RequestContext, storage: StorageService, action: string, body: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  if (!action.startsWith('storage.')) return undefined;
  const token = typeof body.access_token === 'string' ? body.access_token : ctx.bearerToken();
  const caller = { kind: 'client' as const, auth: ctx.requireClientAuth(token) };
  if (action === 'storage.getUploadMetadata') return uploadMetadataAnswer(await storage.prepareUpload(caller, body.path));
  if (action === 'storage.batchGetDownloadUrl') {
    if (!Array.isArray(body.file_list)) throw invalidParam('file_list must be an array');
    return downloadListAnswer(await storage.downloadUrls(caller, downloadRequests(body.file_list)));
  }
  if (action === 'storage.batchDeleteFile') {
    if (!Array.isArray(body.fileid_list)) throw invalidParam('fileid_list must be an array');
    return deleteListAnswer(await storage.deleteFiles(caller, body.fileid_list));
  }
  return undefined;
}
