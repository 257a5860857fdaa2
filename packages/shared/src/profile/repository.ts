import { COLLECTIONS, type ProviderDoc, type UserDoc } from '@partner-desk/database';
import { db, getDocOrNull } from '../data/database';
import { scoped, type Tenant } from '../data/tenant-scope';
import { AppError } from '../errors';

/** The caller's own account and provider; the user is read through the tenant scope. */
export function profileRepository(tenant: Pick<Tenant, 'serviceProviderId' | 'userId'>) {
  const users = scoped(tenant, COLLECTIONS.users);
  return {
    async readOwnAccount(): Promise<{ user: UserDoc; provider: ProviderDoc }> {
      const [user, provider] = await Promise.all([
        users.getById<UserDoc>(tenant.userId, '账号不存在'),
        getDocOrNull<ProviderDoc>(db().collection(COLLECTIONS.providers).doc(tenant.serviceProviderId)),
      ]);
      if (!provider) throw new AppError('NOT_FOUND', '服务商不存在');
      return { user, provider };
    },

    readOwnUser: () => users.getById<UserDoc>(tenant.userId, '账号不存在'),

    updateOwnUser: (data: Record<string, unknown>) => users.updateById(tenant.userId, data, '账号不存在'),
  };
}
