import { FunctionsEmulator } from '../../src/functions/functions-emulator';
import { TimersEmulator } from '../../src/timers/timers-emulator';
import { EmulatorLogger } from '../../src/logger';
import type { FunctionsRuntime, InvokeRequest, InvokeResult } from '../../src/types';
import { fixtureFunction } from '../functions/function-fixtures';

/** Records invocations instead of running anything. */
function recordingRuntime(): FunctionsRuntime & { requests: InvokeRequest[] } {
  const requests: InvokeRequest[] = [];
  return {
    requests,
    listFunctions: () => ['report'],
    invoke: async (request): Promise<InvokeResult> => {
      requests.push(request);
      return { ok: true, result: 'done', invocationId: `inv-${requests.length}`, durationMs: 1 };
    },
    invocations: () => [],
    invocation: () => undefined,
    invocationForSecretId: () => undefined,
  };
}

describe('TimersEmulator scheduling', () => {
  let timers: TimersEmulator | undefined;

  afterEach(async () => {
    await timers?.stop();
    timers = undefined;
    jest.useRealTimers();
  });

  test('fires on the Shanghai schedule with the CloudBase timer event, then re-arms', async () => {
    // 10:00 in Shanghai is 02:00 UTC.
    jest.useFakeTimers({ now: new Date('2026-12-05T01:59:58.500Z') });
    const runtime = recordingRuntime();
    timers = new TimersEmulator({
      triggers: [{ functionName: 'report', name: 'dailyReport', config: '0 0 10 * * * *' }],
      functions: runtime,
    });
    await timers.start();
    expect(timers.list()).toEqual([
      { functionName: 'report', name: 'dailyReport', config: '0 0 10 * * * *', nextFireAt: '2026-12-05T02:00:00.000Z' },
    ]);

    await jest.advanceTimersByTimeAsync(1000);
    expect(runtime.requests).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(600);
    expect(runtime.requests).toEqual([
      {
        functionName: 'report',
        event: { Type: 'Timer', TriggerName: 'dailyReport', Time: '2026-12-05T02:00:00Z', Message: '' },
        extraEnv: { TRIGGER_SRC: 'timer' },
        source: 'timer',
      },
    ]);
    const [info] = timers.list();
    expect(info.nextFireAt).toBe('2026-12-06T02:00:00.000Z');
    expect(info.lastFiredAt).toBe('2026-12-05T02:00:00.000Z');
    expect(info.lastResult).toEqual({ ok: true, invocationId: 'inv-1' });

    await jest.advanceTimersByTimeAsync(24 * 3600 * 1000);
    expect(runtime.requests.map((r) => (r.event as { Time: string }).Time)).toEqual([
      '2026-12-05T02:00:00Z',
      '2026-12-06T02:00:00Z',
    ]);
  });

  test('every-second triggers fire once per second, not twice per slot', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00.000Z') });
    const runtime = recordingRuntime();
    timers = new TimersEmulator({ triggers: [{ functionName: 'report', name: 'tick', config: '* * * * * * *' }], functions: runtime });
    await timers.start();
    await jest.advanceTimersByTimeAsync(5000);
    expect(runtime.requests.map((r) => (r.event as { Time: string }).Time)).toEqual([
      '2026-01-01T00:00:01Z',
      '2026-01-01T00:00:02Z',
      '2026-01-01T00:00:03Z',
      '2026-01-01T00:00:04Z',
      '2026-01-01T00:00:05Z',
    ]);
  });

  test('waits longer than setTimeout allows (a yearly trigger) without firing early', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-02T00:00:00Z') });
    const runtime = recordingRuntime();
    timers = new TimersEmulator({ triggers: [{ functionName: 'report', name: 'yearly', config: '0 0 0 1 1 * *' }], functions: runtime });
    await timers.start();
    expect(timers.list()[0].nextFireAt).toBe('2026-12-31T16:00:00.000Z');
    await jest.advanceTimersByTimeAsync(300 * 24 * 3600 * 1000);
    expect(runtime.requests).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(65 * 24 * 3600 * 1000);
    expect(runtime.requests).toHaveLength(1);
    expect((runtime.requests[0].event as { Time: string }).Time).toBe('2026-12-31T16:00:00Z');
  });

  test('disabled: nothing is scheduled, but fire() still works', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const runtime = recordingRuntime();
    timers = new TimersEmulator({
      triggers: [{ functionName: 'report', name: 'tick', config: '* * * * * * *' }],
      functions: runtime,
      enabled: false,
    });
    await timers.start();
    await jest.advanceTimersByTimeAsync(3000);
    expect(runtime.requests).toHaveLength(0);
    expect(timers.list()[0].nextFireAt).toBeNull();
    const result = await timers.fire('report');
    expect(result.ok).toBe(true);
    expect(runtime.requests[0].event).toEqual({ Type: 'Timer', TriggerName: 'tick', Time: '2026-01-01T00:00:03Z', Message: '' });
  });

  test('stop() cancels pending triggers', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const runtime = recordingRuntime();
    timers = new TimersEmulator({ triggers: [{ functionName: 'report', name: 'tick', config: '* * * * * * *' }], functions: runtime });
    await timers.start();
    await jest.advanceTimersByTimeAsync(1000);
    await timers.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(runtime.requests).toHaveLength(1);
  });

  test('an invalid cron is reported and listed, not thrown; other triggers still run', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const runtime = recordingRuntime();
    const warnings: string[] = [];
    timers = new TimersEmulator({
      triggers: [
        { functionName: 'report', name: 'broken', config: '0 0 2 1 * *' },
        { functionName: 'report', name: 'tick', config: '* * * * * * *' },
      ],
      functions: runtime,
      logger: new EmulatorLogger('timers', { sink: (entry) => warnings.push(`${entry.level} ${entry.message}`) }),
    });
    await timers.start();
    expect(warnings).toEqual([expect.stringMatching(/^warn report\/broken: .*expected 7 fields/)]);
    const [broken, tick] = timers.list();
    expect(broken.nextFireAt).toBeNull();
    expect(broken.error).toMatch(/expected 7 fields/);
    expect(tick.nextFireAt).toBe('2026-01-01T00:00:01.000Z');
  });

  test('fire() picks a trigger by name and refuses unknown ones', async () => {
    const runtime = recordingRuntime();
    timers = new TimersEmulator({
      triggers: [
        { functionName: 'report', name: 'morning', config: '0 0 8 * * * *' },
        { functionName: 'report', name: 'evening', config: '0 0 20 * * * *' },
      ],
      functions: runtime,
      enabled: false,
    });
    await timers.start();
    await timers.fire('report', 'evening');
    expect((runtime.requests[0].event as { TriggerName: string }).TriggerName).toBe('evening');
    await timers.fire('report');
    expect((runtime.requests[1].event as { TriggerName: string }).TriggerName).toBe('morning');
    expect(await timers.fire('report', 'noon')).toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
    expect(await timers.fire('other')).toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
    expect(runtime.requests).toHaveLength(2);
  });
});

describe('TimersEmulator with the functions runtime', () => {
  let functions: FunctionsEmulator;
  let timers: TimersEmulator;

  afterAll(async () => {
    await timers?.stop();
    await functions?.stop();
  });

  test('fire() runs the function with the timer event, TRIGGER_SRC=timer and source timer', async () => {
    functions = new FunctionsEmulator({
      envId: 'timer-env',
      adminUrl: 'http://127.0.0.1:4401/admin',
      functions: [fixtureFunction('echo'), fixtureFunction('env-dump')],
    });
    timers = new TimersEmulator({
      triggers: [
        { functionName: 'echo', name: 'echoTimer', config: '0 0 2 1 * * *' },
        { functionName: 'env-dump', name: 'dumpTimer', config: '0 0 2 1 * * *' },
      ],
      functions,
      enabled: false,
    });
    await timers.start();

    const before = Date.now();
    const echoed = await timers.fire('echo');
    if (!echoed.ok) throw new Error(echoed.message);
    const value = echoed.result as { event: Record<string, string>; wxContext: Record<string, string> };
    expect(value.event).toMatchObject({ Type: 'Timer', TriggerName: 'echoTimer', Message: '' });
    expect(value.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(value.event.Time) - before)).toBeLessThan(2000);
    expect(value.wxContext).toEqual({ ENV: 'timer-env', SOURCE: 'wx_trigger' });

    const dumped = await timers.fire('env-dump', 'dumpTimer');
    if (!dumped.ok) throw new Error(dumped.message);
    expect((dumped.result as { env: Record<string, string> }).env.TRIGGER_SRC).toBe('timer');
    expect(functions.invocation(dumped.invocationId)?.source).toBe('timer');
  });
});
