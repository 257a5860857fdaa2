/**
 * The answers of the storage actions in the shape the SDKs read (node-sdk src/storage/index.ts,
 * wx-server-sdk's storage wrappers, js-sdk's CLOUD_API path), shared by the admin endpoint and the web
 * endpoint's /web actions:
 *   getUploadMetadata   → data: { url, token, authorization, fileId, cosFileId, download_url }
 *   batchGetDownloadUrl → data: { download_list: [{ fileID, tempFileURL, maxAge, code, download_url, fileid }] }
 *   batchDeleteFile     → data: { delete_list: [{ fileID, code }] }
 * A failed item carries CloudBase's code and an empty tempFileURL (wx-server-sdk turns the code into the
 * item's status, e.g. STORAGE_FILE_NONEXIST → -503003).
 */
import type { DeleteOutcome, DownloadOutcome, UploadTicket } from './storage-service';

export function uploadMetadataAnswer(ticket: UploadTicket) {
  return { data: { url: ticket.url, token: ticket.token, authorization: ticket.authorization, fileId: ticket.fileId, cosFileId: ticket.cosFileId, download_url: ticket.downloadUrl } };
}

export function downloadListAnswer(outcomes: DownloadOutcome[]) {
  return {
    data: {
      download_list: outcomes.map((o) =>
        o.ok
          ? { fileID: o.fileId, fileid: o.fileId, tempFileURL: o.url, download_url: o.url, maxAge: o.maxAge, code: 'SUCCESS' }
          : { fileID: o.fileId, fileid: o.fileId, tempFileURL: '', code: o.code, message: o.message },
      ),
    },
  };
}

export function deleteListAnswer(outcomes: DeleteOutcome[]) {
  return { data: { delete_list: outcomes.map((o) => (o.ok ? { fileID: o.fileId, code: 'SUCCESS' } : { fileID: o.fileId, code: o.code, message: o.message })) } };
}

/** The items of a file_list (`[{ fileid, max_age }]`, or plain fileIDs) as the service takes them. */
export function downloadRequests(fileList: unknown[]): { fileId: unknown; maxAge?: unknown }[] {
  return fileList.map((item) => (item && typeof item === 'object' ? { fileId: (item as { fileid?: unknown }).fileid, maxAge: (item as { max_age?: unknown }).max_age } : { fileId: item }));
}
