/**
 * cloud.callFunction (functions.invokeFunction), cloud.openapi.subscribeMessage.send and
 * cloud.openapi.phonenumber.getPhoneNumber (wx.openApi, protobuf over multipart) through the real SDKs. The FunctionsRuntime here is a canned stand-in: this is
 * a unit-level test of the admin endpoint; the end-to-end run with real workers belongs to the integrator.
 */
import type { SubscribeMessageRecord } from '../../src/types';
import { decodeCommApiData, decodeCommOpenApiResp, encodeCommApiData, phoneNumberForCode } from '../../src/admin';
import { FakeFunctionsRuntime, rawPost, SECRET_ID, setSdkEnv, startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
let h: AdminHarness;
let fake: FakeFunctionsRuntime;
let cloud: any;
let app: any;

beforeAll(async () => {
  fake = new FakeFunctionsRuntime({
    echo: (req) => ({ ok: true, result: { got: req.event, ctx: req.wxContext ?? null }, invocationId: 'inv-2', durationMs: 3 }),
    nothing: () => ({ ok: true, result: undefined, invocationId: 'inv-3', durationMs: 1 }),
    thrower: () => ({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: kaboom', invocationId: 'inv-4', durationMs: 2 }),
    crasher: () => ({ ok: false, code: 'FUNCTIONS_CRASHED', message: 'worker exited with code 1', invocationId: 'inv-5' }),
    sleeper: () => ({ ok: false, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED', message: 'Invoking task timed out after 3 seconds', invocationId: 'inv-6' }),
  });
  h = await startAdmin({ functions: fake });
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const tcb = require('@cloudbase/node-sdk');
  app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.errors).toEqual([]);
  setSdkEnv(h.url, SECRET_ID);
});

describe('callFunction → functions.invokeFunction', () => {
  test('result comes back parsed; the caller identity is passed through', async () => {
    const res = await cloud.callFunction({ name: 'echo', data: { x: 1, s: 'é' } });
    expect(res).toEqual({
      result: { got: { x: 1, s: 'é' }, ctx: { OPENID: 'o-user-1', APPID: 'wx-app-1', UNIONID: 'u-1' } },
      errMsg: 'callFunction:ok',
      requestID: expect.any(String),
    });
    expect(fake.requests.at(-1)).toMatchObject({ functionName: 'echo', source: 'admin' });
  });

  test('no data → event {}, undefined result → null', async () => {
    await expect(cloud.callFunction({ name: 'echo' })).resolves.toMatchObject({ result: { got: {} } });
    await expect(cloud.callFunction({ name: 'nothing' })).resolves.toMatchObject({ result: null });
  });

  test('an unattributed caller (unknown secret id) passes no wxContext', async () => {
    setSdkEnv(h.url, 'not-a-worker');
    await expect(cloud.callFunction({ name: 'echo', data: {} })).resolves.toMatchObject({ result: { ctx: null } });
  });

  test('failures map to CloudBase codes as the SDKs surface them', async () => {
    // node-sdk 3.17.2 throws a TcbError for any `code` answer, so wx-server-sdk's own -504002 mapping is never
    // reached: the caller sees errCode -1 with the service code kept on `.code`.
    const thrown = await cloud.callFunction({ name: 'thrower' }).catch((e: any) => e);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL', errMsg: 'callFunction:fail Error: kaboom', requestId: expect.any(String) });
    const crashed = await cloud.callFunction({ name: 'crasher' }).catch((e: any) => e);
    expect(crashed).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', errMsg: 'callFunction:fail worker exited with code 1' });
    const timedOut = await cloud.callFunction({ name: 'sleeper' }).catch((e: any) => e);
    expect(timedOut).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED', errMsg: 'callFunction:fail Invoking task timed out after 3 seconds' });
    const missing = await cloud.callFunction({ name: 'ghost' }).catch((e: any) => e);
    expect(missing.code).toBe('FUNCTION_NOT_FOUND');
    expect(missing.errMsg).toMatch(/^callFunction:fail \[FUNCTION_NOT_FOUND\]/);
  });

  test('node-sdk: result and TcbError codes', async () => {
    await expect(app.callFunction({ name: 'echo', data: { y: 2 } })).resolves.toMatchObject({ result: { got: { y: 2 } }, requestId: expect.any(String) });
    const err = await app.callFunction({ name: 'thrower' }).catch((e: any) => e);
    expect(err).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: kaboom', requestId: expect.any(String) });
    await expect(app.callFunction({ name: 'sleeper' })).rejects.toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    await expect(app.callFunction({ name: 'ghost' })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  });

  test('bad request_data → INVALID_PARAM', async () => {
    const res = await rawPost(h.url, JSON.stringify({ action: 'functions.invokeFunction', function_name: 'echo', request_data: '{nope' }));
    expect(res.json).toMatchObject({ code: 'INVALID_PARAM' });
    const noName = await rawPost(h.url, JSON.stringify({ action: 'functions.invokeFunction', request_data: '{}' }));
    expect(noName.json).toMatchObject({ code: 'INVALID_PARAM' });
  });
});

describe('openapi.subscribeMessage.send → wx.openApi', () => {
  test('a valid send resolves as on WeChat and is recorded with the calling invocation', async () => {
    h.admin.clearSubscribeMessages();
    const heard: SubscribeMessageRecord[] = [];
    const off = h.admin.onSubscribeMessage((m) => heard.push(m));
    const res = await cloud.openapi.subscribeMessage.send({
      touser: 'o-user-1',
      templateId: 'TPL-1',
      page: 'pages/index/index?x=1',
      data: { thing1: { value: '预约成功' }, number2: { value: 3 } },
      miniprogramState: 'developer',
      lang: 'zh_CN',
    });
    off();
    expect(res).toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    const [record] = h.admin.subscribeMessages();
    expect(record).toEqual({
      id: expect.any(String),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      touser: 'o-user-1',
      templateId: 'TPL-1',
      page: 'pages/index/index?x=1',
      data: { thing1: { value: '预约成功' }, number2: { value: 3 } },
      miniprogramState: 'developer',
      lang: 'zh_CN',
      invocationId: 'inv-caller-1',
      errCode: 0,
      errMsg: 'ok',
    });
    expect(heard).toEqual([record]);
  });

  test('WeChat-style validation errors reject with errcode', async () => {
    h.admin.clearSubscribeMessages();
    const noUser = await cloud.openapi.subscribeMessage.send({ templateId: 'T', data: { a: { value: 'x' } } }).catch((e: any) => e);
    expect(noUser.errCode).toBe(40003);
    expect(noUser.errMsg).toMatch(/^openapi\.subscribeMessage\.send:fail invalid openid rid: /);
    const noTemplate = await cloud.openapi.subscribeMessage.send({ touser: 'o', data: { a: { value: 'x' } } }).catch((e: any) => e);
    expect(noTemplate.errCode).toBe(40037);
    const emptyValue = await cloud.openapi.subscribeMessage.send({ touser: 'o', templateId: 'T', data: { a: { value: '' } } }).catch((e: any) => e);
    expect(emptyValue.errCode).toBe(47003);
    expect(emptyValue.errMsg).toMatch(/data\.a\.value/);
    const badState = await cloud.openapi.subscribeMessage.send({ touser: 'o', templateId: 'T', data: { a: { value: 'x' } }, miniprogramState: 'prod' }).catch((e: any) => e);
    expect(badState.errCode).toBe(47003);
    expect(h.admin.subscribeMessages().map((m) => m.errCode)).toEqual([40003, 40037, 47003, 47003]);
  });

  test('an openapi the emulator does not implement fails clearly', async () => {
    const err = await cloud.openapi.security.msgSecCheck({ content: 'hi' }).catch((e: any) => e);
    expect(err.errCode).toBe(-501001);
    expect(err.errMsg).toMatch(/security\.msgSecCheck is not emulated/);
  });

  test('protobuf round trip helpers match what the SDK sends and decodes', async () => {
    const bytes = encodeCommApiData({ params: { touser: 'o1', template_id: 'T1', data: { k: { value: 'v' } } } });
    expect(decodeCommApiData(bytes).params).toEqual({ touser: 'o1', template_id: 'T1', data: { k: { value: 'v' } } });
    const boundary = 'b0undary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="apiName"\r\n\r\nsubscribeMessage.send\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="requestData"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(bytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await fetch(`${h.url}?env=local-env`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const resp = decodeCommOpenApiResp(new Uint8Array(await res.arrayBuffer()));
    expect(resp.errorCode).toBe(0);
    expect(JSON.parse(resp.respData.toString())).toEqual({ errcode: 0, errmsg: 'ok' });
    const bad = await rawPost(h.url, body.toString('latin1').replace('subscribeMessage.send', 'subscribeMessage.sendd'), { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(bad.json).toMatchObject({ code: 'INVALID_ACTION' });
  });
});

describe('openapi.phonenumber.getPhoneNumber → wx.openApi', () => {
  // WeChat's 获取手机号 (phonenumber.getPhoneNumber, POST /wxa/business/getuserphonenumber): a code works once,
  // the answer is { errcode, errmsg, phone_info: { phoneNumber, purePhoneNumber, countryCode, watermark } },
  // and 40029 means the code is not valid. wx-server-sdk camel-cases the answer and rejects a non-zero errcode.
  const code = (tag: string) => `${tag}${'0123456789abcdef'.repeat(4)}`.slice(0, 64);

  test('a code resolves to a mainland number as wx-server-sdk delivers it, with the caller’s appid in the watermark, and is recorded', async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = code('a1');
    const res = await cloud.openapi.phonenumber.getPhoneNumber({ code: first });
    const number = phoneNumberForCode(first);
    expect(number).toMatch(/^1[3-9]\d{9}$/);
    expect(res).toEqual({
      phoneInfo: { phoneNumber: number, purePhoneNumber: number, countryCode: '86', watermark: { timestamp: expect.any(Number), appid: 'wx-app-1' } },
      errCode: 0,
      errMsg: 'openapi.phonenumber.getPhoneNumber:ok',
    });
    expect(res.phoneInfo.watermark.timestamp).toBeGreaterThanOrEqual(before);
    expect(res.phoneInfo.watermark.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(h.admin.phoneNumberRequests().at(-1)).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      code: first,
      purePhoneNumber: number,
      appid: 'wx-app-1',
      invocationId: 'inv-caller-1',
      errCode: 0,
      errMsg: 'ok',
    });
  });

  test('the same code always means the same number and another code another number; a code works only once', async () => {
    const [a, b] = [code('b1'), code('b2')];
    expect(phoneNumberForCode(a)).toBe(phoneNumberForCode(a));
    expect(phoneNumberForCode(a)).not.toBe(phoneNumberForCode(b));
    const answered = await cloud.openapi.phonenumber.getPhoneNumber({ code: a });
    expect(answered.phoneInfo.purePhoneNumber).toBe(phoneNumberForCode(a));
    const again = await cloud.openapi.phonenumber.getPhoneNumber({ code: a }).catch((e: any) => e);
    expect(again).toMatchObject({ errCode: 40029, errMsg: expect.stringMatching(/^openapi\.phonenumber\.getPhoneNumber:fail invalid code rid: /) });
    expect(h.admin.phoneNumberRequests().slice(-2).map((r) => [r.code, r.errCode, r.purePhoneNumber])).toEqual([
      [a, 0, phoneNumberForCode(a)],
      [a, 40029, undefined],
    ]);
  });

  test('a code that can not be one (too short, missing, not a string, odd characters) answers 40029 and changes nothing else', async () => {
    const count = h.admin.phoneNumberRequests().length;
    for (const bad of [{ code: 'short' }, {}, { code: 12345678901234567890 }, { code: `${code('c1').slice(0, 40)}!?` }]) {
      const err = await cloud.openapi.phonenumber.getPhoneNumber(bad).catch((e: any) => e);
      expect([JSON.stringify(bad), err.errCode]).toEqual([JSON.stringify(bad), 40029]);
    }
    expect(h.admin.phoneNumberRequests().slice(count).map((r) => r.errCode)).toEqual([40029, 40029, 40029, 40029]);
    // Refusals spend nothing: a well-formed fresh code still answers.
    const fresh = code('c2');
    await expect(cloud.openapi.phonenumber.getPhoneNumber({ code: fresh })).resolves.toMatchObject({ phoneInfo: { purePhoneNumber: phoneNumberForCode(fresh) } });
  });

  test('the raw protobuf answer is WeChat’s JSON, wrapped like the gateway wraps it', async () => {
    const bytes = encodeCommApiData({ params: { code: code('d1') } });
    const boundary = 'ph0ne';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="apiName"\r\n\r\nphonenumber.getPhoneNumber\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="requestData"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(bytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await fetch(`${h.url}?env=local-env`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    const resp = decodeCommOpenApiResp(new Uint8Array(await res.arrayBuffer()));
    expect(resp).toMatchObject({ errorCode: 0, httpCode: 200, contentType: 'application/json; charset=utf-8' });
    const json = JSON.parse(resp.respData.toString());
    expect(json).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: phoneNumberForCode(code('d1')), purePhoneNumber: phoneNumberForCode(code('d1')), countryCode: '86', watermark: { timestamp: expect.any(Number), appid: 'wx0000000000000000' } },
    });
  });
});
