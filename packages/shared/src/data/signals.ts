import { COLLECTIONS } from '@partner-desk/database';
import { db } from './database';

export type SignalTopic = 'messages' | 'tickets' | 'chat' | 'customers';

/**
 * Tells every signed-in user of a provider that something changed: their client watches its own signal
 * document and refetches the topic through functions. One multi-document update, idempotent in effect.
 */
export async function bumpSignals(serviceProviderId: string, topics: SignalTopic[]): Promise<void> {
  const database = db();
  const _ = database.command;
  const data: Record<string, unknown> = { updatedAt: database.serverDate() };
  for (const topic of new Set(topics)) data[topic] = _.inc(1);
  await database.collection(COLLECTIONS.userSignals).where({ serviceProviderId }).update({ data });
}
