import { atom } from 'jotai';
import type { ListCustomersPayload } from '../services/customers';
import type { CustomerStatus } from '../services/labels';
import { ROUTES, switchTab } from '../services/routes';
import type { Store } from './store';

/**
 * What 客户列表 is asked for: a name keyword and the three filters of seed §1.2.3 (status, region, has
 * unresolved issues). An atom rather than page state, because 客户 is a tab page (switchTab takes no
 * query): 工作台's entries set the filter here, then switch to the tab, which lists by it whether it was
 * already open or not.
 */
export interface CustomerQuery {
  keyword: string;
  status?: CustomerStatus;
  region?: string;
  /** true: only customers with unresolved issues; absent: everyone. */
  hasUnresolved?: true;
}

export const EMPTY_CUSTOMER_QUERY: CustomerQuery = { keyword: '' };

export const customerQueryAtom = atom<CustomerQuery>(EMPTY_CUSTOMER_QUERY);

/** The list action's payload for one page: only what is set (a blank keyword is no filter). */
export function toListPayload(query: CustomerQuery, page: number, pageSize: number): ListCustomersPayload {
  const payload: ListCustomersPayload = { page, pageSize };
  const keyword = query.keyword.trim();
  if (keyword) payload.keyword = keyword;
  if (query.status) payload.status = query.status;
  if (query.region) payload.region = query.region;
  if (query.hasUnresolved) payload.hasUnresolved = true;
  return payload;
}

/** How many filters (not the keyword) are on: the 筛选 button's count. */
export const activeFilterCount = (query: CustomerQuery): number => [query.status, query.region, query.hasUnresolved].filter(Boolean).length;

/** Opens the 客户 tab listing by `filters` alone (工作台's 活跃客户, 即将到期 …; nothing for everyone). */
export function openCustomerList(store: Store, filters: Omit<CustomerQuery, 'keyword'> = {}): Promise<unknown> {
  store.set(customerQueryAtom, { ...EMPTY_CUSTOMER_QUERY, ...filters });
  return switchTab(ROUTES.customerList);
}
