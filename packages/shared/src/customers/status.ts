import type { CustomerStatus } from '@partner-desk/contract';
import { businessDaysBetween } from '../time';

/** Default for providers without settings: "expiring" 30 days before expiry. */
export const DEFAULT_EXPIRING_DAYS = 30;

/**
 * A customer's licence status: `expired` once the expiry moment has passed, `expiring` when it falls
 * within `expiringDays` calendar days from today (counted in Asia/Shanghai, whatever the server's TZ),
 * else `active`. Pure, so import, sync and the nightly recompute agree.
 */
export function deriveCustomerStatus(expiryDate: Date, now: Date, expiringDays: number = DEFAULT_EXPIRING_DAYS): CustomerStatus {
  if (expiryDate.getTime() <= now.getTime()) return 'expired';
  return businessDaysBetween(now, expiryDate) <= expiringDays ? 'expiring' : 'active';
}
