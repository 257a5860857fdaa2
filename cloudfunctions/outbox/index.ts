import { outboxConfigFrom, runOutboxDelivery } from '@partner-desk/shared/outbox';
import { createTimerFunction } from '@partner-desk/shared/timers/timer-function';

/** outbox: delivers queued events to the PC system's webhook, every minute (packages/shared/src/outbox/deliver.ts). */
export const main = createTimerFunction('outbox', () => runOutboxDelivery({ config: outboxConfigFrom() }));
