/**
 * What the PC side sends to our gateway (`POST <HTTP access>/pc/events`), delivered the way the contract
 * asks of a sender: each event gets one delivery id and one body when it is created, and every try sends
 * those same bytes under that id (re-signed with a fresh timestamp), so the gateway applies it once however
 * often it arrives. A failed try is retried with exponential backoff; deliveries about one customer go out
 * in order (the next waits until the one before it is delivered or given up). A 400 is not retried: the
 * gateway read the body and said what is wrong with it.
 */
import { DEFAULT_SEND_TIMEOUT_MS, sendSignedRequest } from '@partner-desk/pc-protocol/send';
import { newDeliveryId } from '@partner-desk/pc-protocol/signing';
import type { InboundEventType } from '@partner-desk/pc-protocol';
import { notFound } from './errors';
import type { OutgoingDelivery, StateStore } from './state';

export interface RetryPolicy {
  /** Delay before the second try; doubles each try after. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Tries before a delivery is given up (it can still be retried from the page). */
  maxAttempts: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 12, timeoutMs: DEFAULT_SEND_TIMEOUT_MS };

const FINISHED = new Set<OutgoingDelivery['state']>(['delivered', 'rejected', 'failed']);

export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export interface OutgoingOptions {
  store: StateStore;
  secret: string;
  /** Where to send; null until it is known (the simulator may start before the emulators). */
  gatewayUrl: string | null;
  policy?: Partial<RetryPolicy>;
  now?: () => Date;
}

export class OutgoingQueue {
  private gatewayUrl: string | null;
  private readonly policy: RetryPolicy;
  private readonly now: () => Date;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: OutgoingOptions) {
    this.gatewayUrl = options.gatewayUrl;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.now = options.now ?? (() => new Date());
    // A try cut short by a restart is tried again, under the same id: the gateway dedupes.
    for (const d of options.store.state.outgoing) if (d.state === 'sending') d.state = 'retrying';
  }

  get gateway(): string | null {
    return this.gatewayUrl;
  }

  setGateway(url: string | null): void {
    this.gatewayUrl = url;
    this.pump();
  }

  /** Queues one event; its body (with occurredAt = now) is fixed from here on. */
  enqueue(type: InboundEventType, key: string, data: unknown, summary: string): OutgoingDelivery {
    const now = this.now().toISOString();
    const delivery: OutgoingDelivery = {
      deliveryId: newDeliveryId(),
      type,
      key,
      body: JSON.stringify({ type, data, occurredAt: now }),
      summary,
      state: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
      issues: null,
      createdAt: now,
      nextAttemptAt: now,
      deliveredAt: null,
    };
    this.options.store.state.outgoing.push(delivery);
    this.options.store.changed();
    this.pump();
    return delivery;
  }

  /** From the page: try a delivery again now (same id, same body), whatever became of it. */
  retry(deliveryId: string): OutgoingDelivery {
    const delivery = this.options.store.state.outgoing.find((d) => d.deliveryId === deliveryId);
    if (!delivery) throw notFound(`没有这次投递 ${deliveryId}`);
    if (delivery.state !== 'sending') {
      delivery.state = 'pending';
      delivery.nextAttemptAt = this.now().toISOString();
      this.options.store.changed();
      this.pump();
    }
    return delivery;
  }

  /** Sends every delivery that is due and first in its customer's line; sets a timer for the next one due. */
  pump(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now().getTime();
    let nextDue = Infinity;
    const headSeen = new Set<string>();
    for (const delivery of this.options.store.state.outgoing) {
      if (FINISHED.has(delivery.state) || headSeen.has(delivery.key)) continue;
      headSeen.add(delivery.key);
      if (this.inFlight.has(delivery.deliveryId)) continue;
      if (!this.gatewayUrl) {
        if (delivery.lastError === null) {
          delivery.lastError = '未配置网关地址（--gateway）/ no gateway URL configured';
          this.options.store.changed();
        }
        continue;
      }
      const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) : now;
      if (due <= now) void this.attempt(delivery);
      else nextDue = Math.min(nextDue, due);
    }
    if (nextDue !== Infinity) this.timer = setTimeout(() => this.pump(), Math.max(0, nextDue - now));
    if (this.inFlight.size === 0 && this.timer === undefined) this.resolveIdle();
  }

  private async attempt(delivery: OutgoingDelivery): Promise<void> {
    const url = this.gatewayUrl!;
    this.inFlight.add(delivery.deliveryId);
    delivery.state = 'sending';
    delivery.attempts += 1;
    this.options.store.changed();
    const result = await sendSignedRequest({ url, secret: this.options.secret, deliveryId: delivery.deliveryId, body: delivery.body, timeoutMs: this.policy.timeoutMs });
    this.inFlight.delete(delivery.deliveryId);
    const now = this.now();
    delivery.lastStatus = result.status;
    if (result.delivered) {
      Object.assign(delivery, { state: 'delivered', deliveredAt: now.toISOString(), nextAttemptAt: null, lastError: null, issues: null });
    } else if (!result.retryable) {
      Object.assign(delivery, { state: 'rejected', nextAttemptAt: null, lastError: result.error, issues: result.issues ?? null });
    } else if (delivery.attempts >= this.policy.maxAttempts) {
      Object.assign(delivery, { state: 'failed', nextAttemptAt: null, lastError: result.error });
    } else {
      const next = new Date(now.getTime() + retryDelayMs(this.policy, delivery.attempts));
      Object.assign(delivery, { state: 'retrying', nextAttemptAt: next.toISOString(), lastError: result.error });
    }
    this.options.store.changed();
    this.pump();
  }

  /** Resolves once nothing is in flight or waiting for a timer (tests and scripts wait on it). */
  idle(): Promise<void> {
    if (this.inFlight.size === 0 && this.timer === undefined) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.resolveIdle();
  }
}
