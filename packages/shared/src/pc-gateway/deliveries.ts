/**
 * The PC system's deliveries we took (inbound_deliveries, `_id` = X-PD-Delivery): each recorded in the
 * transaction of the change it made, or of the parked event it became, so a delivery is applied once and
 * a crash can't leave a change without its record (or the record without its change).
 */
import { COLLECTIONS, type InboundOutcome } from '@partner-desk/database';
import type { TransactionGuard, UnscopedTransaction } from '../data/transaction';
import { unscoped } from '../data/tenant-scope';

export interface Delivery {
  id: string;
  type: string;
  /** What it is about: a customer's externalId, a ticket id. */
  subject: string;
  receivedAt: Date;
}

export function deliveriesRepository() {
  const deliveries = unscoped(COLLECTIONS.inboundDeliveries);
  return {
    /** Seen before: a quick answer for a redelivery, before any work (the transaction checks again). */
    seen: async (id: string): Promise<boolean> => (await deliveries.findById(id)) !== null,
  };
}

/** The delivery's record inside a transaction (a scoped one reaches unscoped collections too). */
export function deliveriesInTransaction(transaction: UnscopedTransaction) {
  const deliveries = transaction.unscoped(COLLECTIONS.inboundDeliveries);
  return {
    isNew: async (id: string): Promise<boolean> => (await deliveries.findById(id)) === null,
    /** A new document at the delivery id: a concurrent copy of the delivery collides on it, retries and finds it. */
    record: (delivery: Delivery, outcome: InboundOutcome) =>
      deliveries.insert({ _id: delivery.id, type: delivery.type, outcome, subject: delivery.subject, receivedAt: delivery.receivedAt }),
  };
}

/**
 * The guard that makes a domain's transaction apply the delivery once: it stops when the delivery is
 * recorded already, and records it last. The gateway looked the delivery up just before (`seen`), so the
 * first attempt trusts that and skips the read: were the delivery recorded meanwhile, this attempt's
 * record would collide on its _id, the transaction would be retried, and the retry reads it. `stopped`
 * tells the caller afterwards which it was.
 */
export function applyOnce(delivery: Delivery, options: { checkedUnseen?: boolean } = {}): TransactionGuard & { readonly stopped: boolean } {
  let stopped = false;
  let attempts = 0;
  return {
    get stopped() {
      return stopped;
    },
    async before(transaction) {
      attempts++;
      if (attempts === 1 && options.checkedUnseen) return true;
      stopped = !(await deliveriesInTransaction(transaction).isNew(delivery.id));
      return !stopped;
    },
    async after(transaction) {
      await deliveriesInTransaction(transaction).record(delivery, 'applied');
    },
  };
}
