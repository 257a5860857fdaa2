import { notifyAfterCommit } from '../data/after-commit';
import { requireIdentityKey } from '../identity/identity-key';
import { messagesRepository } from '../messages/repository';
import type { ActionHandler } from '../router';
import { usernameKey } from './login-guard';
import { newPasswordResetDoc, passwordResetMessage } from './account-requests';
import { passwordResetRequests } from './password-resets';
import { accountsRepository } from './repository';
import { passwordResetQuotas, takeQuotas } from './throttle';

/** Read in place of a real provider and request when the username is unknown (see below). */
const DECOY_ID = '__no_such_account__';

/**
 * 忘记密码 at the login page. The answer is the same whether the username exists or not, and so are the
 * quotas (counted per caller and per username, known or not); the unknown path also makes the reads the
 * known one makes, so its timing tells little. A request for an account (or provider) that is disabled is
 * not recorded: nobody should be handed a new password for it.
 */
export const requestPasswordReset: ActionHandler<'auth', 'requestPasswordReset'> = async ({ username }, caller) => {
  const identityKey = requireIdentityKey(caller);
  const now = new Date();
  const accounts = accountsRepository();
  // The account and its provider are read while the quotas are taken (two rounds each, side by side).
  const [{ user, provider }] = await Promise.all([
    (async () => {
      const user = await accounts.findUserByUsername(username);
      return { user, provider: await accounts.findProviderById(user?.serviceProviderId ?? DECOY_ID) };
    })(),
    takeQuotas(passwordResetQuotas(identityKey, usernameKey(username)), now, '重置申请提交过于频繁'),
  ]);
  const requests = passwordResetRequests();
  if (!user || user.status !== 'active' || !provider || provider.status !== 'active') {
    // In place of recording the request and the message: reads of the same cost.
    for (let i = 0; i < 2; i++) await requests.closeOpen(DECOY_ID, { id: DECOY_ID, name: DECOY_ID, via: 'app' }, now);
    return {};
  }

  const request = newPasswordResetDoc(user, provider, now);
  if (await requests.open(request, now)) {
    const tenant = { serviceProviderId: user.serviceProviderId };
    await notifyAfterCommit('password reset requested', () => messagesRepository(tenant).raise(passwordResetMessage(request), now));
  }
  return {};
};
