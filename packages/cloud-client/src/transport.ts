/**
 * The seam between the app and CloudBase. The app only sees callCloud/watch (call-cloud.ts); a transport
 * is the platform's SDK behind them: wx.cloud in the mini-program, @cloudbase/js-sdk in a browser.
 */

/** One changed document in a watch snapshot (the shape both wx.cloud and js-sdk deliver). */
export interface WatchDocChange {
  id: number;
  /** init | add | update | remove | replace | limit */
  dataType: string;
  /** init | enqueue | dequeue | update */
  queueType: string;
  docId: string;
  doc: Record<string, unknown>;
  updatedFields?: Record<string, unknown>;
  removedFields?: string[];
}

export interface WatchSnapshot {
  id: number;
  /** Every document currently matching the query. */
  docs: Record<string, unknown>[];
  /** What changed since the previous snapshot. */
  docChanges: WatchDocChange[];
  /** 'init' on the first snapshot. */
  type?: string;
}

export interface WatchOptions {
  collection: string;
  /** A plain equality filter (watch queries must satisfy the collection's security rules). */
  where: Record<string, unknown>;
  onChange(snapshot: WatchSnapshot): void;
  onError(error: unknown): void;
}

export interface WatchHandle {
  /** Stops the watch; safe to call more than once, also before the watch has started. */
  close(): Promise<void>;
}

/**
 * What to upload to `cloudPath`: a local file path — the temp path Taro.chooseMedia / wx.chooseMedia
 * gives in the mini-program, or the blob: URL it gives in H5 — or, in H5, the bytes themselves.
 */
export type UploadFileOptions = { cloudPath: string } & ({ filePath: string; file?: never } | { file: Blob; filePath?: never });

/**
 * One file's answer, as the platform gave it: `code` SUCCESS, or CloudBase's storage code
 * (STORAGE_FILE_NONEXIST, STORAGE_EXCEED_AUTHORITY, INVALID_PARAM …). Items are in the order asked.
 */
export interface PlatformFileResult {
  fileID: string;
  code: string;
  message?: string;
  /** Set for getTempFileURL successes. */
  tempFileURL?: string;
}

/** Storage: both platform transports have it; a test double of a page that stores nothing may leave it out. */
export interface FileTransport {
  /** Uploads one file; resolves with its fileID (cloud://…), rejects on failure (the platform's error). */
  uploadFile(options: UploadFileOptions): Promise<{ fileID: string }>;
  /** Temporary URLs of at most 50 files. */
  getTempFileURL(files: { fileID: string; maxAge?: number }[]): Promise<PlatformFileResult[]>;
  /** Deletes at most 50 files. */
  deleteFile(fileIDs: string[]): Promise<PlatformFileResult[]>;
}

export interface CloudTransport extends Partial<FileTransport> {
  /** Calls a cloud function; resolves with its return value, rejects on any transport/platform failure. */
  callFunction(name: string, data: unknown): Promise<unknown>;
  watch(options: WatchOptions): WatchHandle;
}
