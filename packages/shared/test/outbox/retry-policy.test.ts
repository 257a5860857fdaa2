import type { SendResult } from '@partner-desk/pc-protocol/send';
import { backoffDelayMs, FAILING_AFTER_ATTEMPTS, outcomeOf, replySyncStatusOf, retryPolicy, RETRY_WINDOW_MS } from '../../src/outbox/retry-policy';
import { baseDelaySecondsFrom, outboxConfigFrom, OutboxConfigError } from '../../src/outbox/config';

const at = (seconds: number) => new Date(Date.parse('2026-12-06T02:00:00Z') + seconds * 1000);
const failed = (status: number | null, retryable = true): SendResult => ({ delivered: false, status, error: status ? `HTTP ${status}` : '连接失败 / ECONNREFUSED', retryable });

describe('outbox retry policy', () => {
  const policy = retryPolicy(30);

  test('When tries fail, then the waits double from the base (30 s, 60 s, 120 s …) and stop growing at one hour', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map((n) => backoffDelayMs(n, policy, noJitter) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  test('When jitter is drawn, then it only lengthens a wait, by at most 20 %', () => {
    expect(backoffDelayMs(1, policy, () => 0.5)).toBe(33_000);
    expect(backoffDelayMs(1, policy, () => 0.999_999)).toBe(35_999);
    expect(backoffDelayMs(8, policy, () => 0.999_999)).toBe(4_319_999);
    // Small bases for tests: 0.2 s doubles the same way.
    expect([1, 2, 3].map((n) => backoffDelayMs(n, retryPolicy(0.2), () => 0))).toEqual([200, 400, 800]);
  });

  test('When a try is answered 2xx, then the item is delivered, counting the try', () => {
    expect(outcomeOf({ attempts: 2, windowStartedAt: at(0) }, { delivered: true, status: 204, answer: '' }, at(100), policy)).toEqual({ kind: 'delivered', attempts: 3, status: 204 });
  });

  test('When a try fails inside the window (500, no answer, 401, 404, 429), then the next try is due after the backoff', () => {
    for (const status of [500, null, 401, 404, 408, 429, 503]) {
      expect(outcomeOf({ attempts: 1, windowStartedAt: at(0) }, failed(status), at(100), policy, () => 0)).toEqual({
        kind: 'retry',
        attempts: 2,
        nextAttemptAt: at(160),
        status,
        error: status ? `HTTP ${status}` : '连接失败 / ECONNREFUSED',
      });
    }
  });

  test('When a try fails once the 24 h window since the event has passed, then the item is dead; one second earlier it is retried', () => {
    const windowEnd = RETRY_WINDOW_MS / 1000;
    expect(outcomeOf({ attempts: 30, windowStartedAt: at(0) }, failed(500), at(windowEnd - 1), policy, () => 0).kind).toBe('retry');
    expect(outcomeOf({ attempts: 30, windowStartedAt: at(0) }, failed(500), at(windowEnd), policy, () => 0)).toEqual({ kind: 'dead', attempts: 31, status: 500, error: 'HTTP 500', cause: 'window' });
  });

  test('When the receiver answers 400 (it read the body and refused it), then the item is dead at once, with the receiver’s issues', () => {
    const refused: SendResult = { delivered: false, status: 400, error: 'HTTP 400', retryable: false, issues: [{ path: 'data.content', message: 'Too small' }] };
    expect(outcomeOf({ attempts: 0, windowStartedAt: at(0) }, refused, at(1), policy)).toEqual({ kind: 'dead', attempts: 1, status: 400, error: 'HTTP 400 — data.content: Too small', cause: 'refused' });
  });

  test('When a reply’s item is pending, failing, delivered or dead, then the app shows 待同步 until the third failed try, then 同步失败; delivered is 已同步', () => {
    expect(replySyncStatusOf({ status: 'pending', attempts: 0 })).toBe('pending');
    expect(replySyncStatusOf({ status: 'pending', attempts: FAILING_AFTER_ATTEMPTS - 1 })).toBe('pending');
    expect(replySyncStatusOf({ status: 'pending', attempts: FAILING_AFTER_ATTEMPTS })).toBe('failed');
    expect(replySyncStatusOf({ status: 'dead', attempts: 1 })).toBe('failed');
    expect(replySyncStatusOf({ status: 'delivered', attempts: 7 })).toBe('delivered');
  });
});

describe('outbox configuration', () => {
  const env = { PD_PC_WEBHOOK_URL: 'http://127.0.0.1:4407/webhook', PD_PC_SECRET: 's3cret', PD_OUTBOX_BASE_DELAY_S: '30' };

  test('When the environment is complete, then the run gets the webhook, the secret and the base delay; a missing delay is the default 30 s', () => {
    expect(outboxConfigFrom(env)).toEqual({ webhookUrl: env.PD_PC_WEBHOOK_URL, secret: 's3cret', policy: { baseDelayMs: 30_000, maxDelayMs: 3_600_000, retryWindowMs: 86_400_000 } });
    expect(baseDelaySecondsFrom(undefined)).toBe(30);
    expect(baseDelaySecondsFrom(' ')).toBe(30);
    expect(baseDelaySecondsFrom('0.2')).toBe(0.2);
  });

  test('When the webhook or the secret is missing, or the delay or URL is not one, then the run refuses naming the variable', () => {
    expect(() => outboxConfigFrom({ ...env, PD_PC_WEBHOOK_URL: '' })).toThrow(/PD_PC_WEBHOOK_URL/);
    expect(() => outboxConfigFrom({ ...env, PD_PC_SECRET: undefined })).toThrow(/PD_PC_SECRET/);
    expect(() => outboxConfigFrom({ ...env, PD_PC_WEBHOOK_URL: 'not a url' })).toThrow(OutboxConfigError);
    expect(() => outboxConfigFrom({ ...env, PD_PC_WEBHOOK_URL: 'ftp://x/y' })).toThrow(/http/);
    for (const bad of ['0', '-1', 'abc', '90000']) expect(() => baseDelaySecondsFrom(bad)).toThrow(/PD_OUTBOX_BASE_DELAY_S/);
  });
});
