import { LABELS, type Paging, type PasswordResetChannel, type PasswordResetStatus, type PasswordResetView } from '@partner-desk/contract';
import { COLLECTIONS, type PasswordResetDoc } from '@partner-desk/database';
import { db } from '../data/database';
import { isDuplicateKey } from '../data/database-errors';
import { scoped, unscoped, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { toIso } from '../time';

const REQUEST_NOT_FOUND = '申请不存在';

/** Who completed a request. */
export interface ResetCompleter {
  id: string;
  name: string;
  via: PasswordResetChannel;
}

export const HQ_COMPLETER: ResetCompleter = { id: 'console', name: '总部', via: 'console' };

export function toPasswordResetView(doc: PasswordResetDoc): PasswordResetView {
  return {
    id: doc._id,
    userId: doc.userId,
    username: doc.username,
    userName: doc.userName,
    role: doc.role,
    status: doc.status,
    statusLabel: LABELS.passwordResetStatus[doc.status],
    requestedAt: toIso(doc.requestedAt)!,
    lastRequestedAt: toIso(doc.lastRequestedAt)!,
    requestCount: doc.requestCount,
    completedAt: toIso(doc.completedAt),
    completedByName: doc.completedByName ?? null,
    completedVia: doc.completedVia ?? null,
  };
}

/** The fields that close a request: its openKey moves aside, so the user may ask again later. */
const completion = (request: Pick<PasswordResetDoc, '_id'>, by: ResetCompleter, now: Date) =>
  ({ status: 'completed', openKey: `done:${request._id}`, completedAt: now, completedById: by.id, completedByName: by.name, completedVia: by.via, updatedAt: now }) as const;

/**
 * Requests as they are made and as HQ sees them: before any tenant is known (asked for by username at
 * the login page) and across providers (the console).
 */
export function passwordResetRequests() {
  const requests = unscoped(COLLECTIONS.passwordResets);
  const _ = db().command;
  return {
    /**
     * Records a request; while one is pending for the user, asking again only counts it (uniq_open_key
     * refuses a second pending one, also when two arrive at once). Answers whether a new request was made.
     */
    async open(request: PasswordResetDoc, now: Date): Promise<boolean> {
      try {
        await requests.insert(request);
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      await requests.updateWhere({ openKey: request.userId }, { requestCount: _.inc(1), lastRequestedAt: now, updatedAt: now });
      return false;
    },

    /** Every provider's requests, or one provider's (through its scope), most recently asked first. */
    list(status: PasswordResetStatus, paging: Paging, providerId?: string) {
      const query = { filter: { status }, orderBy: [['lastRequestedAt', 'desc']] as [keyof PasswordResetDoc & string, 'desc'][], paging };
      return providerId ? scoped({ serviceProviderId: providerId }, COLLECTIONS.passwordResets).list(query) : requests.list(query);
    },

    /**
     * Closes the user's pending request, if any, when HQ sets the password (admin.resetPassword). A
     * conditional update of one document: a provider admin completing it at the same moment wins or loses
     * cleanly. Answers whether one was closed.
     */
    async closeOpen(userId: string, by: ResetCompleter, now: Date): Promise<boolean> {
      const open = await requests.findOne({ openKey: userId });
      if (!open) return false;
      return (await requests.updateWhere({ _id: open._id, status: 'pending' }, completion(open, by, now))) === 1;
    },
  };
}

/** One provider's requests (its admin's list and badge). */
export function passwordResetsRepository(tenant: TenantRef) {
  const requests = scoped(tenant, COLLECTIONS.passwordResets);
  return {
    list: (status: PasswordResetStatus, paging: Paging) => requests.list({ filter: { status }, orderBy: [['lastRequestedAt', 'desc']], paging }),
    countPending: () => requests.count({ status: 'pending' }),
  };
}

/** Completing a request inside the transaction that sets the password. */
export function passwordResetsInTransaction(transaction: ScopedTransaction) {
  const requests = transaction.scoped(COLLECTIONS.passwordResets);
  return {
    /** Read in the transaction; deciding on its status is safe because complete() writes it. */
    getRequest: (id: string) => requests.getById(id, REQUEST_NOT_FOUND),

    async complete(request: PasswordResetDoc, by: ResetCompleter, now: Date): Promise<PasswordResetDoc> {
      const changes = completion(request, by, now);
      await requests.update(request._id, changes, REQUEST_NOT_FOUND);
      return { ...request, ...changes };
    },
  };
}
