import type { ProviderDoc, UserDoc } from '@partner-desk/database';
import { decryptField, maskEmail, maskName, maskPhone } from '../crypto/field-cipher';
import { toIso } from '../time';
import type { UpdateProfileResult } from '@partner-desk/contract';

/** Encrypted at rest, masked on the wire: the profile page never needs the full numbers back. */
const masked = (stored: string | undefined, mask: (plain: string) => string): string | null => (stored ? mask(decryptField(stored)) : null);

/** The account, its provider and the switches: what `update` answers and what `get` builds on. */
export function profileView(user: UserDoc, provider: ProviderDoc): UpdateProfileResult {
  return {
    user: {
      id: user._id,
      username: user.username,
      name: user.name,
      role: user.role,
      phone: masked(user.phone, maskPhone),
      phoneBound: Boolean(user.phone && user.phoneBoundAt),
      phoneBoundAt: user.phone ? toIso(user.phoneBoundAt) : null,
      email: masked(user.email, maskEmail),
    },
    provider: {
      id: provider._id,
      name: provider.name,
      region: provider.region ?? null,
      contactPerson: masked(provider.contactPerson, maskName),
      phone: masked(provider.phone, maskPhone),
      email: masked(provider.email, maskEmail),
    },
    settings: { ...user.notificationSettings },
  };
}
