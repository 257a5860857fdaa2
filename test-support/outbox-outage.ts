/**
 * The outage acceptance run (issue 10): the PC side is down — its webhook answering 500, then refusing
 * connections — while outbound events are produced through the real functions (chat.send, tickets.escalate,
 * tickets.resolve as signed-in users, through the hub), and the `outbox` timer keeps firing and failing.
 * Then the PC side comes back and the timer is fired until nothing is left. What the PC-side simulator
 * received is compared with what the outbox holds:
 *
 *   produced        outbox items written (one per event)
 *   received        deliveries the receiver accepted (a repeat of a delivery id included)
 *   distinct        different delivery ids among them
 *   duplicates      deliveries of an id already received
 *   lost            items whose delivery id never arrived
 *   outOfOrder      per customer, an event arriving after one that comes later in its stream (seq), and
 *                   the receiver's own count (an event older than the last it saw for that customer)
 *
 * Used by cloudfunctions/outbox/test/outage.test.ts (asserts) and scripts/outbox-outage.ts (prints).
 */
import { COLLECTIONS, type CustomerDoc } from '@partner-desk/database';
import type { RunningEmulators } from '../emulator/src/suite';
import { seedDesk, type Desk } from './arrange';
import { fireTimer, type PcReceiver } from './pc-receiver';
import { callAs } from './product-emulators';

export interface OutageOptions {
  /** Events to produce (default 1000). */
  events?: number;
  providers?: number;
  customersPerProvider?: number;
  /** Calls producing events at once (each customer's own events go one after another). */
  concurrency?: number;
  /** How often the timer fires while the PC side is down. */
  fireEveryMs?: number;
  log?: (line: string) => void;
}

export interface OutageReport {
  produced: number;
  byType: Record<string, number>;
  /** Tries the PC side refused while down (500 or a dropped connection). */
  failedTries: number;
  timerRunsDuringOutage: number;
  received: number;
  distinct: number;
  duplicates: number;
  lost: number;
  outOfOrder: number;
  receiverOutOfOrder: number;
  deadLettered: number;
  produceMs: number;
  drainMs: number;
  timerRunsToDrain: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Customer `c`'s events, one after another: mostly replies, a ticket escalated every 10th, resolved 3 later. */
async function produceFor(emu: RunningEmulators, openId: string, customer: CustomerDoc, count: number): Promise<void> {
  let openTicket: string | null = null;
  for (let k = 0; k < count; k++) {
    const call = async (fn: string, action: string, payload: unknown) => {
      const r = await callAs(emu, openId, fn, action, payload);
      if (!r.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(r.error)}`);
      return r.data;
    };
    if (k % 10 === 4) {
      const { ticketId } = await call('tickets', 'create', { customerId: customer._id, title: `故障单 ${k}`, content: '客户反馈系统报错', type: 'system_issue' });
      await call('tickets', 'escalate', { id: ticketId, reason: '需总部排查' });
      openTicket = ticketId;
    } else if (k % 10 === 7 && openTicket) {
      await call('tickets', 'resolve', { id: openTicket, note: '已处理' });
      openTicket = null;
    } else {
      await call('chat', 'send', { customerId: customer._id, content: `第 ${k + 1} 条回复`, clientMessageId: `outage-${customer._id}-${k}` });
    }
  }
}

async function countByStatus(emu: RunningEmulators): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const item of (await emu.database.find(COLLECTIONS.outbox, {})) as { status: string }[]) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

/** When the earliest waiting stream is due (null when none waits). */
async function nextDue(emu: RunningEmulators): Promise<number | null> {
  const due = ((await emu.database.find(COLLECTIONS.outboxStreams, {})) as { dueAt: Date | null }[]).filter((s) => s.dueAt).map((s) => new Date(s.dueAt!).getTime());
  return due.length ? Math.min(...due) : null;
}

export async function runOutboxOutage(emu: RunningEmulators, pc: PcReceiver, options: OutageOptions = {}): Promise<OutageReport> {
  const { events = 1000, providers = 2, customersPerProvider = 10, concurrency = 8, fireEveryMs = 500, log = () => {} } = options;
  const desks: Desk[] = [];
  for (let p = 0; p < providers; p++) desks.push(await seedDesk(emu, `outage-sp${p + 1}`, { [`outage-admin-${p + 1}`]: 'admin' }, customersPerProvider));
  const streams = desks.flatMap((desk) => desk.customers.map((customer) => ({ customer, openId: Object.values(desk.openIds)[0] })));
  const perCustomer = streams.map((_, i) => Math.floor(events / streams.length) + (i < events % streams.length ? 1 : 0));

  await pc.reset();
  await pc.setMode('error500');
  log(`PC 端故障（500）/ PC side down (500); producing ${events} events for ${streams.length} customers of ${providers} providers …`);

  // The timer keeps firing while the PC side is down, as every minute in production.
  let producing = true;
  let timerRunsDuringOutage = 0;
  const firing = (async () => {
    while (producing) {
      await fireTimer(emu, 'outbox');
      timerRunsDuringOutage++;
      await sleep(fireEveryMs);
    }
  })();

  const started = Date.now();
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < streams.length) {
        const i = next++;
        await produceFor(emu, streams[i].openId, streams[i].customer, perCustomer[i]);
        done += perCustomer[i];
        // Halfway, the PC side stops answering at all: connections dropped without an answer.
        if (done >= events / 2) await pc.setMode('close');
      }
    }),
  );
  const produceMs = Date.now() - started;
  producing = false;
  await firing;
  const during = (await pc.stats()).webhook;
  const items = (await emu.database.find(COLLECTIONS.outbox, {})) as { _id: string; deliveryId: string; customerId: string; seq: number; type: string }[];
  log(`produced ${items.length} events in ${(produceMs / 1000).toFixed(1)} s; ${during.outage} tries refused, ${during.distinct} accepted while down`);

  // The PC side is back: fire until every item is delivered (or dead), waiting for backoff when nothing is due.
  await pc.setMode('normal');
  const back = Date.now();
  let timerRunsToDrain = 0;
  for (;;) {
    const counts = await countByStatus(emu);
    if (!counts.pending) break;
    const due = await nextDue(emu);
    if (due !== null && due > Date.now()) await sleep(Math.min(due - Date.now() + 10, 5000));
    await fireTimer(emu, 'outbox');
    timerRunsToDrain++;
    if (Date.now() - back > 300_000) throw new Error(`outbox did not drain in 5 minutes: ${JSON.stringify(counts)}`);
  }
  const drainMs = Date.now() - back;

  const stats = (await pc.stats()).webhook;
  const accepted = await pc.deliveries();
  const arrived = new Set<string>();
  let duplicates = 0;
  for (const d of accepted) {
    if (arrived.has(d.deliveryId)) duplicates++;
    arrived.add(d.deliveryId);
  }
  // Order per customer: the first arrival of each delivery id, against the item's place in its stream.
  const seqOf = new Map(items.map((i) => [i.deliveryId, i]));
  const lastSeq = new Map<string, number>();
  let outOfOrder = 0;
  const firstSeen = new Set<string>();
  for (const d of accepted) {
    if (firstSeen.has(d.deliveryId)) continue;
    firstSeen.add(d.deliveryId);
    const item = seqOf.get(d.deliveryId);
    if (!item) continue;
    const last = lastSeq.get(item.customerId);
    if (last !== undefined && item.seq < last) outOfOrder++;
    else lastSeq.set(item.customerId, item.seq);
  }
  const byType: Record<string, number> = {};
  for (const item of items) byType[item.type] = (byType[item.type] ?? 0) + 1;
  const statuses = await countByStatus(emu);
  return {
    produced: items.length,
    byType,
    failedTries: stats.outage,
    timerRunsDuringOutage,
    received: accepted.length,
    distinct: arrived.size,
    duplicates: Math.max(duplicates, stats.duplicates),
    lost: items.filter((i) => !arrived.has(i.deliveryId)).length,
    outOfOrder,
    receiverOutOfOrder: stats.outOfOrder,
    deadLettered: statuses.dead ?? 0,
    produceMs,
    drainMs,
    timerRunsToDrain,
  };
}
