/**
 * Providers as the vendor's data names them: by their code (`externalId`, what the PC system calls
 * providerExternalId), resolved through provider_codes, with the settings a customer's status and alerts
 * follow (CustomerOwner). Provider-wide by design: the console, the gateway and the sync act for every
 * provider, before any tenant is known.
 */
import { COLLECTIONS, type ProviderDoc, type ProviderSettingsDoc } from '@partner-desk/database';
import { DEFAULT_EXPIRY_ALERT_DAYS } from '../customers/alerts';
import { DEFAULT_EXPIRING_DAYS } from '../customers/status';
import type { CustomerOwner } from '../customers/upsert';
import { db } from '../data/database';
import { unscoped } from '../data/tenant-scope';

/** The most providers one read lists (the SDK's server page): the sync's daily pass walks them all. */
const MAX_PROVIDERS = 1000;

export function ownerOf(provider: Pick<ProviderDoc, '_id' | 'name'>, settings: Pick<ProviderSettingsDoc, 'expiringDays' | 'expiryAlertDays'> | null): CustomerOwner {
  return {
    id: provider._id,
    name: provider.name,
    expiringDays: settings?.expiringDays ?? DEFAULT_EXPIRING_DAYS,
    expiryAlertDays: settings?.expiryAlertDays?.length ? settings.expiryAlertDays : DEFAULT_EXPIRY_ALERT_DAYS,
  };
}

export function ownersRepository() {
  const database = db();
  const _ = database.command;
  const providers = unscoped(COLLECTIONS.providers, database);
  const settings = unscoped(COLLECTIONS.settings, database);
  const codes = unscoped(COLLECTIONS.providerCodes, database);

  /** Providers and their settings by id, read together. */
  async function ownersByIds(ids: readonly string[]): Promise<Map<string, CustomerOwner>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const [found, configured] = await Promise.all([
      providers.query({ _id: _.in(unique) }).limit(unique.length).get(),
      settings.query({ _id: _.in(unique) }).limit(unique.length).get(),
    ]);
    const settingsOf = new Map(configured.data.map((s) => [s._id, s]));
    return new Map(found.data.map((p) => [p._id, ownerOf(p, settingsOf.get(p._id) ?? null)]));
  }

  return {
    ownersByIds,

    /** The owners behind these provider codes (codes no provider has are absent). */
    async ownersByCodes(providerCodes: readonly string[]): Promise<Map<string, CustomerOwner>> {
      const unique = [...new Set(providerCodes)];
      if (unique.length === 0) return new Map();
      const { data: claims } = await codes.query({ _id: _.in(unique) }).limit(unique.length).get();
      const owners = await ownersByIds(claims.map((c) => c.providerId));
      const byCode = new Map<string, CustomerOwner>();
      for (const claim of claims) {
        const owner = owners.get(claim.providerId);
        if (owner) byCode.set(claim._id, owner);
      }
      return byCode;
    },

    /** Every provider with its settings (the sync's daily pass). */
    async allOwners(): Promise<CustomerOwner[]> {
      const { data } = await providers.query({}).field({ _id: true, name: true }).limit(MAX_PROVIDERS).get();
      const owners = await ownersByIds(data.map((p) => p._id));
      return [...owners.values()];
    },
  };
}
