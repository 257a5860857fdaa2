import { randomBytes } from 'node:crypto';
import { COLLECTIONS, type CustomerDoc, type ProviderDoc, type ProviderSettingsDoc, type UserDoc } from '@partner-desk/database';
import { db, getDocOrNull, type Db } from '../data/database';
import { scoped } from '../data/tenant-scope';

/** Ids for documents written inside transactions (only doc() operations exist there, so we pick the id). */
export const newDocumentId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export const CONSOLE_ACTOR = { actorId: 'console', actorName: '管理控制台' } as const;

export interface AuditEntry {
  serviceProviderId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

const auditDocument = (entry: AuditEntry, at: Date) => ({ ...CONSOLE_ACTOR, ...entry, at });

/**
 * Console-side reads and writes. The console is not a tenant: it names the provider it acts on, and
 * customer writes still go through scoped() for that provider.
 */
export const adminRepository = {
  findProvider: (providerId: string) => getDocOrNull<ProviderDoc>(db().collection(COLLECTIONS.providers).doc(providerId)),

  findProviderSettings: (providerId: string) => getDocOrNull<ProviderSettingsDoc>(db().collection(COLLECTIONS.settings).doc(providerId)),

  findUser: (userId: string) => getDocOrNull<UserDoc>(db().collection(COLLECTIONS.users).doc(userId)),

  /** Served by providers.uniq_name. */
  async providerNameTaken(name: string): Promise<boolean> {
    const { total } = await db().collection(COLLECTIONS.providers).where({ name }).count();
    return total > 0;
  },

  /** Served by users.uniq_username. */
  async usernameTaken(username: string): Promise<boolean> {
    const { total } = await db().collection(COLLECTIONS.users).where({ username }).count();
    return total > 0;
  },

  async updateUser(userId: string, data: Record<string, unknown>): Promise<void> {
    await db().collection(COLLECTIONS.users).doc(userId).update({ data });
  },

  async recordAudit(entry: AuditEntry, at = new Date()): Promise<void> {
    await db().collection(COLLECTIONS.auditLog).add({ data: auditDocument(entry, at) });
  },

  /** The audit entry written as part of a transaction, so the record and the change commit together. */
  recordAuditInTransaction(transaction: Db, entry: AuditEntry, at = new Date()) {
    return transaction.collection(COLLECTIONS.auditLog).doc(newDocumentId('audit')).set({ data: auditDocument(entry, at) });
  },
};

type ExistingCustomer = Pick<CustomerDoc, '_id' | 'externalId'>;

/** One provider's customers as the import sees them (uniq_provider_external serves the lookups). */
export function importTarget(serviceProviderId: string) {
  const customers = scoped({ serviceProviderId }, COLLECTIONS.customers);
  const _ = db().command;
  return {
    /** Existing customers with these externalIds, in chunks the SDK's page limit allows, in parallel. */
    async findByExternalIds(externalIds: string[]): Promise<Map<string, ExistingCustomer>> {
      const chunks: string[][] = [];
      for (let i = 0; i < externalIds.length; i += 100) chunks.push(externalIds.slice(i, i + 100));
      const pages = await Promise.all(
        chunks.map((chunk) =>
          customers
            .where({ externalId: _.in(chunk) })
            .field({ _id: true, externalId: true })
            .limit(chunk.length)
            .get(),
        ),
      );
      const found = new Map<string, ExistingCustomer>();
      for (const { data } of pages) for (const doc of data as ExistingCustomer[]) found.set(doc.externalId, doc);
      return found;
    },

    insert: (doc: Record<string, unknown>) => customers.insert(doc),

    updateByExternalId: (externalId: string, data: Record<string, unknown>) => customers.updateWhere({ externalId }, data),
  };
}
