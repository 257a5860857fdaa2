import type { DashboardOverview } from '@partner-desk/contract';
import { request } from './cloud';

export type { DashboardOverview };

/** dashboard.overview: everything 工作台 shows and the tab bar's badges, in one call. */
export const fetchOverview = () => request('dashboard', 'overview');
