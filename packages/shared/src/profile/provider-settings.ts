import { DEFAULT_BOUNCE_MINUTES, type ProviderSettingsView } from '@partner-desk/contract';
import { COLLECTIONS, type ProviderSettingsDoc } from '@partner-desk/database';
import { DEFAULT_EXPIRY_ALERT_DAYS } from '../customers/alerts';
import { DEFAULT_EXPIRING_DAYS } from '../customers/status';
import { unscoped, type TenantRef } from '../data/tenant-scope';

/** The settings users see, with defaults for what an older settings document lacks. */
export function providerSettingsView(doc: Pick<ProviderSettingsDoc, 'bounceMinutes'> | null): ProviderSettingsView {
  return { bounceMinutes: doc?.bounceMinutes ?? DEFAULT_BOUNCE_MINUTES };
}

/** One provider's settings document (`_id` is the provider id). */
export function providerSettingsRepository(tenant: TenantRef) {
  const settings = unscoped(COLLECTIONS.settings);
  return {
    read: async (): Promise<ProviderSettingsView> => providerSettingsView(await settings.findById(tenant.serviceProviderId)),

    /** Sets the bounce minutes; a provider without a settings document (made before settings existed) gets one with the defaults. */
    async setBounceMinutes(bounceMinutes: number, now: Date): Promise<void> {
      if ((await settings.updateById(tenant.serviceProviderId, { bounceMinutes, updatedAt: now })) > 0) return;
      await settings.replace(tenant.serviceProviderId, { expiringDays: DEFAULT_EXPIRING_DAYS, expiryAlertDays: DEFAULT_EXPIRY_ALERT_DAYS, bounceMinutes, updatedAt: now });
    },
  };
}
