import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { asClientError, type ClientError } from '../services/cloud';
import { useTopicChanges, type Topic } from './live';

/** One page of a list as the functions answer it (`{ <items>, total, page, pageSize }`, items renamed). */
export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface PagedListOptions<T> {
  load(page: number, pageSize: number): Promise<ListPage<T>>;
  /** Items are told apart by this (a newer item pushes older ones onto the next page: no item twice). */
  keyOf(item: T): string;
  /** Filters and the like: a change starts again from page 1. */
  deps?: readonly unknown[];
  pageSize?: number;
  /** Refetch the pages shown when these topics change (live updates). */
  topics?: readonly Topic[];
  /**
   * Pull-down refresh (the page config's enablePullDownRefresh) and load-more at the bottom (onReachBottom,
   * which Taro's H5 build fires from window scrolling too). On by default; off for a second list on a page.
   */
  bindPageEvents?: boolean;
}

export interface PagedList<T> {
  items: T[];
  total: number;
  /** Of the first page: loading (nothing shown yet), ready, error (nothing to show, 重试). */
  status: 'loading' | 'ready' | 'error';
  error: ClientError | null;
  /** The pages shown are being fetched again (pull-down, live update); they stay on screen meanwhile. */
  refreshing: boolean;
  /** The last refresh failed: the items shown are from before it. */
  refreshError: ClientError | null;
  loadingMore: boolean;
  loadMoreError: ClientError | null;
  hasMore: boolean;
  /** From page 1 again, the list emptied first (重试 after the first page failed). */
  reload(): Promise<void>;
  /** The pages shown, fetched again in one go, the items kept on screen meanwhile. */
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  /** Changes one item in place (after a write: read, status change). */
  updateItem(key: string, update: (item: T) => T): void;
}

interface ListState<T> {
  items: T[];
  total: number;
  pages: number;
  lastPageFull: boolean;
  status: 'loading' | 'ready' | 'error';
  error: ClientError | null;
  refreshing: boolean;
  refreshError: ClientError | null;
  loadingMore: boolean;
  loadMoreError: ClientError | null;
}

const initial = <T>(): ListState<T> => ({
  items: [],
  total: 0,
  pages: 0,
  lastPageFull: false,
  status: 'loading',
  error: null,
  refreshing: false,
  refreshError: null,
  loadingMore: false,
  loadMoreError: null,
});

function appendUnique<T>(items: T[], more: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set(items.map(keyOf));
  return [...items, ...more.filter((item) => !seen.has(keyOf(item)))];
}

/**
 * A list fetched page by page: the first page with a skeleton, more at the bottom, the pages shown fetched
 * again on pull-down and live updates. An answer from before a filter change (or a newer refresh) is dropped.
 */
export function usePagedList<T>(options: PagedListOptions<T>): PagedList<T> {
  const pageSize = options.pageSize ?? 20;
  const [state, setState] = useState<ListState<T>>(initial);
  const stateRef = useRef(state);
  stateRef.current = state;
  const opts = useRef(options);
  opts.current = options;
  // Bumped by every fetch that replaces the list; a load-more remembers the one it extends.
  const epoch = useRef(0);

  const fetchPages = useCallback(
    async (pages: number): Promise<{ items: T[]; total: number; lastPageFull: boolean }> => {
      const answers = await Promise.all(Array.from({ length: Math.max(pages, 1) }, (_, i) => opts.current.load(i + 1, pageSize)));
      let items: T[] = [];
      for (const answer of answers) items = appendUnique(items, answer.items, opts.current.keyOf);
      const last = answers[answers.length - 1];
      return { items, total: answers[0].total, lastPageFull: last.items.length >= pageSize };
    },
    [pageSize],
  );

  const reload = useCallback(async () => {
    const mine = ++epoch.current;
    setState(initial<T>());
    try {
      const first = await fetchPages(1);
      if (mine === epoch.current) setState({ ...initial<T>(), ...first, pages: 1, status: 'ready' });
    } catch (err) {
      if (mine === epoch.current) setState({ ...initial<T>(), status: 'error', error: asClientError(err) });
    }
  }, [fetchPages]);

  const refresh = useCallback(async () => {
    const current = stateRef.current;
    if (current.status !== 'ready') return reload();
    const mine = ++epoch.current;
    setState((s) => ({ ...s, refreshing: true, loadingMore: false }));
    try {
      const fresh = await fetchPages(current.pages);
      if (mine === epoch.current) setState((s) => ({ ...s, ...fresh, refreshing: false, refreshError: null, loadMoreError: null }));
    } catch (err) {
      if (mine === epoch.current) setState((s) => ({ ...s, refreshing: false, refreshError: asClientError(err) }));
    }
  }, [fetchPages, reload]);

  const loadMore = useCallback(async () => {
    const current = stateRef.current;
    const hasMore = current.status === 'ready' && current.lastPageFull && current.items.length < current.total;
    if (!hasMore || current.loadingMore || current.refreshing) return;
    const mine = epoch.current;
    const page = current.pages + 1;
    setState((s) => ({ ...s, loadingMore: true, loadMoreError: null }));
    try {
      const answer = await opts.current.load(page, pageSize);
      if (mine !== epoch.current) return;
      setState((s) => ({
        ...s,
        items: appendUnique(s.items, answer.items, opts.current.keyOf),
        total: answer.total,
        pages: page,
        lastPageFull: answer.items.length >= pageSize,
        loadingMore: false,
      }));
    } catch (err) {
      if (mine === epoch.current) setState((s) => ({ ...s, loadingMore: false, loadMoreError: asClientError(err) }));
    }
  }, [pageSize]);

  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, options.deps ?? []);

  useTopicChanges(options.topics ?? [], () => void refresh());

  const bind = options.bindPageEvents ?? true;
  usePullDownRefresh(() => {
    if (!bind) return;
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (bind) void loadMore();
  });

  const updateItem = useCallback((key: string, update: (item: T) => T) => {
    setState((s) => ({ ...s, items: s.items.map((item) => (opts.current.keyOf(item) === key ? update(item) : item)) }));
  }, []);

  return {
    items: state.items,
    total: state.total,
    status: state.status,
    error: state.error,
    refreshing: state.refreshing,
    refreshError: state.refreshError,
    loadingMore: state.loadingMore,
    loadMoreError: state.loadMoreError,
    hasMore: state.status === 'ready' && state.lastPageFull && state.items.length < state.total,
    reload,
    refresh,
    loadMore,
    updateItem,
  };
}
