import { COLLECTIONS } from '@partner-desk/database';
import { unscoped } from '../data/tenant-scope';

/**
 * Every provider's id, for timers that work across providers without leaving a provider's scope: they
 * visit each provider and do its work through its tenant scope (a disabled provider included: its
 * events still reach the PC system, its consultations still go back to HQ).
 */
export async function listProviderIds(): Promise<string[]> {
  const providers = unscoped(COLLECTIONS.providers);
  const ids: string[] = [];
  const page = 1000;
  for (let offset = 0; ; offset += page) {
    const { data } = await providers.query({}).field({ _id: true }).skip(offset).limit(page).get();
    ids.push(...data.map((p) => p._id));
    if (data.length < page) return ids;
  }
}
