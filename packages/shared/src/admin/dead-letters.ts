import { deadLettersRepository, replayDeadLetters, toDeadLetterView } from '../outbox/dead-letters';
import type { ActionHandler } from '../router';
import { auditRepository } from './audit';

/** The outbox's dead letters, as HQ reads them in the console (every provider's, or one's). */
export const listDeadLetters: ActionHandler<'admin', 'deadLetters'> = async ({ providerId, status, page, pageSize }) => {
  const result = await deadLettersRepository().list(status, providerId, { page, pageSize });
  return { deadLetters: result.items.map(toDeadLetterView), total: result.total, page, pageSize };
};

/** Puts dead letters back in their customers' streams (outbox/dead-letters.ts), and notes who did it. */
export const replayOutboxDeadLetters: ActionHandler<'admin', 'replayDeadLetters'> = async (request) => {
  const now = new Date();
  const result = await replayDeadLetters(request, now);
  if (result.replayed.length > 0) {
    await auditRepository().record(
      { serviceProviderId: request.providerId ?? null, action: 'admin.replayDeadLetters', targetType: 'outbox', targetId: result.replayed.length === 1 ? result.replayed[0] : `${result.replayed.length} items`, details: { replayed: result.replayed, skipped: result.skipped.length } },
      undefined,
      now,
    );
  }
  return result;
};
