import type { CollectionDeclaration } from './declaration';
import type { InviteDoc, PasswordResetDoc } from './collections/account-requests';
import type { SubscribeCreditDoc } from './collections/subscriptions';
import type { ChatConversationDoc, ChatMessageDoc } from './collections/chat';
import type { CustomerDoc, UsageRecordDoc } from './collections/customers';
import type { HealthCheckDoc } from './collections/health-checks';
import type { MessageDoc } from './collections/messages';
import type { AuditEntryDoc, InboundDeliveryDoc, OutboxDoc, ProviderSettingsDoc, SyncStateDoc } from './collections/operations';
import type { ParkedEventDoc } from './collections/parked-events';
import type { ProviderCodeDoc, ProviderDoc } from './collections/providers';
import type { LoginGuardDoc, SessionDoc } from './collections/sessions';
import type { UserSignalDoc } from './collections/signals';
import type { TicketCounterDoc, TicketDoc } from './collections/tickets';
import type { UserDoc } from './collections/users';
import { invites, passwordResets } from './collections/account-requests';
import { subscribeCredits } from './collections/subscriptions';
import { chatConversations, chatMessages } from './collections/chat';
import { customers, usageRecords } from './collections/customers';
import { healthChecks } from './collections/health-checks';
import { messages } from './collections/messages';
import { auditLog, inboundDeliveries, outbox, settings, syncState } from './collections/operations';
import { parkedEvents } from './collections/parked-events';
import { providerCodes, providers } from './collections/providers';
import { loginGuards, sessions } from './collections/sessions';
import { userSignals } from './collections/signals';
import { ticketCounters, tickets } from './collections/tickets';
import { users } from './collections/users';

export * from './declaration';
export * from './collections/account-requests';
export * from './collections/subscriptions';
export * from './storage';
export * from './collections/chat';
export * from './collections/customers';
export * from './collections/health-checks';
export * from './collections/messages';
export * from './collections/operations';
export * from './collections/parked-events';
export * from './collections/providers';
export * from './collections/sessions';
export * from './collections/signals';
export * from './collections/tickets';
export * from './collections/users';

/** Every collection of the product: the single source for the emulator, the deploy step and the console. */
export const collections: CollectionDeclaration[] = [
  providers,
  providerCodes,
  users,
  sessions,
  loginGuards,
  passwordResets,
  invites,
  subscribeCredits,
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
  parkedEvents,
  settings,
  auditLog,
  syncState,
  healthChecks,
];

/** Collection names, so code never spells them twice. */
export const COLLECTIONS = {
  providers: providers.collectionName,
  providerCodes: providerCodes.collectionName,
  users: users.collectionName,
  sessions: sessions.collectionName,
  loginGuards: loginGuards.collectionName,
  passwordResets: passwordResets.collectionName,
  invites: invites.collectionName,
  subscribeCredits: subscribeCredits.collectionName,
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
  parkedEvents: parkedEvents.collectionName,
  settings: settings.collectionName,
  auditLog: auditLog.collectionName,
  syncState: syncState.collectionName,
  healthChecks: healthChecks.collectionName,
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/** The stored document of each collection (its declared zod schema's type): what the typed data layer reads and writes. */
export interface CollectionDocuments {
  providers: ProviderDoc;
  provider_codes: ProviderCodeDoc;
  users: UserDoc;
  sessions: SessionDoc;
  login_guards: LoginGuardDoc;
  password_resets: PasswordResetDoc;
  invites: InviteDoc;
  subscribe_credits: SubscribeCreditDoc;
  customers: CustomerDoc;
  usage_records: UsageRecordDoc;
  tickets: TicketDoc;
  ticket_counters: TicketCounterDoc;
  messages: MessageDoc;
  chat_conversations: ChatConversationDoc;
  chat_messages: ChatMessageDoc;
  user_signals: UserSignalDoc;
  outbox: OutboxDoc;
  inbound_deliveries: InboundDeliveryDoc;
  parked_inbound_events: ParkedEventDoc;
  settings: ProviderSettingsDoc;
  audit_log: AuditEntryDoc;
  sync_state: SyncStateDoc;
  health_checks: HealthCheckDoc;
}

export type DocumentOf<N extends CollectionName> = CollectionDocuments[N];

// Every declared collection has a document type, and nothing else does (a compile error otherwise).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type CollectionDocumentsCoverCollections = AssertTrue<Exactly<keyof CollectionDocuments, CollectionName>>;
