/**
 * The browser transport (H5 build, and the local emulator's web SDK endpoint): @cloudbase/js-sdk 3.7.
 * The SDK (about 1 MB) is loaded on first use as its own chunk, so the first page paints without it; a
 * browser user signs in anonymously then, and every call, watch and file operation waits for that.
 */
import type { CloudTransport, FileTransport, PlatformFileResult, WatchHandle, WatchOptions, WatchSnapshot } from './transport';

/** The part of the js-sdk's `cloudbase` namespace used here (the real module satisfies it). */
export interface CloudbaseLike {
  init(config: { env: string }): CloudbaseAppLike;
}

export interface CloudbaseAppLike {
  /** Points every endpoint of this app at host:port (the emulator's web endpoint). */
  registerHost(host: string, protocol?: 'http' | 'https'): void;
  auth(): {
    getLoginState(): Promise<unknown>;
    signInAnonymously(): Promise<{ error?: unknown } | unknown>;
  };
  callFunction(options: { name: string; data: unknown }): Promise<{ result?: unknown }>;
  uploadFile(options: { cloudPath: string; filePath: Blob }): Promise<{ fileID: string }>;
  getTempFileURL(options: { fileList: { fileID: string; maxAge?: number }[] }): Promise<JsSdkFileAnswer>;
  deleteFile(options: { fileList: string[] }): Promise<JsSdkFileAnswer>;
  database(): {
    collection(name: string): {
      where(filter: Record<string, unknown>): {
        watch(options: { onChange(snapshot: WatchSnapshot): void; onError(error: unknown): void }): { close(): Promise<unknown> | unknown };
      };
    };
  };
}

/**
 * js-sdk's answer to getTempFileURL / deleteFile: per-file `code` (SUCCESS or CloudBase's code; in its
 * GATEWAY mode a failed item may come without its fileID), or a request-level `code` without a list.
 */
export interface JsSdkFileAnswer {
  fileList?: { fileID?: string; code?: string; message?: string; tempFileURL?: string }[];
  code?: string;
  message?: string;
}

export interface WebSdkTransportOptions {
  envId: string;
  /**
   * host:port of a CloudBase-compatible web endpoint, e.g. the emulator's TCB_EMULATOR_WEB_HOST
   * ("127.0.0.1:4403"); unset in production, where the SDK talks to Tencent Cloud.
   */
  webHost?: string;
  /** Protocol for webHost (default http: the emulator is local). */
  webProtocol?: 'http' | 'https';
  /** The js-sdk module; loaded on first use (a dynamic import) when not given. */
  cloudbase?: CloudbaseLike;
}

export function createWebSdkTransport(options: WebSdkTransportOptions): CloudTransport & FileTransport {
  let app: Promise<CloudbaseAppLike> | undefined;
  let signedIn: Promise<CloudbaseAppLike> | undefined;

  const getApp = (): Promise<CloudbaseAppLike> => {
    app ??= (async () => {
      const created = (options.cloudbase ?? (await loadJsSdk())).init({ env: options.envId });
      if (options.webHost) created.registerHost(options.webHost, options.webProtocol ?? 'http');
      return created;
    })();
    // A chunk that failed to load (offline) is fetched again by the next call.
    app.catch(() => (app = undefined));
    return app;
  };

  /** Anonymous sign-in once per page; a failure is retried by the next call instead of sticking. */
  const ready = (): Promise<CloudbaseAppLike> => {
    signedIn ??= (async () => {
      const current = await getApp();
      const auth = current.auth();
      if (!(await auth.getLoginState())) {
        const res = await auth.signInAnonymously();
        // js-sdk v3 answers { data, error } instead of throwing.
        const error = res && typeof res === 'object' ? (res as { error?: unknown }).error : undefined;
        if (error) throw error;
      }
      return current;
    })();
    signedIn.catch(() => (signedIn = undefined));
    return signedIn;
  };

  return {
    async callFunction(name, data) {
      const res = await (await ready()).callFunction({ name, data });
      // Some SDK paths hand back the function's JSON text rather than the parsed value.
      return typeof res.result === 'string' ? parseJsonOrKeep(res.result) : res.result;
    },
    async uploadFile(options) {
      const file = options.file ?? (await blobOf(options.filePath!));
      const res = await (await ready()).uploadFile({ cloudPath: options.cloudPath, filePath: file });
      return { fileID: res.fileID };
    },
    async getTempFileURL(files) {
      const answer = await (await ready()).getTempFileURL({ fileList: files.map(({ fileID, maxAge }) => (maxAge ? { fileID, maxAge } : { fileID })) });
      return fileResults(answer, files.map((f) => f.fileID));
    },
    async deleteFile(fileIDs) {
      return fileResults(await (await ready()).deleteFile({ fileList: fileIDs }), fileIDs);
    },
    watch({ collection, where, onChange, onError }: WatchOptions): WatchHandle {
      let closed = false;
      const listener = ready().then(
        (current) => (closed ? undefined : current.database().collection(collection).where(where).watch({ onChange, onError })),
        (err) => {
          if (!closed) onError(err);
          return undefined;
        },
      );
      return {
        async close() {
          if (closed) return;
          closed = true;
          const started = await listener;
          await started?.close();
        },
      };
    },
  };
}

/** The picked file's bytes: Taro.chooseMedia in H5 answers blob: URLs (data: and http(s): work too). */
async function blobOf(filePath: string): Promise<Blob> {
  const res = await fetch(filePath);
  if (!res.ok) throw new Error(`cannot read the picked file ${filePath.slice(0, 80)} (HTTP ${res.status})`);
  return res.blob();
}

/** Per-file results in the order asked (js-sdk may leave a failed item's fileID out); a request-level failure throws. */
function fileResults(answer: JsSdkFileAnswer, asked: string[]): PlatformFileResult[] {
  if (!Array.isArray(answer.fileList)) throw Object.assign(new Error(answer.message ?? 'storage request failed'), { code: answer.code });
  const list = answer.fileList;
  return asked.map((fileID, i) => {
    const item = list[i] ?? {};
    const result: PlatformFileResult = { fileID: item.fileID ?? fileID, code: item.code ?? 'SUCCESS' };
    if (item.message) result.message = item.message;
    if (item.tempFileURL) result.tempFileURL = item.tempFileURL;
    return result;
  });
}

function parseJsonOrKeep(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The SDK as a dynamic import: the H5 build puts it in a chunk of its own, fetched when the first call
 * needs it (not with the first page). A weapp build defines process.env.TARO_ENV = 'weapp', the bundler
 * folds the condition to false and drops the branch with the import, so the mini-program never contains
 * the browser SDK (the branch is dropped, not merely unreachable: code after a throw would be kept).
 * browser-bundle.test.ts checks both.
 */
function loadJsSdk(): Promise<CloudbaseLike> {
  if (process.env.TARO_ENV !== 'weapp') {
    return import(/* webpackChunkName: "cloudbase-js-sdk" */ '@cloudbase/js-sdk').then((mod) => ((mod as { default?: unknown }).default ?? mod) as CloudbaseLike);
  }
  return Promise.reject(new Error('the web SDK transport is not available in the mini-program build'));
}
