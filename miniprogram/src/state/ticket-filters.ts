import { atom } from 'jotai';
import { LABELS, type TicketStatus, type TicketType } from '../services/labels';
import { ROUTES, switchTab } from '../services/routes';
import type { ListTicketsPayload } from '../services/tickets';
import type { Store } from './store';

/**
 * What 工单列表 is narrowed to; kept while the user visits other tabs and details. An atom rather than page
 * state for the reason of customer-filters.ts: 工单 is a tab page, so 工作台 sets the filter, then switches.
 */
export interface TicketFilters {
  keyword: string;
  status: TicketStatus | 'all';
  type: TicketType | 'all';
  escalatedOnly: boolean;
}

export const NO_FILTERS: TicketFilters = { keyword: '', status: 'all', type: 'all', escalatedOnly: false };
export const ticketFiltersAtom = atom<TicketFilters>(NO_FILTERS);

export const STATUS_TABS: readonly { key: TicketFilters['status']; label: string }[] = [
  { key: 'all', label: '全部' },
  ...(Object.keys(LABELS.ticketStatus) as TicketStatus[]).map((key) => ({ key, label: LABELS.ticketStatus[key] })),
];

export const TYPE_CHIPS: readonly { key: TicketFilters['type']; label: string }[] = [
  { key: 'all', label: '全部类型' },
  ...(Object.keys(LABELS.ticketType) as TicketType[]).map((key) => ({ key, label: LABELS.ticketType[key] })),
];

/** tickets.list's payload for a page under these filters (only what narrows is sent). */
export function listPayloadOf(filters: TicketFilters, page: number, pageSize: number): ListTicketsPayload {
  const keyword = filters.keyword.trim().slice(0, 50);
  return {
    page,
    pageSize,
    ...(filters.status !== 'all' ? { status: filters.status } : {}),
    ...(filters.type !== 'all' ? { type: filters.type } : {}),
    ...(filters.escalatedOnly ? { escalationStatus: 'escalated' as const } : {}),
    ...(keyword ? { keyword } : {}),
  };
}

export const isFiltered = (filters: TicketFilters) => filters.keyword.trim() !== '' || filters.status !== 'all' || filters.type !== 'all' || filters.escalatedOnly;

/** Opens the 工单 tab listing by exactly these filters (the rest cleared), from 工作台's entries and figures. */
export function openTicketList(store: Store, filters: Partial<Omit<TicketFilters, 'keyword'>> = {}): Promise<unknown> {
  store.set(ticketFiltersAtom, { ...NO_FILTERS, ...filters });
  return switchTab(ROUTES.ticketList);
}
