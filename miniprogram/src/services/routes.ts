import Taro from '@tarojs/taro';

/**
 * Every page's path, and the one way to open each with its parameters. Detail pages read their parameters
 * with useRouter(): ticket and customer detail take `id`, a chat takes `customerId` (and `name`, shown in the
 * title before the history loads). Tab pages are reached with switchTab (they take no parameters).
 */
export const ROUTES = {
  login: '/pages/login/index',
  workbench: '/pages/index/index',
  customerList: '/pages/customer/list',
  customerDetail: '/pages/customer/detail',
  ticketList: '/pages/ticket/list',
  ticketDetail: '/pages/ticket/detail',
  messages: '/pages/message/index',
  profile: '/pages/profile/index',
  chatList: '/pages/chat/list',
  chatDetail: '/pages/chat/detail',
  passwordResets: '/pages/admin/password-resets',
  invites: '/pages/admin/invites',
} as const;

export type TabRoute = typeof ROUTES.workbench | typeof ROUTES.customerList | typeof ROUTES.ticketList | typeof ROUTES.messages | typeof ROUTES.profile;

/** The tab bar's order (app.config.ts), for badges. */
export const TAB_ROUTES: readonly TabRoute[] = [ROUTES.workbench, ROUTES.customerList, ROUTES.ticketList, ROUTES.messages, ROUTES.profile];

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
  return pairs.length ? `${path}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : path;
}

export const switchTab = (route: TabRoute) => Taro.switchTab({ url: route });
/** Back to 登录 with nothing to go back to (sign-out, an expired session). */
export const relaunchToLogin = () => Taro.reLaunch({ url: ROUTES.login });
export const openTicket = (id: string) => Taro.navigateTo({ url: withQuery(ROUTES.ticketDetail, { id }) });
export const openCustomer = (id: string) => Taro.navigateTo({ url: withQuery(ROUTES.customerDetail, { id }) });
export const openChat = (customerId: string, name?: string) => Taro.navigateTo({ url: withQuery(ROUTES.chatDetail, { customerId, name }) });
export const openChatList = () => Taro.navigateTo({ url: ROUTES.chatList });
/** The provider admin's pages (我的 - 管理). */
export const openPasswordResets = () => Taro.navigateTo({ url: ROUTES.passwordResets });
export const openInvites = () => Taro.navigateTo({ url: ROUTES.invites });

/** The path of the page on top, without its query ('/' before the first page is up). */
export function currentRoute(): string {
  let pages: { route?: string; path?: string }[] = [];
  try {
    pages = Taro.getCurrentPages() as typeof pages;
  } catch {
    // Taro's H5 router throws before it has its app config (a page rendered on its own).
  }
  const top = pages[pages.length - 1];
  const path = top?.route ?? top?.path ?? Taro.getCurrentInstance().router?.path ?? '';
  return `/${path.replace(/^\//, '').split('?')[0]}`;
}
