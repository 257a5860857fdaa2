import { COLLECTIONS, type ProviderDoc, type ProviderSettingsDoc, type UserDoc } from '@partner-desk/database';
import type { UpdateData } from '../data/database';
import { unscoped } from '../data/tenant-scope';
import type { ScopedTransaction } from '../data/transaction';
import { auditInTransaction, auditRepository, CONSOLE_ACTOR, type AuditEntry } from './audit';

/**
 * Console-side reads and writes. The console is not a tenant: it names the provider it acts on; a
 * provider's customers are written through that provider's scope (customersRepository).
 */
export function adminRepository() {
  const providers = unscoped(COLLECTIONS.providers);
  const settings = unscoped(COLLECTIONS.settings);
  const users = unscoped(COLLECTIONS.users);
  const codes = unscoped(COLLECTIONS.providerCodes);
  const audit = auditRepository();
  return {
    findProvider: (providerId: string): Promise<ProviderDoc | null> => providers.findById(providerId),
    /** Whose the vendor's provider code is, if anyone's. */
    findProviderCode: (code: string) => codes.findById(code),
    findProviderSettings: (providerId: string): Promise<ProviderSettingsDoc | null> => settings.findById(providerId),
    findUser: (userId: string): Promise<UserDoc | null> => users.findById(userId),

    async updateUser(userId: string, data: UpdateData<UserDoc>): Promise<void> {
      await users.updateById(userId, data);
    },

    recordAudit: (entry: AuditEntry, at = new Date()): Promise<void> => audit.record(entry, CONSOLE_ACTOR, at),
  };
}

/** The console's writes inside a transaction scoped to the provider it acts on. */
export function adminInTransaction(transaction: ScopedTransaction) {
  const providers = transaction.unscoped(COLLECTIONS.providers);
  const settings = transaction.unscoped(COLLECTIONS.settings);
  const audit = auditInTransaction(transaction);
  const users = transaction.scoped(COLLECTIONS.users);
  const codes = transaction.unscoped(COLLECTIONS.providerCodes);
  const providerId = transaction.tenant.serviceProviderId;
  return {
    /** A new provider (its _id is the transaction's tenant) and its settings; uniq_name refuses a second provider of the same name. */
    async insertProvider(provider: Omit<ProviderDoc, '_id'>, providerSettings: Omit<ProviderSettingsDoc, '_id'>): Promise<void> {
      await providers.insert({ _id: providerId, ...provider });
      await settings.insert({ _id: providerId, ...providerSettings });
    },

    /**
     * The provider a new account is created for, read and then touched (updatedAt) in this transaction: a
     * decision to add the account rests on the provider existing, and the write makes a concurrent change
     * to the provider conflict with it instead of leaving an account under a provider that is gone.
     */
    async lockProviderForNewUser(now: Date): Promise<ProviderDoc | null> {
      const provider = await providers.findById(providerId);
      if (provider) await providers.update(providerId, { updatedAt: now });
      return provider;
    },

    /** The vendor's code for this provider: its claim's _id is the code, so a second claim of it fails on the duplicate _id. */
    claimProviderCode: (code: string, now: Date) => codes.insert({ _id: code, providerId, createdAt: now }),

    /** A new account of this provider; uniq_username refuses a second one with the same username. */
    insertUser: (user: Omit<UserDoc, 'serviceProviderId'>) => users.insert(user),

    /** The audit entry written with the change, so the record and the change commit together. */
    recordAudit: (entry: AuditEntry, at: Date) => audit.record(entry, CONSOLE_ACTOR, at),
  };
}
