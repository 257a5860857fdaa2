/**
 * What the simulator's tests share: a small existing-system data set, a simulator started on a free port,
 * a stub of OUR gateway (`POST /pc/events`) that checks every request with the protocol package's
 * verifyRequest and answers as told, and signed webhook posts to the simulator (as our outbox would send them).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { inboundEventSchema, type InboundEvent, type OutboundEvent } from '@partner-desk/pc-protocol';
import { newDeliveryId, signRequest, verifyRequest, type Verification } from '@partner-desk/pc-protocol/signing';
import { closeServer, listenOn, readBody } from '../../emulator/src/http-util';
import type { SeedData } from '../src/seed-from-emulator';
import { PcSimulator, type PcSimulatorOptions } from '../src/simulator';

export const SECRET = 'pc_test_secret_0123456789';

export const FIXTURE: SeedData = {
  providers: [
    { code: 'SP01', name: '上海云帆信息技术有限公司' },
    { code: 'SP02', name: '北京智联数字科技有限公司' },
  ],
  customers: [
    {
      externalId: 'K00100001',
      providerExternalId: 'SP01',
      name: '上海兴隆百货连锁有限公司',
      contactPerson: '谢娟',
      phone: '15841028562',
      email: 'juan.xie@example.org',
      region: '上海市',
      industry: '零售',
      softwareVersion: 'V9.1 云版',
      portCount: 5,
      purchaseDate: '2026-05-07T02:00:00.000Z',
      expiryDate: '2028-05-06T15:59:59.000Z',
      lastActiveTime: '2026-12-01T01:00:00.000Z',
      usage: null,
      updatedAt: '2026-11-01T00:00:00.000Z',
    },
    {
      externalId: 'K00100008',
      providerExternalId: 'SP01',
      name: '杭州云栖科技有限公司',
      contactPerson: '王敏',
      phone: '13800001111',
      email: 'wangmin@example.com',
      region: '浙江省杭州市',
      softwareVersion: 'V8.2 标准版',
      portCount: 20,
      purchaseDate: '2025-03-01T01:00:00.000Z',
      expiryDate: '2026-12-20T15:59:59.000Z',
      lastActiveTime: null,
      usage: null,
      updatedAt: '2026-11-02T00:00:00.000Z',
    },
    {
      externalId: 'K00100015',
      providerExternalId: 'SP02',
      name: '北京康宁商贸有限公司',
      contactPerson: '李强',
      phone: '010-88886666',
      email: 'liqiang@example.net',
      region: '北京市',
      softwareVersion: 'V9.0 专业版',
      portCount: 100,
      purchaseDate: '2024-06-01T01:00:00.000Z',
      expiryDate: '2026-06-01T15:59:59.000Z',
      lastActiveTime: null,
      usage: null,
      updatedAt: '2026-11-02T00:00:00.000Z',
    },
  ],
};

export const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `pc-sim-${name}-`));

/** A simulator on a free port with the fixture data, fast retries, memory only unless a data file is given. */
export async function startTestSimulator(options: Partial<PcSimulatorOptions> & { seed?: SeedData | null } = {}): Promise<PcSimulator> {
  const simulator = new PcSimulator({ secret: SECRET, port: 0, retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 5, timeoutMs: 2000 }, log: () => {}, ...options });
  await simulator.start();
  const seed = options.seed === undefined ? FIXTURE : options.seed;
  if (seed && simulator.needsSeed) simulator.seed(structuredClone(seed), 'test fixture');
  return simulator;
}

export interface GatewayRequest {
  deliveryId: string | null;
  raw: string;
  headers: http.IncomingHttpHeaders;
  verification: Verification<InboundEvent>;
  answered: number;
}

/**
 * Our side, as the simulator sees it: `POST /pc/events`. Each request is verified with the package;
 * `answers` is a queue of statuses to answer (then 200 for a verified request, or its refusal status).
 */
export class StubGateway {
  readonly requests: GatewayRequest[] = [];
  answers: number[] = [];
  private server?: http.Server;
  private port = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/pc/events`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.port = await listenOn(this.server, 0, '127.0.0.1');
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
  }

  /** The verified events, once each (by delivery id), in arrival order. */
  get events(): { deliveryId: string; event: InboundEvent }[] {
    const seen = new Set<string>();
    const out: { deliveryId: string; event: InboundEvent }[] = [];
    for (const r of this.requests) {
      if (!r.verification.ok || r.answered !== 200 || seen.has(r.verification.deliveryId)) continue;
      seen.add(r.verification.deliveryId);
      out.push({ deliveryId: r.verification.deliveryId, event: r.verification.body });
    }
    return out;
  }

  /** Resolves once `count` requests have been answered. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    const verification = verifyRequest(SECRET, req.headers, raw, new Date(), inboundEventSchema);
    const status = this.answers.length ? this.answers.shift()! : verification.ok ? 200 : verification.status;
    const deliveryId = typeof req.headers['x-pd-delivery'] === 'string' ? req.headers['x-pd-delivery'] : null;
    this.requests.push({ deliveryId, raw, headers: req.headers, verification, answered: status });
    const body = status === 400 ? { error: { code: 'INVALID_EVENT', message: 'bad', issues: [{ path: 'data.content', message: 'Too small' }] } } : { ok: status === 200 };
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    for (const w of this.waiters.filter((w) => this.requests.length >= w.count)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.requests.length < w.count);
  }
}

/** POSTs an outbound event to the simulator's webhook, signed as our outbox signs it. */
export async function postWebhook(simulator: PcSimulator, event: OutboundEvent | Record<string, unknown>, options: { deliveryId?: string; timestamp?: number; secret?: string; raw?: string; headers?: Record<string, string> } = {}) {
  const body = options.raw ?? JSON.stringify(event);
  const signed = signRequest(options.secret ?? SECRET, body, { deliveryId: options.deliveryId ?? newDeliveryId(), timestamp: options.timestamp });
  const res = await fetch(simulator.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signed, ...options.headers }, body });
  return { status: res.status, body: (await res.json()) as any, deliveryId: signed['X-PD-Delivery'] };
}

export async function pageApi(simulator: PcSimulator, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${simulator.url}/api${apiPath}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Polls until `check` passes (deliveries are asynchronous) or the time is up. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export const AT = '2026-12-06T02:00:00.000Z';

export const chatReply = (content: string, messageId = `cm_${Math.random().toString(36).slice(2, 10)}`, customerExternalId = 'K00100001'): OutboundEvent => ({
  type: 'chat.reply',
  data: { customerExternalId, messageId, content, providerId: 'sp_s1_01', providerName: '上海云帆信息技术有限公司', senderName: '张客服', sentAt: new Date().toISOString() },
  occurredAt: new Date().toISOString(),
});
