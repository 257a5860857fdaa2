import { COLLECTIONS, type ProviderDoc } from '@partner-desk/database';
import { db } from '../data/database';
import { scoped, unscoped, type TenantRef } from '../data/tenant-scope';

/** Counts for the home page; each is one indexed count over this provider's documents. */
export function dashboardRepository(tenant: TenantRef) {
  const database = db();
  const _ = database.command;
  const customers = scoped(tenant, COLLECTIONS.customers, database);
  const tickets = scoped(tenant, COLLECTIONS.tickets, database);
  const messages = scoped(tenant, COLLECTIONS.messages, database);
  const conversations = scoped(tenant, COLLECTIONS.chatConversations, database);
  const providers = unscoped(COLLECTIONS.providers, database);
  const PENDING = _.in(['open', 'processing']);

  return {
    /** providers is keyed by the tenant id itself: a read by _id. */
    provider: (): Promise<ProviderDoc | null> => providers.findById(tenant.serviceProviderId),
    pendingTickets: () => tickets.count({ status: PENDING }), // by_provider_status_updated
    unreadMessages: () => messages.count({ readStatus: 'unread' }), // by_provider_read_created
    customers: () => customers.count(), // by_provider_updated
    customersWithStatus: (status: 'active' | 'expiring' | 'expired') => customers.count({ status }), // by_provider_status_expiry
    /** Tickets created since `since`, optionally only resolved ones (by_provider_status_created: status $in + createdAt range). */
    ticketsCreatedSince: (since: Date, resolvedOnly: boolean) => tickets.count({ status: resolvedOnly ? 'resolved' : _.in(['open', 'processing', 'resolved']), createdAt: _.gte(since) }),
    escalatedUnresolved: () => tickets.count({ escalationStatus: 'escalated', status: PENDING }), // by_provider_escalation_status
    /** waitingSince is null once the provider answered; a range keeps the condition indexable. */
    waitingChats: () => conversations.count({ waitingSince: _.gt(new Date(0)) }), // by_provider_waiting
  };
}
