import { useCallback, useEffect, useRef, useState } from 'react';
import { asClientError, type ClientError } from '../services/cloud';
import { useTopicChanges, type Topic } from './live';
import type { ResourceState } from './resource';

export interface RemoteData<T> extends ResourceState<T> {
  /** Fetches again; with data on screen it stays while the fetch runs (pull-down, 重试 after a failed refresh). */
  reload(): Promise<void>;
  /** Replaces the data locally (after a write whose answer carries it). */
  setData(update: (current: T | null) => T | null): void;
}

export interface RemoteDataOptions {
  /** Refetch when these topics change (live updates) while the page is shown. */
  topics?: readonly Topic[];
  /** Skip fetching while false (e.g. no id yet). */
  enabled?: boolean;
}

/**
 * One page's data from one fetch (a detail page): loading on first fetch, error with what the cloud said,
 * refetch on `deps` change, on reload() and on live updates of its topics. Answers from an older fetch
 * (the id changed meanwhile) are dropped.
 */
export function useRemoteData<T>(load: () => Promise<T>, deps: readonly unknown[], options: RemoteDataOptions = {}): RemoteData<T> {
  const enabled = options.enabled ?? true;
  const [state, setState] = useState<ResourceState<T>>({ data: null, status: enabled ? 'loading' : 'idle', error: null, refreshing: false });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchNow = useCallback(async (keepData: boolean) => {
    const mine = ++latest.current;
    setState((s) => (keepData && s.data !== null ? { ...s, refreshing: true } : { data: null, status: 'loading', error: null, refreshing: false }));
    try {
      const data = await loadRef.current();
      if (mine === latest.current) setState({ data, status: 'ready', error: null, refreshing: false });
    } catch (err) {
      const error: ClientError = asClientError(err);
      if (mine === latest.current) setState((s) => ({ data: s.data, status: s.data === null ? 'error' : 'ready', error, refreshing: false }));
    }
  }, []);

  useEffect(() => {
    if (enabled) void fetchNow(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);

  useTopicChanges(options.topics ?? [], () => {
    if (enabled) void fetchNow(true);
  });

  const reload = useCallback(() => fetchNow(true), [fetchNow]);
  const setData = useCallback((update: (current: T | null) => T | null) => setState((s) => ({ ...s, data: update(s.data) })), []);
  return { ...state, reload, setData };
}
