/**
 * The mini-program transport: wx.cloud, passed in (not read from the global) so tests can hand it a
 * double and so this module has no weapp-only globals at import time.
 */
import type { CloudTransport, FileTransport, PlatformFileResult, WatchHandle, WatchOptions, WatchSnapshot } from './transport';

/** The part of `wx.cloud` this transport uses (wx.cloud.init has already run in app.ts). */
export interface WxCloudLike {
  callFunction(options: { name: string; data: unknown }): Promise<{ result?: unknown; errMsg?: string }>;
  database(): {
    collection(name: string): {
      where(filter: Record<string, unknown>): {
        watch(options: { onChange(snapshot: WatchSnapshot): void; onError(error: unknown): void }): { close(): Promise<unknown> | unknown };
      };
    };
  };
  uploadFile(options: { cloudPath: string; filePath: string }): Promise<{ fileID: string; statusCode?: number; errMsg?: string }>;
  getTempFileURL(options: { fileList: { fileID: string; maxAge?: number }[] }): Promise<{ fileList: WxFileItem[]; errMsg?: string }>;
  deleteFile(options: { fileList: string[] }): Promise<{ fileList: WxFileItem[]; errMsg?: string }>;
}

/** One file of wx.cloud's answer: status 0 is success, otherwise CloudBase's error as a number (-503003 …). */
export interface WxFileItem {
  fileID: string;
  status: number;
  errMsg?: string;
  tempFileURL?: string;
}

/** wx.cloud's numeric status as the code the web SDK would have answered (the facade maps both the same way). */
const STATUS_CODES: Record<number, string> = { [-503002]: 'STORAGE_EXCEED_AUTHORITY', [-503003]: 'STORAGE_FILE_NONEXIST', [-501007]: 'INVALID_PARAM' };

function fromWxItem(item: WxFileItem): PlatformFileResult {
  if (item.status === 0) return { fileID: item.fileID, code: 'SUCCESS', ...(item.tempFileURL ? { tempFileURL: item.tempFileURL } : {}) };
  return { fileID: item.fileID, code: STATUS_CODES[item.status] ?? String(item.status), ...(item.errMsg ? { message: item.errMsg } : {}) };
}

export function createWxCloudTransport(wxCloud: WxCloudLike): CloudTransport & FileTransport {
  return {
    async callFunction(name, data) {
      const res = await wxCloud.callFunction({ name, data });
      return res.result;
    },
    async uploadFile(options) {
      // In the mini-program a picked file is a temp path (wxfile://…); bytes in memory are an H5 notion.
      if (!options.filePath) throw Object.assign(new Error('wx.cloud.uploadFile takes a filePath (the temp path chooseMedia gives)'), { code: 'INVALID_PARAM' });
      const res = await wxCloud.uploadFile({ cloudPath: options.cloudPath, filePath: options.filePath });
      return { fileID: res.fileID };
    },
    async getTempFileURL(files) {
      const res = await wxCloud.getTempFileURL({ fileList: files.map(({ fileID, maxAge }) => (maxAge ? { fileID, maxAge } : { fileID })) });
      return res.fileList.map(fromWxItem);
    },
    async deleteFile(fileIDs) {
      const res = await wxCloud.deleteFile({ fileList: fileIDs });
      return res.fileList.map(fromWxItem);
    },
    watch({ collection, where, onChange, onError }: WatchOptions): WatchHandle {
      const listener = wxCloud.database().collection(collection).where(where).watch({ onChange, onError });
      let closed = false;
      return {
        async close() {
          if (closed) return;
          closed = true;
          await listener.close();
        },
      };
    },
  };
}
