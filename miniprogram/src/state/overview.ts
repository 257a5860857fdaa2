import Taro from '@tarojs/taro';
import { atom } from 'jotai';
import { fetchOverview, type DashboardOverview } from '../services/dashboard';
import { listConversations } from '../services/chat';
import { TAB_ROUTES, ROUTES } from '../services/routes';
import { createResource } from './resource';
import { topicVersionsAtom } from './live';
import type { Store } from './store';

/**
 * dashboard.overview: what 工作台 shows and where the tab bar's badges come from (one call for both). Kept
 * fresh by live updates whatever page is open.
 */
export const overview = createResource(fetchOverview);

/** The tab bar's badges: waiting consultations on 工作台 (where 咨询 is entered), pending tickets on 工单, unread on 消息. */
export interface TabBadges {
  workbench: number;
  tickets: number;
  messages: number;
}

export function badgesOf(data: DashboardOverview): TabBadges {
  return { workbench: data.waitingChats, tickets: data.pendingTickets, messages: data.unreadMessages };
}

/** The badges the tab bar shows (what applyTabBadges last put there), from the overview. */
export const tabBadgesAtom = atom<TabBadges | null>((get) => {
  const data = get(overview.atom).data;
  return data ? badgesOf(data) : null;
});

/** WeChat's badge is text; keep it to three characters as WeChat's own apps do. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

const TAB_INDEX = {
  workbench: TAB_ROUTES.indexOf(ROUTES.workbench),
  tickets: TAB_ROUTES.indexOf(ROUTES.ticketList),
  messages: TAB_ROUTES.indexOf(ROUTES.messages),
} as const;

/**
 * Puts the badges on the tab bar. WeChat refuses while a non-tab page is on top ("not TabBar page"): that
 * is fine, the badges are put again whenever a page shows (PageShell) and after every refetch.
 */
export function applyTabBadges(badges: TabBadges | null): void {
  for (const key of Object.keys(TAB_INDEX) as (keyof TabBadges)[]) {
    const index = TAB_INDEX[key];
    const count = badges?.[key] ?? 0;
    const done = count > 0 ? Taro.setTabBarBadge({ index, text: badgeText(count) }) : Taro.removeTabBarBadge({ index });
    Promise.resolve(done).catch(() => undefined);
  }
}

/** Fetches the overview and puts its badges on the tab bar. */
export async function refreshOverview(store: Store): Promise<DashboardOverview> {
  const data = await overview.load(store);
  applyTabBadges(badgesOf(data));
  return data;
}

/** The badges of the overview as the store has it now (none before the first fetch). */
export function currentBadges(store: Store): TabBadges | null {
  const data = store.get(overview.atom).data;
  return data ? badgesOf(data) : null;
}

export interface BadgeUpdatesOptions {
  /** Shows the 新咨询 toast (Taro.showToast by default). */
  notify?: (title: string) => void;
  /** Coalesces topics that change together (a reply bumps tickets and customers) into one refetch. */
  debounceMs?: number;
  now?: () => Date;
}

const showToast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 3000 }).catch(() => undefined);

/**
 * Keeps the overview (and so the badges) fresh: every topic change refetches it once. A change of chat also
 * looks at the newest conversation: when a customer wrote after the last one this client saw (or after the
 * app started), a toast names them, whatever page is open.
 */
export function startBadgeUpdates(store: Store, options: BadgeUpdatesOptions = {}): () => void {
  const notify = options.notify ?? showToast;
  const debounceMs = options.debounceMs ?? 150;
  let lastCustomerMessageAt = (options.now?.() ?? new Date()).toISOString();
  let seen = store.get(topicVersionsAtom);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chatChanged = false;

  const checkNewConsultation = async () => {
    const { conversations } = await listConversations(1, 1);
    const newest = conversations[0];
    if (!newest || newest.lastSenderType !== 'customer' || newest.lastMessageAt <= lastCustomerMessageAt) return;
    lastCustomerMessageAt = newest.lastMessageAt;
    notify(`新咨询：${newest.customerName}`);
  };

  const run = () => {
    timer = undefined;
    const chat = chatChanged;
    chatChanged = false;
    refreshOverview(store).catch(() => undefined);
    if (chat) checkNewConsultation().catch(() => undefined);
  };

  const unsubscribe = store.sub(topicVersionsAtom, () => {
    const next = store.get(topicVersionsAtom);
    if (next.chat !== seen.chat) chatChanged = true;
    seen = next;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
