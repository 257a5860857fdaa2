import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogEntry } from '../src/logger';
import { startTestEmulators, invokeViaHub } from './helpers/test-emulators';
import type { RunningEmulators } from '../src/suite';
import type { ClientRequestRecord } from '../src/types';

/**
 * All services together, as `emulators:exec` runs them: the real wx-server-sdk in this process calls
 * functions running in real workers through /admin, and every way a function can fail comes back in
 * CloudBase's error shape without taking the emulator down.
 */

const FIXTURES = path.join(__dirname, 'functions/fixtures');

function projectWithFixtures(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-suite-'));
  const fn = (name: string, extra: Record<string, unknown> = {}) => ({ name, dir: path.join(FIXTURES, name), timeout: 5, ...extra });
  fs.writeFileSync(
    path.join(root, 'cloudbaserc.json'),
    JSON.stringify({
      envId: 'demo-suite',
      functions: [fn('echo', { triggers: [{ name: 'every-minute', type: 'timer', config: '0 * * * * * *' }] }), fn('throws'), fn('hangs', { timeout: 1 }), fn('exits'), fn('round-trips')],
      framework: { plugins: { fn: { inputs: { servicePaths: { echo: '/pc' } } } } },
    }),
  );
  return root;
}

describe('the emulator suite end to end', () => {
  let emu: RunningEmulators;
  let cloud: typeof import('wx-server-sdk');
  let root: string;

  beforeAll(async () => {
    root = projectWithFixtures();
    emu = await startTestEmulators({ root });
    Object.assign(process.env, emu.env);
    cloud = require('wx-server-sdk');
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  });
  afterAll(async () => {
    await emu?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('When a script calls a function through the SDK, then the function runs in a worker with the CloudBase environment', async () => {
    const res = (await cloud.callFunction({ name: 'echo', data: { hello: '你好' } })) as any;
    expect(res.result.event).toEqual({ hello: '你好' });
    expect(res.result.wxContext).toMatchObject({ ENV: 'demo-suite' });
    expect(res.result.context.function_name).toBe('echo');
    expect(res.result.pid).not.toBe(process.pid);
  });

  test('When the hub invokes as a WeChat caller, then the function sees that OPENID and nothing of the previous caller', async () => {
    const a = await invokeViaHub(emu.hubUrl, 'echo', {}, { OPENID: 'o-alice', APPID: 'wx-app' });
    const b = await invokeViaHub(emu.hubUrl, 'echo', {});
    expect(a.body.wxContext).toMatchObject({ OPENID: 'o-alice', APPID: 'wx-app' });
    expect(b.body.wxContext.OPENID ?? '').toBe('');
  });

  test('When a web caller invokes a function, then the invocation record names its uid for the console', async () => {
    const result = await emu.functions.invoke({ functionName: 'echo', event: {}, source: 'web', extraEnv: { TCB_UUID: 'web-user-1', TCB_SOURCE: 'web' } });
    expect(result.ok).toBe(true);
    const record = emu.functions.invocation(result.invocationId!)!;
    expect(record).toMatchObject({ source: 'web', webUid: 'web-user-1', wxContext: {} });
  });

  test('When a function throws, hangs past its timeout or exits, then the caller gets the error code and the next call works', async () => {
    await expect(cloud.callFunction({ name: 'throws', data: {} })).rejects.toMatchObject({ errCode: -1, errMsg: expect.stringContaining('boom from throws') });
    const hung = await invokeViaHub(emu.hubUrl, 'hangs', { busy: true });
    expect(hung.status).toBe(500);
    expect(hung.body.error).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED', message: expect.stringContaining('1 seconds') });
    const exited = await invokeViaHub(emu.hubUrl, 'exits', {});
    expect(exited.body.error.code).toBe('FUNCTIONS_CRASHED');
    expect(JSON.stringify(exited.body)).not.toMatch(/worker-main|node:internal/);
    expect((await invokeViaHub(emu.hubUrl, 'hangs', { quick: true })).body.pid).toEqual(expect.any(Number));
    expect((await invokeViaHub(emu.hubUrl, 'exits', { ok: true })).body.pid).toEqual(expect.any(Number));
    await expect(cloud.callFunction({ name: 'no-such-function', data: {} })).rejects.toMatchObject({ errMsg: expect.stringMatching(/not ?found|FUNCTION_NOT_FOUND/i) });
    expect((await fetch(`${emu.hubUrl}/emulators`)).status).toBe(200);
  }, 20_000);

  test('When a timer is fired on demand, then the function gets the CloudBase timer event', async () => {
    const res = await fetch(`${emu.hubUrl}/timers/echo/every-minute:fire`, { method: 'POST' });
    const body = (await res.json()) as any;
    expect(body.event).toMatchObject({ Type: 'Timer', TriggerName: 'every-minute', Message: '' });
    expect(body.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const timers = (await fetch(`${emu.hubUrl}/timers`).then((r) => r.json())) as any;
    // Tests run with the schedule off, so nothing is due; the trigger is still listed with its cron.
    expect(timers.timers[0]).toMatchObject({ functionName: 'echo', name: 'every-minute', config: '0 * * * * * *', nextFireAt: null });
  });

  test('When the PC system posts to an HTTP access path, then the function receives the integration event', async () => {
    const url = `${emu.http.getInfo()!.url}/pc/events?x=1`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"ping"}' });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.event).toMatchObject({ path: '/pc/events', httpMethod: 'POST', queryStringParameters: { x: '1' }, body: '{"type":"ping"}', isBase64Encoded: false });
    expect(body.event.requestContext.envId).toBe('demo-suite');
  });

  test('When a function awaits two queries one after the other, then its invocation counts 2 sequential round trips; sent together, 1', async () => {
    await emu.database.createCollection('round_trips');
    await emu.database.insert('round_trips', [{ _id: 'one' }, { _id: 'two' }, { _id: 'three' }]);
    const run = async (mode: 'sequential' | 'parallel') => {
      const res = await invokeViaHub(emu.hubUrl, 'round-trips', { mode, collection: 'round_trips' });
      expect(res.body).toEqual({ found: 1, counted: 2 });
      const record = (await fetch(`${emu.hubUrl}/functions/invocations/${res.invocationId}`).then((r) => r.json())) as {
        clientRequests: ClientRequestRecord[];
        operations: unknown[];
        sequentialRoundTrips: number;
      };
      expect(record.operations).toHaveLength(2);
      expect(record.clientRequests).toHaveLength(2);
      for (const request of record.clientRequests) {
        expect(request).toMatchObject({ path: expect.stringMatching(/^\/admin/), status: 200 });
        expect(request.endedAt).toBeGreaterThan(request.startedAt);
      }
      expect(record.clientRequests.map((r) => r.action).sort()).toEqual(['database.calculateDocument', 'database.getDocument']);
      return record.sequentialRoundTrips;
    };
    await run('parallel'); // warms the worker
    // No allowance for load needed: the worker times requests as the caller sees them, so a parallel pair
    // overlaps every time and an awaited pair never does.
    for (let i = 0; i < 5; i++) {
      expect(await run('sequential')).toBe(2);
      expect(await run('parallel')).toBe(1);
    }
    const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=round-trips&limit=2`).then((r) => r.json())) as any;
    expect(list.invocations.map((i: { sequentialRoundTrips: number }) => i.sequentialRoundTrips)).toEqual([2, 1]);
  });
});

/**
 * envVariables with `{{env.X}}`, filled as the tcb CLI fills them (docs.cloudbase.net/cli-v1/config,
 * 环境变量): .env, then .env.local over it, then the process environment over both. A variable set
 * nowhere is said at start and named by every call of a function that needs it.
 */
describe('function environment from .env files', () => {
  let emu: RunningEmulators;
  let root: string;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-suite-env-'));
    const fn = (name: string, fixture: string, envVariables: Record<string, string>) => ({ name, dir: path.join(FIXTURES, fixture), envVariables });
    fs.writeFileSync(
      path.join(root, 'cloudbaserc.json'),
      JSON.stringify({
        envId: 'demo-suite-env',
        functions: [fn('configured', 'env-dump', { MY_SETTING: '{{env.SUITE_SETTING}}' }), fn('unconfigured', 'noop', { KEY: '{{env.SUITE_MISSING_KEY}}' })],
      }),
    );
    fs.writeFileSync(path.join(root, '.env'), 'SUITE_SETTING=from-dotenv\n');
    fs.writeFileSync(path.join(root, '.env.local'), 'SUITE_SETTING=from-dotenv-local\n');
    emu = await startTestEmulators({ root, env: {}, logLevel: 'warn', logSink: (entry) => logs.push(entry) });
  });
  afterAll(async () => {
    await emu?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('When .env and .env.local both set a variable, then the function sees the .env.local value', async () => {
    const res = await invokeViaHub(emu.hubUrl, 'configured', {});
    expect(res.status).toBe(200);
    expect(res.body.env.MY_SETTING).toBe('from-dotenv-local');
  });

  test('When a variable is set nowhere, then the start warns naming it and each call fails naming it, before any worker starts', async () => {
    expect(logs).toContainEqual({
      emulator: 'functions',
      level: 'warn',
      message: expect.stringMatching(/^SUITE_MISSING_KEY is not set \(environment, \.env, \.env\.local\): function unconfigured will refuse to start/),
    });
    const res = await invokeViaHub(emu.hubUrl, 'unconfigured', {});
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: expect.stringContaining('Function "unconfigured" cannot start: environment variable SUITE_MISSING_KEY is not set') });
    expect(emu.functions.workerCount('unconfigured')).toBe(0);
  });
});
