/**
 * The PC side for product tests: the PC-side simulator (pc-simulator/) on a free port, in memory, as the
 * receiver of the outbox's webhooks, and the emulators pointed at it (PD_PC_WEBHOOK_URL) with a short base
 * retry delay, so backoff runs in tenths of a second. Its page API (/api/stats, /api/webhook/mode,
 * /api/deliveries) is what the tests read, as a script would.
 */
import { randomBytes } from 'node:crypto';
import type { StartEmulatorsOptions } from '../emulator/src/suite';
import type { RunningEmulators } from '../emulator/src/suite';
import { startPcSimulator, type PcSimulator } from '../pc-simulator/src/simulator';
import { startProductEmulators } from './product-emulators';

export type WebhookMode = 'normal' | 'error500' | 'close';

export interface AcceptedDelivery {
  seq: number;
  deliveryId: string;
  type: string;
  customerExternalId: string;
  occurredAt: string;
  outcome: 'applied' | 'duplicate';
  outOfOrder: boolean;
}

export interface PcReceiver {
  simulator: PcSimulator;
  stats(): Promise<{ webhook: { mode: WebhookMode; total: number; distinct: number; duplicates: number; unauthorized: number; malformed: number; outage: number; outOfOrder: number; byType: Record<string, number> } }>;
  setMode(mode: WebhookMode): Promise<void>;
  /** Every accepted delivery (applied or acknowledged as a duplicate), in arrival order. */
  deliveries(): Promise<AcceptedDelivery[]>;
  reset(): Promise<void>;
}

async function pageApi(simulator: PcSimulator, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${simulator.url}/api${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} /api${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export function pcReceiver(simulator: PcSimulator): PcReceiver {
  return {
    simulator,
    stats: () => pageApi(simulator, 'GET', '/stats'),
    setMode: async (mode) => void (await pageApi(simulator, 'PUT', '/webhook/mode', { mode })),
    async deliveries() {
      const all: AcceptedDelivery[] = [];
      for (let after = 0; ; ) {
        const page = await pageApi(simulator, 'GET', `/deliveries?after=${after}&limit=5000`);
        all.push(...page.deliveries);
        if (page.deliveries.length < 5000) return all;
        after = page.next;
      }
    },
    reset: async () => void (await pageApi(simulator, 'POST', '/stats/reset', {})),
  };
}

/** The simulator (a fresh secret shared with the functions) and the emulators delivering to it. */
export async function startWithPcReceiver(options: StartEmulatorsOptions & { baseDelaySeconds?: number } = {}): Promise<{ emu: RunningEmulators; pc: PcReceiver }> {
  const secret = (process.env.PD_PC_SECRET ??= randomBytes(32).toString('hex'));
  const simulator = await startPcSimulator({ secret, port: 0, log: () => {} });
  const { baseDelaySeconds = 0.2, ...rest } = options;
  process.env.PD_PC_WEBHOOK_URL = simulator.webhookUrl;
  process.env.PD_OUTBOX_BASE_DELAY_S = String(baseDelaySeconds);
  const emu = await startProductEmulators(rest);
  const stop = emu.stop.bind(emu);
  emu.stop = async () => {
    await stop();
    await simulator.stop();
  };
  return { emu, pc: pcReceiver(simulator) };
}

/** `POST /timers/<fn>:fire` on the hub: the function's timer trigger, now; answers the function's result. */
export async function fireTimer(emu: RunningEmulators, fn: string): Promise<any> {
  const res = await fetch(`${emu.hubUrl}/timers/${fn}:fire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`timer ${fn} failed: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
