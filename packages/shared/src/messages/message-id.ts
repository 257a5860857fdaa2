import { createHash } from 'node:crypto';

/**
 * A message's id is derived from its provider and dedupe key, so raising one twice meets the same
 * document: inside a transaction (doc() operations only) the second raise finds it by id, and two racing
 * raises collide on the _id as well as on uniq_provider_dedupe. Keys are per provider (a customer that
 * moved gets its new provider's alerts). The demo seed names its messages the same way.
 */
export const messageIdOf = (serviceProviderId: string, dedupeKey: string): string =>
  `msg_${createHash('sha256').update(`${serviceProviderId}\u0000${dedupeKey}`).digest('hex').slice(0, 32)}`;
