import { DEFAULT_BASE_DELAY_S, retryPolicy, type RetryPolicy } from './retry-policy';

/**
 * What the delivery run needs from the function's environment (cloudbaserc.json: `{{env.PD_PC_WEBHOOK_URL}}`,
 * `{{env.PD_PC_SECRET}}`, `{{env.PD_OUTBOX_BASE_DELAY_S}}`). A missing webhook or secret is a deployment
 * mistake: the run refuses to start, naming the variable, and every item stays queued.
 */
export const WEBHOOK_URL_ENV = 'PD_PC_WEBHOOK_URL';
export const PC_SECRET_ENV = 'PD_PC_SECRET';
export const BASE_DELAY_ENV = 'PD_OUTBOX_BASE_DELAY_S';

export interface OutboxConfig {
  webhookUrl: string;
  secret: string;
  policy: RetryPolicy;
}

export class OutboxConfigError extends Error {
  override name = 'OutboxConfigError';
}

/** Seconds from the environment: a positive number (fractions allowed, so a test can run in tenths of a second). */
export function baseDelaySecondsFrom(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_BASE_DELAY_S;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw new OutboxConfigError(`${BASE_DELAY_ENV} 必须是 0–86400 之间的秒数 / must be seconds in (0, 86400], got ${JSON.stringify(raw)}`);
  return seconds;
}

export function outboxConfigFrom(env: Record<string, string | undefined> = process.env): OutboxConfig {
  const webhookUrl = env[WEBHOOK_URL_ENV]?.trim() ?? '';
  const secret = env[PC_SECRET_ENV] ?? '';
  const missing = [!webhookUrl && WEBHOOK_URL_ENV, !secret && PC_SECRET_ENV].filter(Boolean);
  if (missing.length) throw new OutboxConfigError(`未配置 ${missing.join('、')} / ${missing.join(', ')} not set: nothing is delivered until it is`);
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    throw new OutboxConfigError(`${WEBHOOK_URL_ENV} 不是合法的 URL / is not a URL: ${JSON.stringify(webhookUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboxConfigError(`${WEBHOOK_URL_ENV} must be http(s), got ${url.protocol}`);
  return { webhookUrl, secret, policy: retryPolicy(baseDelaySecondsFrom(env[BASE_DELAY_ENV])) };
}
