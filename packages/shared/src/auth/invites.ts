import { LABELS, type InviteStatus, type InviteView, type Paging } from '@partner-desk/contract';
import { COLLECTIONS, type InviteDoc } from '@partner-desk/database';
import { db, type Filter } from '../data/database';
import { isDuplicateKey } from '../data/database-errors';
import { scoped, unscoped, type TenantRef } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { toIso } from '../time';
import { formatInviteCode, inviteIdOf } from './invite-code';

export const UNKNOWN_INVITE = '邀请码不存在，请核对后重新输入';

/** What an invite is now: `expired` is an active code past its expiry. */
export function inviteStatusOf(invite: Pick<InviteDoc, 'status' | 'expiresAt'>, now: Date): InviteStatus {
  if (invite.status === 'active' && new Date(invite.expiresAt).getTime() <= now.getTime()) return 'expired';
  return invite.status;
}

/** Refuses a code that can't be used now, in words that say why. */
export function assertInviteUsable(invite: InviteDoc | null, now: Date): asserts invite is InviteDoc {
  if (!invite) throw new AppError('NOT_FOUND', UNKNOWN_INVITE);
  switch (inviteStatusOf(invite, now)) {
    case 'active':
      return;
    case 'expired':
      throw new AppError('FAILED_PRECONDITION', '邀请码已过期，请联系管理员重新生成');
    case 'used':
      throw new AppError('FAILED_PRECONDITION', '邀请码已被使用，每个邀请码只能注册一个账号');
    case 'revoked':
      throw new AppError('FAILED_PRECONDITION', '邀请码已作废，请联系管理员重新生成');
  }
}

export function toInviteView(invite: InviteDoc, now: Date): InviteView {
  const status = inviteStatusOf(invite, now);
  return {
    code: formatInviteCode(invite.code),
    status,
    statusLabel: LABELS.inviteStatus[status],
    role: invite.role,
    note: invite.note ?? null,
    createdAt: toIso(invite.createdAt)!,
    expiresAt: toIso(invite.expiresAt)!,
    createdByName: invite.createdByName,
    usedAt: toIso(invite.usedAt),
    usedByName: invite.usedByName ?? null,
    usedByUsername: invite.usedByUsername ?? null,
    revokedAt: toIso(invite.revokedAt),
  };
}

/** The filter of one status as the list shows statuses (active and expired are both stored active). */
function statusFilter(status: InviteStatus | undefined, now: Date): Filter<InviteDoc> {
  const _ = db().command;
  if (status === 'active') return { status: 'active', expiresAt: _.gt(now) };
  if (status === 'expired') return { status: 'active', expiresAt: _.lte(now) };
  return status ? { status } : {};
}

/** One provider's invites (its admin's list, creation and revocation). */
export function invitesRepository(tenant: TenantRef) {
  const invites = scoped(tenant, COLLECTIONS.invites);
  return {
    /**
     * Creates an invite with a fresh code; a code that is taken (1 in 10^12) is drawn again. The code is
     * the document id, so the insert itself decides a collision.
     */
    async create(make: () => Omit<InviteDoc, 'serviceProviderId'>): Promise<InviteDoc> {
      for (let attempt = 1; ; attempt++) {
        const invite = make();
        try {
          await invites.insert(invite);
          return { ...invite, serviceProviderId: tenant.serviceProviderId };
        } catch (err) {
          if (!isDuplicateKey(err) || attempt >= 5) throw err;
        }
      }
    },

    /** Newest first (by_provider_created; by_provider_status_expires with a status). */
    list: (status: InviteStatus | undefined, paging: Paging, now: Date) => invites.list({ filter: statusFilter(status, now), orderBy: [['createdAt', 'desc']], paging }),

    countUsable: (now: Date) => invites.count(statusFilter('active', now)),

    /**
     * Revokes an unused code. One conditional update (atomic on the document): a registration that took
     * the code a moment earlier leaves nothing to revoke, and the answer says it was used.
     */
    async revoke(code: string, now: Date): Promise<InviteDoc> {
      const id = inviteIdOf(code);
      const changed = await invites.updateWhere({ _id: id, status: 'active' }, { status: 'revoked', revokedAt: now, updatedAt: now });
      const invite = await invites.findById(id);
      if (!invite) throw new AppError('NOT_FOUND', UNKNOWN_INVITE);
      if (!changed) throw new AppError('FAILED_PRECONDITION', invite.status === 'used' ? '邀请码已被使用，无法作废' : '邀请码已作废');
      return invite;
    },
  };
}

/** An invite by its code, before the provider is known (auth.register): a read by _id. */
export const findInviteByCode = (code: string): Promise<InviteDoc | null> => unscoped(COLLECTIONS.invites).findById(inviteIdOf(code));

/** Using an invite inside the registering transaction (scoped to the invite's own provider). */
export function invitesInTransaction(transaction: ScopedTransaction) {
  const invites = transaction.scoped(COLLECTIONS.invites);
  return {
    /** Read in the transaction; the decision on it is safe because markUsed writes the same document. */
    findInvite: (code: string) => invites.findById(inviteIdOf(code)),

    markUsed: (invite: Pick<InviteDoc, '_id'>, user: { userId: string; username: string; name: string }, now: Date) =>
      invites.update(invite._id, { status: 'used', usedAt: now, usedByUserId: user.userId, usedByUsername: user.username, usedByName: user.name, updatedAt: now }, UNKNOWN_INVITE),
  };
}
