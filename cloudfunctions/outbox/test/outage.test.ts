/**
 * Acceptance (issue 10): "PC side down (webhook answering 500 or refusing connections) while 1,000
 * outbound events are produced; after it returns every one is delivered exactly once per delivery id, none
 * lost, order kept per conversation." Real functions through the emulator produce the events, the `outbox`
 * timer delivers to the PC-side simulator, the base retry delay is 0.2 s for the run
 * (test-support/outbox-outage.ts; `npx tsx scripts/outbox-outage.ts` prints the same figures).
 */
import { runOutboxOutage, startWithPcReceiver, type PcReceiver } from '../../../test-support';
import type { RunningEmulators } from '../../../emulator/src/suite';

describe('outbox through a PC-side outage', () => {
  let emu: RunningEmulators;
  let pc: PcReceiver;
  beforeAll(async () => {
    ({ emu, pc } = await startWithPcReceiver({ baseDelaySeconds: 0.2 }));
  }, 60_000);
  afterAll(() => emu?.stop());

  test('When 1,000 events are produced while the webhook answers 500 and then drops connections, then after it returns each is delivered exactly once, none lost, in order per customer', async () => {
    const report = await runOutboxOutage(emu, pc, { events: 1000 });
    console.info(`outage run: ${JSON.stringify(report)}`);
    expect(report.produced).toBe(1000);
    // While down, tries were made and refused: the events really waited out an outage.
    expect(report.failedTries).toBeGreaterThan(0);
    expect(report).toMatchObject({ distinct: 1000, duplicates: 0, lost: 0, outOfOrder: 0, receiverOutOfOrder: 0, deadLettered: 0, received: 1000 });
    expect(Object.keys(report.byType).sort()).toEqual(['chat.reply', 'ticket.escalated', 'ticket.resolved']);
  }, 600_000);
});
