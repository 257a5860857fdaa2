import type { UserDoc } from '@partner-desk/database';
import { auditInTransaction } from '../admin/audit';
import { hashPassword, passwordProblem } from '../crypto/password';
import { notifyAfterCommit } from '../data/after-commit';
import { isDuplicateKey } from '../data/database-errors';
import { newId } from '../data/ids';
import { runScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { requireIdentityKey } from '../identity/identity-key';
import { bindSession } from '../identity/sessions';
import { messagesRepository } from '../messages/repository';
import type { ActionHandler } from '../router';
import { memberJoinedMessage } from './account-requests';
import { formatInviteCode, normalizeInviteCode } from './invite-code';
import { assertInviteUsable, findInviteByCode, invitesInTransaction, UNKNOWN_INVITE } from './invites';
import { accountsInTransaction, accountsRepository } from './repository';
import { registerQuotas, takeQuotas } from './throttle';
import { loginView } from './views';

/**
 * 注册 with an invite code: a new agent of the inviting provider, signed in at once (this OPENID or web
 * uid is bound, as auth.login does). The code is used exactly once: it is read and marked used in the
 * transaction that inserts the account, so two registrations with one code write the same document and
 * the second conflicts, retries, and finds the code used. The username is decided by uniq_username.
 */
export const register: ActionHandler<'auth', 'register'> = async ({ inviteCode, username, password, name }, caller) => {
  const identityKey = requireIdentityKey(caller);
  const now = new Date();
  await takeQuotas(registerQuotas(identityKey), now, '注册尝试过于频繁');
  const code = normalizeInviteCode(inviteCode);
  if (!code) throw new AppError('NOT_FOUND', UNKNOWN_INVITE);
  const problem = passwordProblem(password);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);

  const taken = () => new AppError('CONFLICT', `账号已存在：${username}`);
  const [invite, usernameTaken] = await Promise.all([findInviteByCode(code), accountsRepository().usernameTaken(username)]);
  assertInviteUsable(invite, now);
  if (usernameTaken) throw taken();

  const user: UserDoc = {
    _id: newId('u'),
    serviceProviderId: invite.serviceProviderId,
    username,
    passwordHash: await hashPassword(password),
    name,
    role: invite.role,
    status: 'active',
    notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true },
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const tenant = { serviceProviderId: invite.serviceProviderId };
  let provider;
  try {
    provider = await runScopedTransaction(
      tenant,
      async (transaction) => {
        const invites = invitesInTransaction(transaction);
        const accounts = accountsInTransaction(transaction);
        // One operation at a time: a transaction's operations share one database session.
        const current = await invites.findInvite(code);
        const owner = await accounts.findProvider();
        assertInviteUsable(current, now);
        if (!owner || owner.status !== 'active') throw new AppError('FAILED_PRECONDITION', '邀请码所属的服务商已停用，请联系管理员');
        await accounts.insertUser(user);
        await invites.markUsed(current, { userId: user._id, username, name }, now);
        await auditInTransaction(transaction).record(
          { serviceProviderId: tenant.serviceProviderId, action: 'auth.register', targetType: 'user', targetId: user._id, details: { username, inviteCode: formatInviteCode(code), invitedBy: current.createdByName } },
          { actorId: user._id, actorName: name },
          now,
        );
        return owner;
      },
      // A duplicate key here is the username taken meanwhile: answered, not retried.
      { retryDuplicateKey: false },
    );
  } catch (err) {
    if (isDuplicateKey(err)) throw taken();
    throw err;
  }

  const session = await bindSession(caller, user, now);
  await notifyAfterCommit('member registered', () => messagesRepository(tenant).raise(memberJoinedMessage(user, code), now));
  return loginView(user, provider, session.expiresAt);
};
