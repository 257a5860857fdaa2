import { COLLECTIONS, type ProviderDoc, type UserDoc } from '@partner-desk/database';
import type { UpdateData } from '../data/database';
import { scoped, unscoped, type Tenant } from '../data/tenant-scope';
import { AppError } from '../errors';

const ACCOUNT_NOT_FOUND = '账号不存在';

/** The caller's own account (read through the tenant scope) and provider (keyed by the tenant id itself). */
export function profileRepository(tenant: Pick<Tenant, 'serviceProviderId' | 'userId'>) {
  const users = scoped(tenant, COLLECTIONS.users);
  const providers = unscoped(COLLECTIONS.providers);
  return {
    async readOwnAccount(): Promise<{ user: UserDoc; provider: ProviderDoc }> {
      const [user, provider] = await Promise.all([users.getById(tenant.userId, ACCOUNT_NOT_FOUND), providers.findById(tenant.serviceProviderId)]);
      if (!provider) throw new AppError('NOT_FOUND', '服务商不存在');
      return { user, provider };
    },

    readOwnUser: () => users.getById(tenant.userId, ACCOUNT_NOT_FOUND),

    updateOwnUser: (data: UpdateData<UserDoc>) => users.updateById(tenant.userId, data, ACCOUNT_NOT_FOUND),
  };
}
