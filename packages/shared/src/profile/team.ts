import { auditInTransaction, userActor } from '../admin/audit';
import { newInviteDoc } from '../auth/account-requests';
import { invitesRepository, toInviteView, UNKNOWN_INVITE } from '../auth/invites';
import { normalizeInviteCode } from '../auth/invite-code';
import { accountGuardId } from '../auth/login-guard';
import { passwordResetsInTransaction, passwordResetsRepository, toPasswordResetView } from '../auth/password-resets';
import { accountsInTransaction, loginGuardsRepository, sessionsRepository } from '../auth/repository';
import { hashPassword, passwordProblem } from '../crypto/password';
import { runScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import type { ActionHandler } from '../router';

/*
 * What a provider's admin does for the team in the app (role admin, enforced by the contract): complete
 * the password resets the team asked for, and hand out invite codes that add agents.
 */

export const listPasswordResets: ActionHandler<'profile', 'passwordResets'> = async ({ status, page, pageSize }, session) => {
  const result = await passwordResetsRepository(session).list(status, { page, pageSize });
  return { requests: result.items.map(toPasswordResetView), total: result.total, page, pageSize };
};

/**
 * Sets the new password, closes the request and records who did it in one transaction: two admins
 * completing the same request write the same request document, so the second conflicts, retries and
 * finds it done. The user's other sessions end afterwards (sessions are removed by query, which a
 * transaction can't hold); an admin resetting their own password keeps this session.
 */
export const completePasswordReset: ActionHandler<'profile', 'completePasswordReset'> = async ({ requestId, newPassword }, session) => {
  const problem = passwordProblem(newPassword);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);
  const passwordHash = await hashPassword(newPassword);
  const completed = await runScopedTransaction(session, async (transaction) => {
    const now = new Date();
    const requests = passwordResetsInTransaction(transaction);
    const request = await requests.getRequest(requestId);
    if (request.status !== 'pending') throw new AppError('FAILED_PRECONDITION', '该申请已处理，无需重复设置');
    const accounts = accountsInTransaction(transaction);
    await accounts.getUser(request.userId);
    await accounts.setPasswordHash(request.userId, passwordHash, now);
    const done = await requests.complete(request, { id: session.userId, name: session.userName, via: 'app' }, now);
    await auditInTransaction(transaction).record(
      { serviceProviderId: session.serviceProviderId, action: 'profile.completePasswordReset', targetType: 'user', targetId: request.userId, details: { requestId, username: request.username } },
      userActor(session),
      now,
    );
    return done;
  });
  const keep = completed.userId === session.userId ? session.sessionId : undefined;
  await Promise.all([sessionsRepository().endSessionsOfUser(completed.userId, keep), loginGuardsRepository().clearGuards([accountGuardId(completed.userId)])]);
  return { request: toPasswordResetView(completed) };
};

export const createInvite: ActionHandler<'profile', 'createInvite'> = async ({ note }, session) => {
  const now = new Date();
  const invite = await invitesRepository(session).create(() => newInviteDoc(session, note ?? null, now));
  return { invite: toInviteView(invite, now) };
};

export const listInvites: ActionHandler<'profile', 'invites'> = async ({ status, page, pageSize }, session) => {
  const now = new Date();
  const result = await invitesRepository(session).list(status, { page, pageSize }, now);
  return { invites: result.items.map((invite) => toInviteView(invite, now)), total: result.total, page, pageSize };
};

export const revokeInvite: ActionHandler<'profile', 'revokeInvite'> = async ({ code }, session) => {
  const normalized = normalizeInviteCode(code);
  if (!normalized) throw new AppError('NOT_FOUND', UNKNOWN_INVITE);
  const now = new Date();
  return { invite: toInviteView(await invitesRepository(session).revoke(normalized, now), now) };
};
