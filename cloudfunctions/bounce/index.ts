import { runBounceTimer } from '@partner-desk/shared/chat';
import { createTimerFunction } from '@partner-desk/shared/timers/timer-function';

/** bounce: hands unanswered consultations back to HQ and warns before, every minute (packages/shared/src/chat/bounce.ts). */
export const main = createTimerFunction('bounce', () => runBounceTimer());
