import { COLLECTIONS } from '@partner-desk/database';
import { db } from './database';
import { scoped, type TenantRef } from './tenant-scope';

export type SignalTopic = 'messages' | 'tickets' | 'chat' | 'customers';

/**
 * Tells every signed-in user of a provider that something changed: their client watches its own signal
 * document and refetches the topic through functions. One multi-document update, idempotent in effect.
 */
export async function bumpSignals(tenant: TenantRef, topics: SignalTopic[]): Promise<void> {
  const database = db();
  const _ = database.command;
  const counters: Partial<Record<SignalTopic, ReturnType<typeof _.inc>>> = {};
  for (const topic of new Set(topics)) counters[topic] = _.inc(1);
  await scoped(tenant, COLLECTIONS.userSignals, database).updateWhere({}, { ...counters, updatedAt: database.serverDate() });
}
