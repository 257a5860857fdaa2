/**
 * Events the gateway could not apply yet (parked_inbound_events): kept with the raw body, the parsed
 * event and the reason in words, where admins see them in the console, until what they wait for arrives.
 */
import type { InboundEvent } from '@partner-desk/pc-protocol';
import { COLLECTIONS, type ParkedEventDoc, type ParkReason } from '@partner-desk/database';
import { db } from '../data/database';
import { unscoped } from '../data/tenant-scope';
import { runUnscopedTransaction, type TransactionGuard } from '../data/transaction';
import { deliveriesInTransaction, type Delivery } from './deliveries';

/** Parked events one look-up returns (the SDK's server page); the sync's sweep takes them in turns. */
export const PARKED_PAGE = 500;

export const PARK_REASON_TEXT: Record<ParkReason, (id: string) => string> = {
  unknown_customer: (id) => `客户 ${id} 尚未同步到本系统：客户到达后（customer.upserted、定时同步或导入）自动处理`,
  unknown_provider: (id) => `服务商编码 ${id} 尚无对应服务商：用 admin.createProvider（externalId: "${id}"）创建后自动处理`,
};

export type ParkedEvent = Omit<ParkedEventDoc, 'event'> & { event: InboundEvent };

export function parkedEventsRepository() {
  const database = db();
  const _ = database.command;
  const parked = unscoped(COLLECTIONS.parkedEvents, database);
  const waiting = async (filter: Parameters<typeof parked.query>[0]) => {
    const { data } = await parked.query({ ...filter, status: 'parked' }).orderBy('receivedAt', 'asc').limit(PARKED_PAGE).get();
    return data as ParkedEvent[];
  };
  return {
    /** Parked events waiting for these customers, oldest first. */
    forCustomers: (externalIds: readonly string[]) => (externalIds.length ? waiting({ customerExternalId: _.in([...new Set(externalIds)]) }) : Promise.resolve([])),
    /** Parked events waiting for these provider codes, oldest first. */
    forProviders: (codes: readonly string[]) => (codes.length ? waiting({ providerExternalId: _.in([...new Set(codes)]) }) : Promise.resolve([])),
    /** Every parked event still waiting (the sync's sweep), oldest first. */
    allWaiting: () => waiting({}),
  };
}

/**
 * Parks `event` in one transaction with the delivery's record (outcome parked), so a redelivery is
 * answered as seen and the event is kept once. Answers false when the delivery was recorded already.
 */
export function park(delivery: Delivery, event: InboundEvent, rawBody: string, reason: ParkReason, waitingFor: { customerExternalId?: string; providerExternalId?: string }): Promise<boolean> {
  return runUnscopedTransaction(async (transaction) => {
    const deliveries = deliveriesInTransaction(transaction);
    if (!(await deliveries.isNew(delivery.id))) return false;
    await transaction.unscoped(COLLECTIONS.parkedEvents).insert({
      _id: delivery.id,
      type: event.type,
      reason,
      reasonText: PARK_REASON_TEXT[reason](waitingFor.customerExternalId ?? waitingFor.providerExternalId ?? ''),
      customerExternalId: waitingFor.customerExternalId ?? null,
      providerExternalId: waitingFor.providerExternalId ?? null,
      event: event as unknown as Record<string, unknown>,
      rawBody,
      status: 'parked',
      receivedAt: delivery.receivedAt,
      appliedAt: null,
      appliedBy: null,
    });
    await deliveries.record(delivery, 'parked');
    return true;
  });
}

/**
 * The guard that applies a parked event once: the domain's transaction reads the parked document (stops
 * when it is applied already) and marks it applied last, so the decision rests on a document it writes.
 */
export function applyParkedOnce(id: string, appliedBy: string, now: Date): TransactionGuard {
  return {
    async before(transaction) {
      return (await transaction.unscoped(COLLECTIONS.parkedEvents).findById(id))?.status === 'parked';
    },
    async after(transaction) {
      await transaction.unscoped(COLLECTIONS.parkedEvents).update(id, { status: 'applied', appliedAt: now, appliedBy });
    },
  };
}
