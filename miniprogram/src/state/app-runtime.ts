import Taro from '@tarojs/taro';
import { currentRoute, relaunchToLogin, ROUTES } from '../services/routes';
import { startLiveUpdates, type LiveUpdates, type LiveUpdatesOptions } from './live';
import { applyTabBadges, overview, refreshOverview, startBadgeUpdates, type BadgeUpdatesOptions } from './overview';
import { authStatusAtom, installSessionGuard, onSignedOut, onSigningOut, resumeSession } from './session';
import type { Store } from './store';

export interface AppRuntimeOptions {
  live?: LiveUpdatesOptions;
  badges?: BadgeUpdatesOptions;
  /** Where an expired session goes (relaunch 登录 with a toast by default). */
  goToLogin?: () => void;
}

export interface AppRuntime {
  stop(): Promise<void>;
}

const expiredToLogin = () => {
  void Taro.showToast({ title: '登录已失效，请重新登录', icon: 'none', duration: 2000 }).catch(() => undefined);
  void relaunchToLogin();
};

/**
 * What runs for the app's whole life, outside any page: the launch check (auth.wxLogin), the sign-in guard,
 * and while signed in the live updates of the user's signal document and the tab badges. Started once by
 * app.tsx with the app's store.
 */
export function startAppRuntime(store: Store, options: AppRuntimeOptions = {}): AppRuntime {
  let live: LiveUpdates | undefined;
  let stopBadges: (() => void) | undefined;

  const startSignedIn = () => {
    if (live) return;
    live = startLiveUpdates(store, options.live);
    stopBadges = startBadgeUpdates(store, options.badges);
    refreshOverview(store).catch(() => undefined);
  };
  const stopSignedIn = async () => {
    stopBadges?.();
    stopBadges = undefined;
    const stopping = live;
    live = undefined;
    await stopping?.stop();
  };

  const removeGuard = installSessionGuard(store, options.goToLogin ?? expiredToLogin);
  const removeSigningOut = onSigningOut(async (signingOutStore) => {
    if (signingOutStore !== store) return;
    await stopSignedIn();
    return startSignedIn;
  });
  const removeSignOut = onSignedOut((signedOutStore) => {
    if (signedOutStore !== store) return;
    overview.reset(store);
    applyTabBadges(null);
  });
  const unsubscribe = store.sub(authStatusAtom, () => {
    const status = store.get(authStatusAtom);
    if (status === 'signed-in') startSignedIn();
    else if (status === 'signed-out') void stopSignedIn();
  });
  if (store.get(authStatusAtom) === 'signed-in') startSignedIn();

  // Signed in: 登录 (the first page) moves on to 工作台 by itself. Signed out on another page (a link
  // opened in H5): go to 登录.
  void resumeSession(store).then((status) => {
    const here = currentRoute();
    if (status === 'signed-out' && here !== ROUTES.login && here !== '/') void relaunchToLogin();
  });

  return {
    async stop() {
      unsubscribe();
      removeGuard();
      removeSigningOut();
      removeSignOut();
      await stopSignedIn();
    },
  };
}
