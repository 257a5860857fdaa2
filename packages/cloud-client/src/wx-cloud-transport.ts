/**
 * The mini-program transport: wx.cloud, passed in (not read from the global) so tests can hand it a
 * double and so this module has no weapp-only globals at import time.
 */
import type { CloudTransport, WatchHandle, WatchOptions, WatchSnapshot } from './transport';

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
}

export function createWxCloudTransport(wxCloud: WxCloudLike): CloudTransport {
  return {
    async callFunction(name, data) {
      const res = await wxCloud.callFunction({ name, data });
      return res.result;
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
