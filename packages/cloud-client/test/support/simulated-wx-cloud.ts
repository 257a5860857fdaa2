/**
 * A `wx.cloud` for miniprogram-simulate, over the running emulators, in place of WeChat's client runtime
 * (which exists only inside WeChat and DevTools):
 *
 * - `callFunction` reaches the real functions as the WeChat platform calls them: the hub's
 *   `POST /functions/<name>:invoke` with the caller's OPENID/APPID in `wxContext`, which the functions read
 *   through `cloud.getWXContext()`. It resolves `{ result, errMsg: 'cloud.callFunction:ok', requestID }` and
 *   fails as wx.cloud does, rejecting `{ errCode, errMsg }` (-501000 for a function that does not exist,
 *   -404011 "cloud function execution error" when it failed: developers.weixin.qq.com, 云开发错误码).
 * - `database().collection(c).where(q).watch({ onChange, onError })` is served from the emulator's own
 *   pieces that its realtime service is made of: the query authorised by the collection's security rule
 *   for this OPENID (`{openid}` filled in, a query outside the rule refused with DATABASE_PERMISSION_DENIED
 *   through onError), the matching documents as the `init` snapshot, then every committed change from the
 *   database's change stream that concerns them. What it does not carry is the wire: wx.cloud's own realtime
 *   socket protocol is WeChat's and is not emulated (the web SDK's is, see emulator/src/realtime).
 * - Storage calls are not simulated (they answer errMsg '… not simulated' and reject).
 */
import type { WatchSnapshot, WxCloudLike } from '@partner-desk/cloud-client';
import { compileWatchFilter } from '../../../../emulator/src/realtime/watch-query';
import type { RunningEmulators } from '../../../../emulator/src/suite';
import type { ChangeEvent, ClientAuth, Doc } from '../../../../emulator/src/types';

export interface SimulatedWxCloudOptions {
  emu: RunningEmulators;
  openid: string;
  appid?: string;
}

export interface SimulatedWxCloud extends WxCloudLike {
  /** Watches open now. */
  openWatches(): number;
}

const DATA_TYPES: Record<ChangeEvent['type'], string> = { insert: 'add', update: 'update', replace: 'replace', remove: 'remove' };

export function simulatedWxCloud({ emu, openid, appid = 'wx-simulate-app' }: SimulatedWxCloudOptions): SimulatedWxCloud {
  const auth: ClientAuth = { openid, loginType: 'WECHAT-OPEN' };
  let watches = 0;
  const notSimulated = (api: string) => Promise.reject({ errCode: -1, errMsg: `cloud.${api}:fail not simulated` });

  return {
    async callFunction({ name, data }) {
      const res = await fetch(`${emu.hubUrl}/functions/${encodeURIComponent(name)}:invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data, wxContext: { OPENID: openid, APPID: appid } }),
      });
      const body = (await res.json()) as { error?: { invocationId?: string } };
      if (res.status === 404) throw { errCode: -501000, errMsg: `cloud.callFunction:fail -501000 [ResourceNotFound] FunctionName parameter could not be found: ${name}` };
      if (!res.ok) throw { errCode: -404011, errMsg: `cloud.callFunction:fail requestID ${body.error?.invocationId ?? ''}, cloud function execution error` };
      return { result: body, errMsg: 'cloud.callFunction:ok', requestID: res.headers.get('x-request-id') ?? '' };
    },
    uploadFile: () => notSimulated('uploadFile'),
    getTempFileURL: () => notSimulated('getTempFileURL'),
    deleteFile: () => notSimulated('deleteFile'),
    database() {
      return {
        collection(collection: string) {
          return {
            where(filter: Record<string, unknown>) {
              return {
                watch({ onChange, onError }: { onChange(snapshot: WatchSnapshot): void; onError(error: unknown): void }) {
                  let closed = false;
                  let unsubscribe: (() => void) | undefined;
                  let snapshotId = 0;
                  watches++;
                  const start = async () => {
                    const authorized = await emu.rules.authorizeQuery(collection, filter as Doc, auth, 'read');
                    const query = compileWatchFilter(authorized);
                    const current = new Map<string, Record<string, unknown>>();
                    for (const doc of (await emu.database.find(collection, authorized)) as Record<string, unknown>[]) current.set(String(doc._id), doc);
                    if (closed) return;
                    unsubscribe = emu.database.onChange((change) => {
                      if (closed || change.collection !== collection) return;
                      const matches = change.doc !== undefined && query.test(change.doc);
                      if (!matches && !current.has(change.id)) return;
                      if (matches) current.set(change.id, change.doc as Record<string, unknown>);
                      else current.delete(change.id);
                      const id = ++snapshotId;
                      onChange({
                        id,
                        docs: [...current.values()],
                        docChanges: [{ id, dataType: matches ? DATA_TYPES[change.type] : 'remove', queueType: matches ? (change.type === 'insert' ? 'enqueue' : 'update') : 'dequeue', docId: change.id, doc: (change.doc ?? {}) as Record<string, unknown>, ...(change.updatedFields ? { updatedFields: change.updatedFields } : {}), ...(change.removedFields ? { removedFields: change.removedFields } : {}) }],
                      });
                    });
                    const docs = [...current.values()];
                    onChange({ id: snapshotId, type: 'init', docs, docChanges: docs.map((doc) => ({ id: snapshotId, dataType: 'init', queueType: 'init', docId: String(doc._id), doc })) });
                  };
                  start().catch((error: { code?: string; message?: string }) => {
                    if (!closed) onError({ errCode: error.code ?? 'UNKNOWN', errMsg: `watch fail: ${error.message ?? String(error)}` });
                  });
                  return {
                    close() {
                      if (closed) return;
                      closed = true;
                      watches--;
                      unsubscribe?.();
                    },
                  };
                },
              };
            },
          };
        },
      };
    },
    openWatches: () => watches,
  };
}
