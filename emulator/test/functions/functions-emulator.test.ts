import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { FunctionsEmulator } from '../../src/functions/functions-emulator';
import { EmulatorLogger } from '../../src/logger';
import type { InvokeResult } from '../../src/types';
import { fixtureFunction, isProcessAlive, waitFor } from './function-fixtures';

const ADMIN_URL = 'http://127.0.0.1:4401/admin';

function expectOk(result: InvokeResult): any {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.result;
}

describe('FunctionsEmulator', () => {
  let emulator: FunctionsEmulator;

  afterEach(async () => {
    await emulator?.stop();
  });

  test('runs a handler with the real wx-server-sdk and passes WeChat identity and an SCF context', async () => {
    emulator = new FunctionsEmulator({ envId: 'env-echo', adminUrl: ADMIN_URL, functions: [fixtureFunction('echo')] });
    const result = await emulator.invoke({
      functionName: 'echo',
      event: { hello: 'world', list: [1, 2] },
      wxContext: { OPENID: 'o-user-1', APPID: 'wx-app-1', UNIONID: 'u-union' },
      source: 'hub',
    });
    const value = expectOk(result);
    expect(value.event).toEqual({ hello: 'world', list: [1, 2] });
    expect(value.wxContext).toEqual({
      OPENID: 'o-user-1',
      APPID: 'wx-app-1',
      UNIONID: 'u-union',
      ENV: 'env-echo',
      SOURCE: 'wx_client',
    });
    expect(value.context).toMatchObject({
      request_id: result.ok && result.invocationId,
      function_name: 'echo',
      function_version: '$LATEST',
      namespace: 'env-echo',
      memory_limit_in_mb: 256,
      time_limit_in_ms: 5000,
      tencentcloud_region: 'ap-shanghai',
    });
    expect(value.context.environ).toContain('WX_OPENID=o-user-1');
    expect(JSON.parse(value.context.environment)).toMatchObject({ WX_OPENID: 'o-user-1', SCF_NAMESPACE: 'env-echo' });
  });

  test('first invocation cold-starts a worker; later ones reuse it warm', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('sleeps')] });
    const first = await emulator.invoke({ functionName: 'sleeps', event: {}, source: 'hub' });
    const second = await emulator.invoke({ functionName: 'sleeps', event: {}, source: 'hub' });
    const third = await emulator.invoke({ functionName: 'sleeps', event: {}, source: 'hub' });
    const pids = [first, second, third].map((r) => expectOk(r).pid);
    expect(new Set(pids).size).toBe(1);
    expect(pids[0]).not.toBe(process.pid);
    const records = emulator.invocations();
    expect(records.map((r) => r.coldStart)).toEqual([true, false, false]);
    expect(records.every((r) => r.status === 'ok' && r.source === 'hub' && typeof r.durationMs === 'number')).toBe(true);
    expect(emulator.workerCount('sleeps')).toBe(1);
  });

  test('injects CloudBase environment so both SDKs run without missing-environment warnings', async () => {
    emulator = new FunctionsEmulator({
      envId: 'env-dump-test',
      adminUrl: ADMIN_URL,
      region: 'ap-guangzhou',
      functions: [fixtureFunction('env-dump', { envVariables: { MY_SETTING: 'from-config' }, memorySize: 192, timeout: 7 })],
    });
    const result = await emulator.invoke({
      functionName: 'env-dump',
      event: {},
      extraEnv: { TCB_UUID: 'web-user-9', TRIGGER_SRC: 'tcb' },
      source: 'web',
    });
    const value = expectOk(result);
    expect(value.env).toMatchObject({
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-guangzhou',
      SCF_NAMESPACE: 'env-dump-test',
      TCB_ENV: 'env-dump-test',
      SCF_FUNCTIONNAME: 'env-dump',
      SCF_FUNCTIONVERSION: '$LATEST',
      SCF_RUNTIME: 'Nodejs16.13',
      SCF_MEMORY_SIZE: '192',
      SCF_TIMEOUT: '7',
      TZ: 'UTC',
      TENCENTCLOUD_SECRETID: 'emu-env-dump-1',
      MY_SETTING: 'from-config',
      TCB_UUID: 'web-user-9',
      TRIGGER_SRC: 'tcb',
    });
    expect(JSON.parse(value.env.TCB_CONTEXT_CNFG)).toEqual({ URL: ADMIN_URL });
    expect(value.env.TCB_CONTEXT_KEYS.split(',')).toContain('TCB_UUID');
    expect(value.env.NODE_OPTIONS).toBeUndefined();
    expect(value.env.TENCENTCLOUD_SECRETKEY).toBeTruthy();
    expect(value.env.TENCENTCLOUD_SESSIONTOKEN).toBeTruthy();
    expect(value.user).toEqual({ openId: '', appId: '', uid: 'web-user-9', customUserId: '', isAnonymous: false });
    expect(value.wxContext).toEqual({ ENV: 'env-dump-test' });
    expect(value.hourOfEpoch).toBe(0);
    expect(value.execArgv).toEqual(['--max-old-space-size=192', '--enable-source-maps']);

    const record = emulator.invocation(result.ok ? result.invocationId : '')!;
    await new Promise((resolve) => setTimeout(resolve, 100)); // let any stray stderr arrive
    const warnings = record.logs.filter((l) => /\[TCB\]|missing|WARN/i.test(l.message));
    expect(warnings).toEqual([]);
    // cloud.logger() goes through the advanced-logging hook instead of warning.
    expect(record.logs).toContainEqual(expect.objectContaining({ level: 'info', message: '{"hello":"world"}' }));
  });

  test('@cloudbase/node-sdk auth().getUserInfo() sees the web caller from extraEnv', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('node-sdk-user')] });
    const user = expectOk(
      await emulator.invoke({
        functionName: 'node-sdk-user',
        event: {},
        extraEnv: { TCB_UUID: 'uid-123', TCB_ISANONYMOUS_USER: 'true', TCB_CUSTOM_USER_ID: 'custom-7' },
        source: 'web',
      }),
    );
    expect(user).toEqual({ openId: '', appId: '', uid: 'uid-123', customUserId: 'custom-7', isAnonymous: true });
  });

  test('requests the function sends to the admin endpoint are timed in the worker, late ones included; other hosts are not recorded', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      const delay = req.url?.endsWith('/late') ? 150 : 20;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), delay);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      emulator = new FunctionsEmulator({ envId: 'e', adminUrl: `${base}/admin`, functions: [fixtureFunction('client-requests')] });
      const result = await emulator.invoke({ functionName: 'client-requests', event: { otherUrl: `${base}/elsewhere` }, source: 'hub' });
      expectOk(result);
      const record = emulator.invocation(result.invocationId!)!;
      await waitFor(() => record.clientRequests!.length === 4);
      const [first, second, ping, late] = record.clientRequests!;
      expect(seen).toContain('/elsewhere');
      // @cloudbase/node-sdk 3.18 goes through http.request: both database calls, named by their action, overlapping.
      expect([first.action, second.action].sort()).toEqual(['database.calculateDocument', 'database.getDocument']);
      expect(first.path).toMatch(/^\/admin/);
      expect(second.startedAt).toBeLessThan(first.endedAt);
      expect(ping).toMatchObject({ path: '/admin/ping?x=1', method: 'GET', status: 200 });
      expect(late).toMatchObject({ path: '/admin/late', status: 200 });
      expect(late.endedAt).toBeGreaterThan(record.endedAt!);
      for (const r of record.clientRequests!) expect(r.endedAt).toBeGreaterThan(r.startedAt);
      expect(record.clientRequests!.every((r) => r.startedAt >= record.startedAt)).toBe(true);
    } finally {
      await emulator.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a function TZ setting overrides the UTC default', async () => {
    emulator = new FunctionsEmulator({
      envId: 'e',
      adminUrl: ADMIN_URL,
      functions: [fixtureFunction('env-dump', { envVariables: { TZ: 'Asia/Shanghai' } })],
    });
    const value = expectOk(await emulator.invoke({ functionName: 'env-dump', event: {}, source: 'hub' }));
    expect(value.env.TZ).toBe('Asia/Shanghai');
    expect(value.hourOfEpoch).toBe(8);
  });

  test("a warm worker forgets the previous caller's identity", async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('env-dump')] });
    const first = expectOk(
      await emulator.invoke({
        functionName: 'env-dump',
        event: {},
        wxContext: { OPENID: 'first-openid', APPID: 'wx1' },
        extraEnv: { TCB_UUID: 'first-uid' },
        source: 'hub',
      }),
    );
    expect(first.wxContext.OPENID).toBe('first-openid');
    const second = expectOk(await emulator.invoke({ functionName: 'env-dump', event: {}, source: 'timer', extraEnv: { TRIGGER_SRC: 'timer' } }));
    expect(second.env.WX_OPENID).toBeUndefined();
    expect(second.env.TCB_UUID).toBeUndefined();
    expect(second.user.uid).toBe('');
    expect(second.wxContext).toEqual({ ENV: 'e', SOURCE: 'wx_trigger' });
    expect(second.env.TRIGGER_SRC).toBe('timer');
    expect(emulator.invocations()[1].coldStart).toBe(false);
  });

  test('unknown function answers FUNCTION_NOT_FOUND without throwing', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [] });
    const result = await emulator.invoke({ functionName: 'nope', event: {}, source: 'hub' });
    expect(result).toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
    expect(emulator.listFunctions()).toEqual([]);
  });

  test('a throwing handler fails with FUNCTIONS_EXECUTE_FAIL and the stack, and the worker stays warm', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('throws')] });
    const rejected = await emulator.invoke({ functionName: 'throws', event: {}, source: 'hub' });
    expect(rejected).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
    if (rejected.ok) return;
    expect(rejected.message).toMatch(/^Error: boom from throws\n\s+at .*fixtures\/throws\/index\.js:\d+/);
    expect(rejected.message).not.toContain('worker-main');

    const syncThrow = await emulator.invoke({ functionName: 'throws', event: { sync: true }, source: 'hub' });
    expect(syncThrow).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(!syncThrow.ok && syncThrow.message).toMatch(/^TypeError: sync boom/);

    const records = emulator.invocations();
    expect(records.map((r) => [r.status, r.coldStart])).toEqual([
      ['error', true],
      ['error', false],
    ]);
    expect(records[0].errorMessage).toContain('boom from throws');
    expect(emulator.workerCount('throws')).toBe(1);
  });

  test('timeout kills the worker with FUNCTIONS_TIME_LIMIT_EXCEEDED; the next call cold-starts and works', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('hangs', { timeout: 1 })] });
    const warm = expectOk(await emulator.invoke({ functionName: 'hangs', event: { quick: true }, source: 'hub' }));

    const started = Date.now();
    const hung = await emulator.invoke({ functionName: 'hangs', event: {}, source: 'hub' });
    const elapsed = Date.now() - started;
    expect(hung).toMatchObject({ ok: false, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
    expect(!hung.ok && hung.message).toContain('timed out after 1 seconds');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    await waitFor(() => !isProcessAlive(warm.pid));

    const busy = await emulator.invoke({ functionName: 'hangs', event: { busy: true }, source: 'hub' });
    expect(busy).toMatchObject({ ok: false, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });

    const after = expectOk(await emulator.invoke({ functionName: 'hangs', event: { quick: true }, source: 'hub' }));
    expect(after.pid).not.toBe(warm.pid);
    const records = emulator.invocations();
    expect(records.map((r) => r.status)).toEqual(['ok', 'timeout', 'timeout', 'ok']);
    expect(records[3].coldStart).toBe(true);
  });

  test('process.exit mid-invocation is reported as FUNCTIONS_CRASHED, never thrown', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('exits')] });
    const crashed = await emulator.invoke({ functionName: 'exits', event: {}, source: 'hub' });
    expect(crashed).toMatchObject({ ok: false, code: 'FUNCTIONS_CRASHED' });
    expect(!crashed.ok && crashed.message).toMatch(/exited with code 1/);
    expect(emulator.invocations()[0].status).toBe('crashed');
    const ok = await emulator.invoke({ functionName: 'exits', event: { ok: true }, source: 'hub' });
    expect(ok.ok).toBe(true);
    expect(emulator.invocations()[1].coldStart).toBe(true);
  });

  test('an uncaught exception from a timer crashes the worker with the error in the message', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('crash-later')] });
    const crashed = await emulator.invoke({ functionName: 'crash-later', event: {}, source: 'hub' });
    expect(crashed).toMatchObject({ ok: false, code: 'FUNCTIONS_CRASHED' });
    expect(!crashed.ok && crashed.message).toContain('Error: uncaught in timer');
    expect(emulator.workerCount('crash-later')).toBe(0);
  });

  test('an idle worker that dies is dropped; its error lands on the invocation that left the timer', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('crash-after-return')] });
    const first = await emulator.invoke({ functionName: 'crash-after-return', event: {}, source: 'hub' });
    const { pid } = expectOk(first);
    await waitFor(() => emulator.workerCount('crash-after-return') === 0);
    expect(isProcessAlive(pid)).toBe(false);
    const record = emulator.invocation(first.ok ? first.invocationId : '')!;
    expect(record.status).toBe('ok');
    expect(record.logs.map((l) => l.message).join('\n')).toContain('late failure after returning');

    const second = expectOk(await emulator.invoke({ functionName: 'crash-after-return', event: {}, source: 'hub' }));
    expect(second.pid).not.toBe(pid);
    expect(emulator.invocations()[1].coldStart).toBe(true);
  });

  test('running out of memory is a crash that names the memory limit', async () => {
    emulator = new FunctionsEmulator({
      envId: 'e',
      adminUrl: ADMIN_URL,
      functions: [fixtureFunction('oom', { memorySize: 128, timeout: 30 })],
    });
    const crashed = await emulator.invoke({ functionName: 'oom', event: {}, source: 'hub' });
    expect(crashed).toMatchObject({ ok: false, code: 'FUNCTIONS_CRASHED' });
    expect(!crashed.ok && crashed.message).toMatch(/memory limit \(128 MB\)/);
  });

  test('console output and raw stdout/stderr are captured per invocation', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('logs')] });
    const one = await emulator.invoke({ functionName: 'logs', event: { n: 1 }, source: 'hub' });
    const two = await emulator.invoke({ functionName: 'logs', event: { n: 2 }, source: 'hub' });
    expect(expectOk(two)).toBe(2);
    const [first, second] = [one, two].map((r) => emulator.invocation(r.ok ? r.invocationId : '')!);
    // Everything the handler printed is on its record by the time the result is back, none on the next one.
    const summary = (logs: { level: string; message: string }[]) => logs.map((l) => `${l.level}:${l.message}`);
    expect(summary(first.logs)).toEqual(
      expect.arrayContaining([
        'log:log line 1 { nested: true }',
        'info:info line',
        'warn:warn line',
        'error:error line',
        'stdout:raw stdout line',
        'stderr:raw stderr line',
      ]),
    );
    expect(summary(second.logs)).toContain('log:log line 2 { nested: true }');
    expect(summary(second.logs)).not.toContain('log:log line 1 { nested: true }');
    expect(first.logs).toHaveLength(6);
    expect(second.logs).toHaveLength(6);
  });

  test('a function whose {{env.X}} resolved to nothing warns at start and refuses every invocation naming X, without starting a worker', async () => {
    const warnings: string[] = [];
    emulator = new FunctionsEmulator({
      envId: 'e',
      adminUrl: ADMIN_URL,
      logger: new EmulatorLogger('functions', { sink: (entry) => warnings.push(`${entry.level} ${entry.message}`) }),
      functions: [
        fixtureFunction('env-dump', { envVariables: { MY_SETTING: '' }, unresolvedEnv: ['MY_SECRET_KEY'] }),
        fixtureFunction('noop', { unresolvedEnv: ['MY_SECRET_KEY'] }),
        fixtureFunction('echo'),
      ],
    });
    await emulator.start();
    expect(warnings).toEqual([expect.stringMatching(/^warn MY_SECRET_KEY is not set \(environment, \.env, \.env\.local\): functions env-dump, noop will refuse to start/)]);
    const result = await emulator.invoke({ functionName: 'env-dump', event: {}, source: 'hub' });
    expect(result).toMatchObject({
      ok: false,
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringMatching(/^Function "env-dump" cannot start: environment variable MY_SECRET_KEY is not set\. cloudbaserc\.json gives envVariables as "\{\{env\.MY_SECRET_KEY\}\}"; set MY_SECRET_KEY .*\.env \/ \.env\.local/),
    });
    expect(emulator.workerCount('env-dump')).toBe(0);
    expect(emulator.invocation(result.ok ? '' : result.invocationId!)).toMatchObject({ status: 'error', errorMessage: expect.stringContaining('MY_SECRET_KEY') });
    expectOk(await emulator.invoke({ functionName: 'echo', event: {}, source: 'hub' }));
  });

  test('logs one debug line per invocation (printed with --verbose)', async () => {
    const lines: string[] = [];
    emulator = new FunctionsEmulator({
      envId: 'e',
      adminUrl: ADMIN_URL,
      logger: new EmulatorLogger('functions', { threshold: 'debug', sink: (entry) => lines.push(`${entry.level} ${entry.message}`) }),
      functions: [fixtureFunction('noop'), fixtureFunction('throws')],
    });
    await emulator.invoke({ functionName: 'noop', event: {}, source: 'http' });
    await emulator.invoke({ functionName: 'throws', event: {}, source: 'hub' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^debug noop http ok .*cold start/);
    expect(lines[1]).toMatch(/^debug throws hub error .*boom from throws/);
  });

  test('queues invocations beyond maxWorkersPerFunction in FIFO order', async () => {
    emulator = new FunctionsEmulator({
      envId: 'e',
      adminUrl: ADMIN_URL,
      maxWorkersPerFunction: 2,
      functions: [fixtureFunction('sleeps')],
    });
    // Warm both workers first so cold-start time does not blur the batches.
    await Promise.all([0, 1].map(() => emulator.invoke({ functionName: 'sleeps', event: {}, source: 'hub' })));
    expect(emulator.workerCount('sleeps')).toBe(2);

    const finished: number[] = [];
    const started = Date.now();
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((index) =>
        emulator.invoke({ functionName: 'sleeps', event: { ms: 150, index }, source: 'hub' }).then((r) => {
          finished.push(index);
          return expectOk(r);
        }),
      ),
    );
    const elapsed = Date.now() - started;
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(emulator.workerCount('sleeps')).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 150 - 20);
    // FIFO: 0 and 1 run first, then 2 and 3, then 4.
    expect(finished.slice(0, 2).sort()).toEqual([0, 1]);
    expect(finished.slice(2, 4).sort()).toEqual([2, 3]);
    expect(finished[4]).toBe(4);
    const byIndex = [...results].sort((a, b) => a.index - b.index);
    expect(byIndex[4].startedAt).toBeGreaterThanOrEqual(Math.max(byIndex[0].startedAt, byIndex[1].startedAt) + 280);
  });

  test('maps a worker secret id to the invocation it is serving', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('sleeps')] });
    const pending = emulator.invoke({ functionName: 'sleeps', event: { ms: 300 }, source: 'admin' });
    await waitFor(() => emulator.invocationForSecretId('emu-sleeps-1') !== undefined);
    const running = emulator.invocationForSecretId('emu-sleeps-1')!;
    expect(running.status).toBe('running');
    expect(running.functionName).toBe('sleeps');
    const result = await pending;
    expect(expectOk(result).secretId).toBe('emu-sleeps-1');
    expect(result.ok && result.invocationId).toBe(running.id);
    expect(emulator.invocationForSecretId('emu-sleeps-1')).toBeUndefined();
    expect(emulator.invocationForSecretId('emu-other-1')).toBeUndefined();
  });

  test('serialises results like CloudBase: undefined → null, Dates → ISO strings, BigInt fails', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('returns')] });
    expect(expectOk(await emulator.invoke({ functionName: 'returns', event: { kind: 'undefined' }, source: 'hub' }))).toBeNull();
    expect(expectOk(await emulator.invoke({ functionName: 'returns', event: { kind: 'date' }, source: 'hub' }))).toEqual({
      at: '1970-01-01T00:00:00.000Z',
    });
    const bigint = await emulator.invoke({ functionName: 'returns', event: { kind: 'bigint' }, source: 'hub' });
    expect(bigint).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(!bigint.ok && bigint.message).toMatch(/not JSON-serialisable/);
  });

  test('keeps a bounded invocation history, newest last', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, invocationHistory: 3, functions: [fixtureFunction('noop')] });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await emulator.invoke({ functionName: 'noop', event: {}, source: 'hub' });
      ids.push(r.ok ? r.invocationId : '');
    }
    expect(emulator.invocations().map((r) => r.id)).toEqual(ids.slice(2));
    expect(emulator.invocation(ids[0])).toBeUndefined();
    expect(emulator.invocation(ids[4])?.status).toBe('ok');
  });

  test('reloads when the bundle file changes: the next invocation cold-starts the new code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-reload-'));
    const bundle = path.join(dir, 'index.js');
    const write = (version: number) => {
      fs.writeFileSync(bundle, `exports.main = async () => ({ version: ${version}, pid: process.pid });\n`);
      // Same-millisecond rewrites must still look different.
      const future = new Date(Date.now() + version * 1000);
      fs.utimesSync(bundle, future, future);
    };
    write(1);
    try {
      emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('reloadable', { dir })] });
      const v1 = expectOk(await emulator.invoke({ functionName: 'reloadable', event: {}, source: 'hub' }));
      const v1again = expectOk(await emulator.invoke({ functionName: 'reloadable', event: {}, source: 'hub' }));
      expect(v1.version).toBe(1);
      expect(v1again.pid).toBe(v1.pid);

      write(2);
      const v2 = expectOk(await emulator.invoke({ functionName: 'reloadable', event: {}, source: 'hub' }));
      expect(v2.version).toBe(2);
      expect(v2.pid).not.toBe(v1.pid);
      expect(emulator.invocations()[2].coldStart).toBe(true);
      await waitFor(() => !isProcessAlive(v1.pid));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bundle that fails to load is an execute failure, and a fixed bundle loads on the next call', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-broken-'));
    const bundle = path.join(dir, 'index.js');
    try {
      fs.writeFileSync(bundle, 'exports.main = async () => {\n');
      emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('broken', { dir })] });
      const broken = await emulator.invoke({ functionName: 'broken', event: {}, source: 'hub' });
      expect(broken).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
      expect(!broken.ok && broken.message).toMatch(/SyntaxError/);

      fs.writeFileSync(bundle, 'exports.main = async () => "fixed";\n');
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(bundle, later, later);
      expect(expectOk(await emulator.invoke({ functionName: 'broken', event: {}, source: 'hub' }))).toBe('fixed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('stack traces of bundles built with source maps point at the original sources', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-sourcemap-'));
    try {
      const source = path.join(dir, 'src', 'handler.ts');
      fs.mkdirSync(path.dirname(source));
      fs.writeFileSync(
        source,
        ['interface Input { name?: string }', '', 'export async function main(event: Input): Promise<string> {', "  throw new Error(`no ${event.name ?? 'name'}`);", '}', ''].join('\n'),
      );
      buildSync({ entryPoints: [source], outfile: path.join(dir, 'index.js'), bundle: true, platform: 'node', format: 'cjs', sourcemap: 'linked', logLevel: 'silent' });
      emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, functions: [fixtureFunction('mapped', { dir })] });
      const result = await emulator.invoke({ functionName: 'mapped', event: { name: 'x' }, source: 'hub' });
      expect(result).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
      expect(!result.ok && result.message).toMatch(/^Error: no x\n\s+at .*src[\\/]handler\.ts:4:/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing export is reported clearly', async () => {
    emulator = new FunctionsEmulator({
      envId: 'e',
      adminUrl: ADMIN_URL,
      functions: [fixtureFunction('noop', { handler: 'index.nothere' })],
    });
    const result = await emulator.invoke({ functionName: 'noop', event: {}, source: 'hub' });
    expect(result).toMatchObject({ ok: false, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(!result.ok && result.message).toContain('Handler "nothere" is not a function');
  });

  test('stop() kills every worker and waits for it to exit', async () => {
    emulator = new FunctionsEmulator({ envId: 'e', adminUrl: ADMIN_URL, maxWorkersPerFunction: 3, functions: [fixtureFunction('sleeps')] });
    const results = await Promise.all(
      [0, 1, 2].map(() => emulator.invoke({ functionName: 'sleeps', event: { ms: 50 }, source: 'hub' })),
    );
    const pids = results.map((r) => expectOk(r).pid);
    expect(new Set(pids).size).toBe(3);
    await emulator.stop();
    expect(pids.map(isProcessAlive)).toEqual([false, false, false]);
    expect(emulator.workerCount('sleeps')).toBe(0);
  });
});
