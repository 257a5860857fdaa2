import { act } from '@testing-library/react';
import { getPageInstance } from '@tarojs/runtime';

/**
 * Fires a page lifecycle the way Taro's H5 runtime does (pull-down, reach-bottom, show, hide). Pages rendered
 * by renderPage have no page of their own, so their hooks gather on the runtime's app instance (see
 * taro-h5.ts); this calls every callback registered for `lifecycle` there.
 */
export type PageLifecycle = 'onPullDownRefresh' | 'onReachBottom' | 'componentDidShow' | 'componentDidHide';

export async function firePageEvent(lifecycle: PageLifecycle): Promise<number> {
  const instance = getPageInstance('taro-app') as Record<string, unknown> | undefined;
  const registered = instance?.[lifecycle];
  const callbacks = (Array.isArray(registered) ? registered : registered ? [registered] : []) as (() => unknown)[];
  await act(async () => {
    for (const callback of callbacks) await callback();
  });
  return callbacks.length;
}
