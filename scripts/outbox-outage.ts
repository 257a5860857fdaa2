/**
 * The outbox through a PC-side outage, with figures (issue 10's acceptance; the same run as
 * cloudfunctions/outbox/test/outage.test.ts, which asserts it):
 *
 *   npm run build && npx tsx scripts/outbox-outage.ts [--events 1000] [--base-delay 0.2]
 *
 * Starts the emulators (free ports, a temporary data folder) and the PC-side simulator as the webhook,
 * takes the PC side down (500, then dropped connections) while the events are produced through the real
 * functions and the `outbox` timer keeps failing, brings it back, fires the timer until nothing is left,
 * and prints what the PC side received and how long the drain took.
 */
import { runOutboxOutage, startWithPcReceiver } from '../test-support';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got ${process.argv[i + 1]}`);
  return value;
}

async function main(): Promise<void> {
  const events = option('events', 1000);
  const baseDelaySeconds = option('base-delay', 0.2);
  const { emu, pc } = await startWithPcReceiver({ baseDelaySeconds, logLevel: 'error' });
  try {
    const r = await runOutboxOutage(emu, pc, { events, log: (line) => console.log(line) });
    const row = (label: string, value: string | number) => console.log(`  ${label.padEnd(48)} ${value}`);
    console.log('');
    console.log(`outbox through a PC-side outage (PD_OUTBOX_BASE_DELAY_S=${baseDelaySeconds})`);
    row('produced (outbox items)', `${r.produced}  (${Object.entries(r.byType).map(([t, n]) => `${t} ${n}`).join(', ')})`);
    row('tries refused while down (500 / dropped)', `${r.failedTries} in ${r.timerRunsDuringOutage} timer runs`);
    row('deliveries received', r.received);
    row('distinct delivery ids', r.distinct);
    row('duplicates', r.duplicates);
    row('lost', r.lost);
    row('out of order (stream seq / receiver occurredAt)', `${r.outOfOrder} / ${r.receiverOutOfOrder}`);
    row('dead-lettered', r.deadLettered);
    row('time to produce', `${(r.produceMs / 1000).toFixed(1)} s`);
    row('time to drain once the PC side is back', `${(r.drainMs / 1000).toFixed(1)} s in ${r.timerRunsToDrain} timer runs`);
    const ok = r.distinct === r.produced && r.duplicates === 0 && r.lost === 0 && r.outOfOrder === 0;
    console.log(ok ? '\n每条事件恰好送达一次、无丢失、按客户保序 / every event delivered exactly once, none lost, order kept per customer' : '\n未满足 / NOT met');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await emu.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
