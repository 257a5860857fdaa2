/**
 * The mini-program transport and the facade over it, with a hand-written `wx.cloud` double: WeChat's
 * runtime cannot be reached from a test, so the double records the exact calls and answers canned results.
 */
import { callCloud, configureCloud, createWxCloudTransport, selectTransport, watch, type WatchSnapshot, type WxCloudLike } from '@partner-desk/cloud-client';

type WatchCallbacks = { onChange(snapshot: WatchSnapshot): void; onError(error: unknown): void };

/** Records every call into wx.cloud; `answer` decides what callFunction resolves or rejects with. */
class WxCloudDouble implements WxCloudLike {
  readonly calls: unknown[][] = [];
  readonly watchers: WatchCallbacks[] = [];
  closes = 0;
  answer: () => Promise<{ result?: unknown; errMsg?: string }> = async () => ({ result: { ok: true, data: null }, errMsg: 'cloud.callFunction:ok' });

  callFunction(options: { name: string; data: unknown }) {
    this.calls.push(['callFunction', options]);
    return this.answer();
  }

  database() {
    this.calls.push(['database']);
    return {
      collection: (name: string) => {
        this.calls.push(['collection', name]);
        return {
          where: (filter: Record<string, unknown>) => {
            this.calls.push(['where', filter]);
            return {
              watch: (callbacks: WatchCallbacks) => {
                this.calls.push(['watch', Object.keys(callbacks).sort()]);
                this.watchers.push(callbacks);
                return { close: async () => void this.closes++ };
              },
            };
          },
        };
      },
    };
  }
}

let wxCloud: WxCloudDouble;

beforeEach(() => {
  wxCloud = new WxCloudDouble();
  configureCloud(createWxCloudTransport(wxCloud));
});

afterAll(() => configureCloud(undefined));

describe('callCloud over wx.cloud', () => {
  test('calls wx.cloud.callFunction({ name, data: { action, payload } }) and answers the function result', async () => {
    const data = { customers: [], total: 0, page: 1, pageSize: 5 };
    wxCloud.answer = async () => ({ result: { ok: true, data }, errMsg: 'cloud.callFunction:ok' });
    const result = await callCloud('customers', 'list', { pageSize: 5, keyword: '星辰' });
    expect(wxCloud.calls).toEqual([['callFunction', { name: 'customers', data: { action: 'list', payload: { pageSize: 5, keyword: '星辰' } } }]]);
    expect(result).toEqual({ ok: true, data });
    // The result is typed from the contract: this line compiles only because customers.list answers `total`.
    expect(result.ok && result.data.total).toBe(0);
  });

  test('a missing payload is sent as {}', async () => {
    await callCloud('health', 'ping');
    expect(wxCloud.calls).toEqual([['callFunction', { name: 'health', data: { action: 'ping', payload: {} } }]]);
  });

  test('a failed action result is passed through unchanged', async () => {
    const failure = { ok: false, error: { code: 'PERMISSION_DENIED', message: '没有权限执行此操作' } };
    wxCloud.answer = async () => ({ result: failure });
    expect(await callCloud('tickets', 'resolve', { id: 't1' })).toEqual(failure);
  });

  test('a platform failure (wx.cloud rejects) becomes INTERNAL with the network message', async () => {
    wxCloud.answer = async () => {
      throw { errCode: -404011, errMsg: 'cloud.callFunction:fail requestID , cloud function execution error' };
    };
    expect(await callCloud('health', 'ping')).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '网络异常，请稍后重试', details: { reason: 'cloud.callFunction:fail requestID , cloud function execution error' } },
    });
  });

  test('an answer that is not an ActionResult becomes INTERNAL, not a crash in the page', async () => {
    for (const result of [undefined, 'text', { ok: false }, { data: 1 }]) {
      wxCloud.answer = async () => ({ result });
      const answer = await callCloud('health', 'ping');
      expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务返回了无法识别的结果', details: { fn: 'health', action: 'ping' } } });
    }
  });
});

describe('watch over wx.cloud', () => {
  test('calls database().collection(c).where(w).watch({ onChange, onError }) and relays snapshots and errors', async () => {
    const changes: WatchSnapshot[] = [];
    const errors: unknown[] = [];
    const handle = watch({ collection: 'tickets', where: { assigneeId: 'u1' }, onChange: (s) => changes.push(s), onError: (e) => errors.push(e) });
    expect(wxCloud.calls).toEqual([['database'], ['collection', 'tickets'], ['where', { assigneeId: 'u1' }], ['watch', ['onChange', 'onError']]]);

    const snapshot: WatchSnapshot = { id: 1, type: 'init', docs: [{ _id: 't1' }], docChanges: [{ id: 1, dataType: 'init', queueType: 'init', docId: 't1', doc: { _id: 't1' } }] };
    wxCloud.watchers[0].onChange(snapshot);
    wxCloud.watchers[0].onError({ errMsg: 'watch fail' });
    expect(changes).toEqual([snapshot]);
    expect(errors).toEqual([{ errMsg: 'watch fail' }]);

    await handle.close();
    await handle.close();
    expect(wxCloud.closes).toBe(1);
  });
});

describe('selectTransport', () => {
  test('TARO_ENV=weapp picks wx.cloud', async () => {
    const transport = selectTransport({ taroEnv: 'weapp', wxCloud });
    await transport.callFunction('health', { action: 'ping', payload: {} });
    expect(wxCloud.calls).toEqual([['callFunction', { name: 'health', data: { action: 'ping', payload: {} } }]]);
  });

  test('weapp without wx.cloud says what is missing', () => {
    expect(() => selectTransport({ taroEnv: 'weapp' })).toThrow(/wx\.cloud/);
  });

  test('a web build without an env id says what is missing', () => {
    expect(() => selectTransport({ taroEnv: 'h5' })).toThrow(/TCB_ENV_ID/);
  });

  test('a transport that cannot start reports through onError instead of throwing into the page', async () => {
    configureCloud({
      callFunction: async () => null,
      watch: () => {
        throw new Error('no realtime here');
      },
    });
    const errors: unknown[] = [];
    const handle = watch({ collection: 'tickets', where: {}, onChange: () => undefined, onError: (e) => errors.push(e) });
    expect(errors).toEqual([new Error('no realtime here')]);
    await expect(handle.close()).resolves.toBeUndefined();
  });
});
