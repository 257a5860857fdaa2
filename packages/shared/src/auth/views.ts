import type { ProviderDoc, UserDoc } from '@partner-desk/database';
import type { AccountProvider, AccountUser, LoginResult } from '@partner-desk/contract';

export const accountUserView = (user: UserDoc): AccountUser => ({ id: user._id, username: user.username, name: user.name, role: user.role });

export const accountProviderView = (provider: ProviderDoc): AccountProvider => ({ id: provider._id, name: provider.name });

export const loginView = (user: UserDoc, provider: ProviderDoc, expiresAt: Date): LoginResult => ({
  user: accountUserView(user),
  provider: accountProviderView(provider),
  session: { expiresAt: new Date(expiresAt).toISOString() },
});
