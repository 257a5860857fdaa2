/**
 * Customers and providers arriving, and the parked events waiting for them. Every way a customer comes
 * in (admin.importCustomers, the PC system's customer.upserted, the sync) goes through
 * storeVendorCustomers: the one upsert (customers/upsert.ts), then the consultations parked for those
 * customers are applied. A provider code claimed (admin.createProvider) applies the customers parked for
 * it, which in turn apply their consultations. The sync sweeps whatever is still waiting but could now be
 * applied (a customer that arrived while its event was being parked), so nothing waits for ever.
 * Applying a parked event is idempotent: its document's status is read and written in the transaction
 * that applies it.
 */
import type { ConsultationMessageData, CustomerUpsertedData } from '@partner-desk/pc-protocol';
import { storeCustomerMessage } from '../chat/receive-customer-message';
import { findCustomersByExternalIds } from '../customers/repository';
import { upsertVendorCustomers, type UpsertedCustomer, type UpsertOptions, type VendorCustomerUpsert } from '../customers/upsert';
import { fromUpsertedEvent } from '../customers/vendor-customer';
import { ownersRepository } from '../providers/owners';
import { applyParkedOnce, parkedEventsRepository, type ParkedEvent } from './parked-events';

/** Who applies a parked event, as its document records it. */
export type ArrivalSource = 'customer.upserted' | 'sync' | 'admin.importCustomers' | 'admin.createProvider';

export interface ArrivalOptions extends UpsertOptions {
  source: ArrivalSource;
}

export interface StoredCustomers {
  results: (UpsertedCustomer | null)[];
  /** Parked events applied because these customers arrived. */
  parkedApplied: number;
}

const consultationOf = (event: ParkedEvent) => event.event.data as ConsultationMessageData;

/** The consultations parked for these customers, applied in the order the customers wrote them. */
export async function applyParkedForCustomers(externalIds: readonly string[], source: ArrivalSource, now = new Date()): Promise<number> {
  const waiting = (await parkedEventsRepository().forCustomers(externalIds)).filter((e) => e.event.type === 'consultation.message');
  if (waiting.length === 0) return 0;
  const customers = await findCustomersByExternalIds(waiting.map((e) => consultationOf(e).customerExternalId));
  const ordered = [...waiting].sort((a, b) => Date.parse(consultationOf(a).sentAt) - Date.parse(consultationOf(b).sentAt));
  let applied = 0;
  // One after the other: the messages of one customer share its conversation (in parallel they would only conflict and retry).
  for (const event of ordered) {
    const data = consultationOf(event);
    const customer = customers.get(data.customerExternalId);
    if (!customer) continue;
    const stored = await storeCustomerMessage(
      { tenant: { serviceProviderId: customer.serviceProviderId }, customer },
      { externalMessageId: data.externalMessageId, content: data.content, sentAt: new Date(data.sentAt) },
      { now, guard: applyParkedOnce(event._id, source, now) },
    );
    if (stored) applied++;
  }
  return applied;
}

/** Stores customers from the vendor's data (the one upsert), then applies what was parked for them. */
export async function storeVendorCustomers(rows: readonly VendorCustomerUpsert[], options: ArrivalOptions): Promise<StoredCustomers> {
  const now = options.now ?? new Date();
  const results = await upsertVendorCustomers(rows, { ...options, now });
  const arrived = results.filter((r): r is UpsertedCustomer => r !== null).map((r) => r.externalId);
  // The customers are stored whatever happens next: a parked event that fails to apply now waits for the sync's sweep.
  const parkedApplied = await applyParkedForCustomers(arrived, options.source, now).catch((err: unknown) => {
    console.error('[arrivals] parked events of arrived customers not applied now (the sync will)', err);
    return 0;
  });
  return { results, parkedApplied };
}

/** The customers parked for these provider codes (now claimed), stored in the order they came; then their consultations. */
export async function applyParkedForProviders(codes: readonly string[], source: ArrivalSource, now = new Date()): Promise<number> {
  const waiting = (await parkedEventsRepository().forProviders(codes)).filter((e) => e.event.type === 'customer.upserted');
  if (waiting.length === 0) return 0;
  const owners = await ownersRepository().ownersByCodes(waiting.map((e) => (e.event.data as CustomerUpsertedData).providerExternalId));
  const rows: (VendorCustomerUpsert & { eventId: string })[] = [];
  for (const event of waiting) {
    const data = event.event.data as CustomerUpsertedData;
    const owner = owners.get(data.providerExternalId);
    if (owner) rows.push({ owner, customer: fromUpsertedEvent(data, event.event.occurredAt), eventId: event._id });
  }
  // In arrival order, one at a time: two parked versions of one customer must land oldest first (the version check keeps the newest).
  let applied = 0;
  for (const row of rows) {
    const { results, parkedApplied } = await storeVendorCustomers([row], { source, now, guard: () => applyParkedOnce(row.eventId, source, now) });
    applied += (results[0] ? 1 : 0) + parkedApplied;
  }
  return applied;
}

/**
 * Applies every parked event whose customer or provider exists by now (the sync runs this each time):
 * the safety net for an event parked in the instant its customer arrived, or applied when the arrival's
 * own attempt failed. Answers how many were applied.
 */
export async function sweepParkedEvents(source: ArrivalSource, now = new Date()): Promise<number> {
  const waiting = await parkedEventsRepository().allWaiting();
  const customerIds = waiting.flatMap((e) => (e.customerExternalId ? [e.customerExternalId] : []));
  const codes = waiting.flatMap((e) => (e.providerExternalId ? [e.providerExternalId] : []));
  const [customers, owners] = await Promise.all([findCustomersByExternalIds(customerIds), ownersRepository().ownersByCodes(codes)]);
  const providersApplied = await applyParkedForProviders([...owners.keys()], source, now);
  return providersApplied + (await applyParkedForCustomers([...customers.keys()], source, now));
}
