import type { CollectionDeclaration } from './declaration';
import { chatConversations, chatMessages } from './collections/chat';
import { customers, usageRecords } from './collections/customers';
import { healthChecks } from './collections/health-checks';
import { messages } from './collections/messages';
import { auditLog, inboundDeliveries, outbox, settings, syncState } from './collections/operations';
import { providers } from './collections/providers';
import { loginGuards, sessions } from './collections/sessions';
import { userSignals } from './collections/signals';
import { ticketCounters, tickets } from './collections/tickets';
import { users } from './collections/users';

export * from './enums';
export * from './declaration';
export * from './collections/chat';
export * from './collections/customers';
export * from './collections/health-checks';
export * from './collections/messages';
export * from './collections/operations';
export * from './collections/providers';
export * from './collections/sessions';
export * from './collections/signals';
export * from './collections/tickets';
export * from './collections/users';

/** Every collection of the product: the single source for the emulator, the deploy step and the console. */
export const collections: CollectionDeclaration[] = [
  providers,
  users,
  sessions,
  loginGuards,
  customers,
  usageRecords,
  tickets,
  ticketCounters,
  messages,
  chatConversations,
  chatMessages,
  userSignals,
  outbox,
  inboundDeliveries,
  settings,
  auditLog,
  syncState,
  healthChecks,
];

/** Collection names, so code never spells them twice. */
export const COLLECTIONS = {
  providers: providers.collectionName,
  users: users.collectionName,
  sessions: sessions.collectionName,
  loginGuards: loginGuards.collectionName,
  customers: customers.collectionName,
  usageRecords: usageRecords.collectionName,
  tickets: tickets.collectionName,
  ticketCounters: ticketCounters.collectionName,
  messages: messages.collectionName,
  chatConversations: chatConversations.collectionName,
  chatMessages: chatMessages.collectionName,
  userSignals: userSignals.collectionName,
  outbox: outbox.collectionName,
  inboundDeliveries: inboundDeliveries.collectionName,
  settings: settings.collectionName,
  auditLog: auditLog.collectionName,
  syncState: syncState.collectionName,
  healthChecks: healthChecks.collectionName,
} as const;
