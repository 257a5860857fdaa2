/**
 * The mini-program transport and the facade over it, with a hand-written `wx.cloud` double: WeChat's
 * runtime cannot be reached from a test, so the double records the exact calls and answers canned results.
 */
import { callCloud, configureCloud, createWxCloudTransport, deleteFile, getTempFileURL, selectTransport, uploadFile, watch, type WatchSnapshot, type WxCloudLike, type WxFileItem } from '@partner-desk/cloud-client';

type WatchCallbacks = { onChange(snapshot: WatchSnapshot): void; onError(error: unknown): void };

/** Records every call into wx.cloud; `answer` decides what callFunction resolves or rejects with. */
class WxCloudDouble implements WxCloudLike {
  readonly calls: unknown[][] = [];
  readonly watchers: WatchCallbacks[] = [];
  closes = 0;
  answer: () => Promise<{ result?: unknown; errMsg?: string }> = async () => ({ result: { ok: true, data: null }, errMsg: 'cloud.callFunction:ok' });
  /** What the file calls answer: per file, by fileID (default: a URL / a deletion). */
  fileAnswer: (fileID: string) => WxFileItem = (fileID) => ({ fileID, status: 0, errMsg: 'ok', tempFileURL: `https://tmp.example/${fileID.slice(-8)}` });
  uploadAnswer: (cloudPath: string) => Promise<{ fileID: string; statusCode?: number; errMsg?: string }> = async (cloudPath) => ({ fileID: `cloud://env-1.6576-env-1-1300000000/${cloudPath}`, statusCode: 204, errMsg: 'cloud.uploadFile:ok' });

  callFunction(options: { name: string; data: unknown }) {
    this.calls.push(['callFunction', options]);
    return this.answer();
  }

  uploadFile(options: { cloudPath: string; filePath: string }) {
    this.calls.push(['uploadFile', options]);
    return this.uploadAnswer(options.cloudPath);
  }

  async getTempFileURL(options: { fileList: { fileID: string; maxAge?: number }[] }) {
    this.calls.push(['getTempFileURL', options]);
    return { fileList: options.fileList.map((f) => this.fileAnswer(f.fileID)), errMsg: 'cloud.getTempFileURL:ok' };
  }

  async deleteFile(options: { fileList: string[] }) {
    this.calls.push(['deleteFile', options]);
    return { fileList: options.fileList.map((fileID) => ({ ...this.fileAnswer(fileID), tempFileURL: undefined })), errMsg: 'cloud.deleteFile:ok' };
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

describe('files over wx.cloud', () => {
  const id = (n: number) => `cloud://env-1.6576-env-1-1300000000/uploads/u_1/202612/file${String(n).padStart(8, '0')}.jpg`;

  test('uploadFile sends the picked temp path to wx.cloud.uploadFile and answers the fileID', async () => {
    const answer = await uploadFile({ cloudPath: 'uploads/u_1/202612/abcdefgh12.jpg', filePath: 'wxfile://tmp_0a1b2c.jpg' });
    expect(wxCloud.calls).toEqual([['uploadFile', { cloudPath: 'uploads/u_1/202612/abcdefgh12.jpg', filePath: 'wxfile://tmp_0a1b2c.jpg' }]]);
    expect(answer).toEqual({ ok: true, data: { fileID: 'cloud://env-1.6576-env-1-1300000000/uploads/u_1/202612/abcdefgh12.jpg' } });
  });

  test('a refused or failed upload answers the contract’s code with a Chinese message; bytes in memory are refused in the mini-program', async () => {
    wxCloud.uploadAnswer = async () => {
      throw { errCode: -503002, errMsg: 'cloud.uploadFile:fail -503002 storage permission denied' };
    };
    expect(await uploadFile({ cloudPath: 'avatars/x.jpg', filePath: 'wxfile://tmp.jpg' })).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: '没有权限访问该文件', details: { platformCode: '-503002', reason: 'cloud.uploadFile:fail -503002 storage permission denied' } },
    });
    wxCloud.uploadAnswer = async () => {
      throw { errCode: -1, errMsg: 'cloud.uploadFile:fail network timeout' };
    };
    expect(await uploadFile({ cloudPath: 'uploads/u_1/202612/abcdefgh12.jpg', filePath: 'wxfile://tmp.jpg' })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '上传失败，请检查网络后重试' } });
    const before = wxCloud.calls.length;
    expect(await uploadFile({ cloudPath: 'uploads/u_1/202612/abcdefgh12.jpg', file: new Blob(['x']) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await uploadFile({ cloudPath: '', filePath: 'wxfile://tmp.jpg' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '文件路径或参数不正确' } });
    expect(wxCloud.calls.length).toBe(before);
  });

  test('getTempFileURL answers each file in order: a URL, or why not (wx.cloud’s status mapped); 120 files go as three calls of at most 50', async () => {
    wxCloud.fileAnswer = (fileID) =>
      fileID === id(2) ? { fileID, status: -503003, errMsg: 'storage file not exists' } : fileID === id(3) ? { fileID, status: -503002, errMsg: 'permission denied' } : { fileID, status: 0, errMsg: 'ok', tempFileURL: `https://tmp.example/${fileID.slice(-12)}` };
    const answer = await getTempFileURL([id(1), id(2), id(3)], { maxAge: 600 });
    expect(wxCloud.calls).toEqual([['getTempFileURL', { fileList: [id(1), id(2), id(3)].map((fileID) => ({ fileID, maxAge: 600 })) }]]);
    expect(answer).toEqual({
      ok: true,
      data: [
        { ok: true, fileID: id(1), tempFileURL: 'https://tmp.example/00000001.jpg' },
        { ok: false, fileID: id(2), error: { code: 'NOT_FOUND', message: '文件不存在或已被删除', details: { platformCode: 'STORAGE_FILE_NONEXIST', reason: 'storage file not exists' } } },
        { ok: false, fileID: id(3), error: { code: 'PERMISSION_DENIED', message: '没有权限访问该文件', details: { platformCode: 'STORAGE_EXCEED_AUTHORITY', reason: 'permission denied' } } },
      ],
    });

    wxCloud.calls.length = 0;
    const many = Array.from({ length: 120 }, (_, i) => id(i));
    const batch = await getTempFileURL(many);
    expect(wxCloud.calls.map((c) => (c[1] as { fileList: unknown[] }).fileList.length)).toEqual([50, 50, 20]);
    expect(batch.ok && batch.data.map((f) => f.fileID)).toEqual(many);
    expect(await getTempFileURL([])).toEqual({ ok: true, data: [] });
  });

  test('deleteFile answers each file’s outcome; a rejected call is INTERNAL with the network message', async () => {
    wxCloud.fileAnswer = (fileID) => (fileID === id(2) ? { fileID, status: -503003, errMsg: 'storage file not exists' } : { fileID, status: 0, errMsg: 'ok' });
    expect(await deleteFile([id(1), id(2)])).toEqual({
      ok: true,
      data: [
        { ok: true, fileID: id(1) },
        { ok: false, fileID: id(2), error: { code: 'NOT_FOUND', message: '文件不存在或已被删除', details: { platformCode: 'STORAGE_FILE_NONEXIST', reason: 'storage file not exists' } } },
      ],
    });
    wxCloud.deleteFile = async () => {
      throw { errCode: -1, errMsg: 'cloud.deleteFile:fail network' };
    };
    expect(await deleteFile([id(1)])).toEqual({ ok: false, error: { code: 'INTERNAL', message: '网络异常，请稍后重试', details: { platformCode: '-1', reason: 'cloud.deleteFile:fail network' } } });
  });

  test('a transport without storage (a page test’s double) answers INTERNAL instead of throwing into the page', async () => {
    configureCloud({ callFunction: async () => null, watch: () => ({ close: async () => undefined }) });
    expect(await uploadFile({ cloudPath: 'uploads/u_1/202612/abcdefgh12.jpg', filePath: 'wxfile://tmp.jpg' })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: '上传失败，请检查网络后重试' } });
    expect(await getTempFileURL([id(1)])).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
