import type { CustomerStatus } from '@partner-desk/contract';
import type { CustomerDoc } from '@partner-desk/database';
import { escapeRegExp } from '../data/database';

export interface CustomerListFilters {
  status?: CustomerStatus;
  keyword?: string;
  region?: string;
  hasUnresolved?: boolean;
}

export interface CustomerListPlan {
  equal: { status?: CustomerStatus; region?: string; unresolvedIssues?: 0 };
  /** hasUnresolved: true → unresolvedIssues > 0 (a range the index can walk). */
  someUnresolved: boolean;
  /** Escaped pattern for a case-insensitive regex on the name, or null. */
  namePattern: string | null;
  orderBy: [field: keyof CustomerDoc & string, direction: 'asc' | 'desc'][];
  /** The index of database/collections/customers.ts that serves this filter and order (documentation and tests). */
  index: string;
}

/**
 * Which filter and order a customer list runs, chosen so one declared index serves both:
 *   - status (± anything)      → expiring soonest first  → by_provider_status_expiry (region: by_provider_region_status_expiry)
 *   - hasUnresolved (no status) → most open issues first → by_provider_unresolved_updated
 *   - region                    → recently updated first → by_provider_region
 *   - nothing / keyword only    → recently updated first → by_provider_updated
 * The keyword narrows whichever scan that is (a regex can't use an index), over one provider's customers.
 */
export function planCustomerList(filters: CustomerListFilters): CustomerListPlan {
  const keyword = filters.keyword?.trim();
  const plan: CustomerListPlan = {
    equal: {},
    someUnresolved: filters.hasUnresolved === true,
    namePattern: keyword ? escapeRegExp(keyword) : null,
    orderBy: [['updatedAt', 'desc']],
    index: 'by_provider_updated',
  };
  if (filters.status) plan.equal.status = filters.status;
  if (filters.region) plan.equal.region = filters.region;
  if (filters.hasUnresolved === false) plan.equal.unresolvedIssues = 0;

  if (filters.status) {
    plan.orderBy = [['expiryDate', 'asc']];
    plan.index = filters.region ? 'by_provider_region_status_expiry' : 'by_provider_status_expiry';
  } else if (filters.hasUnresolved !== undefined && !filters.region) {
    plan.orderBy = [['unresolvedIssues', 'desc'], ['updatedAt', 'desc']];
    plan.index = 'by_provider_unresolved_updated';
  } else if (filters.region) {
    plan.index = 'by_provider_region';
  }
  return plan;
}
