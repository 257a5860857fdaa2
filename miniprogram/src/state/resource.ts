import { atom, type PrimitiveAtom } from 'jotai';
import { asClientError, type ClientError } from '../services/cloud';
import type { Store } from './store';

/** A value fetched from the cloud, with where its fetch stands. */
export interface ResourceState<T> {
  data: T | null;
  /** idle: never asked; loading: the first fetch (nothing to show yet); ready; error: the last fetch failed. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last failure; stays set while the data from an earlier success is still shown. */
  error: ClientError | null;
  /** A refetch with data already shown (pull-down, live update). */
  refreshing: boolean;
}

export const idleResource = <T>(): ResourceState<T> => ({ data: null, status: 'idle', error: null, refreshing: false });

export interface Resource<T> {
  atom: PrimitiveAtom<ResourceState<T>>;
  /** Fetches (joining a fetch already under way in this store); resolves with the data, or rejects with a ClientError. */
  load(store: Store): Promise<T>;
  /** Replaces the data (after a write whose answer carries it), without a fetch. */
  set(store: Store, data: T): void;
  /** Forgets everything (sign-out). */
  reset(store: Store): void;
}

/**
 * App-wide data that several places show (the overview behind 工作台 and the tab badges, the profile):
 * one atom, one fetch at a time per store, and the previous data kept on screen while a refetch runs or
 * after it fails.
 */
export function createResource<T>(fetch: () => Promise<T>): Resource<T> {
  const state = atom<ResourceState<T>>(idleResource<T>());
  const inFlight = new WeakMap<Store, Promise<T>>();
  // A reset (sign-out) during a fetch must not let the late answer bring the old data back.
  const generations = new WeakMap<Store, number>();
  const generationOf = (store: Store) => generations.get(store) ?? 0;
  return {
    atom: state,
    load(store) {
      const running = inFlight.get(store);
      if (running) return running;
      const generation = generationOf(store);
      const before = store.get(state);
      store.set(state, before.data === null ? { ...before, status: 'loading' } : { ...before, refreshing: true });
      const fetching = fetch().then(
        (data) => {
          if (generationOf(store) === generation) store.set(state, { data, status: 'ready', error: null, refreshing: false });
          return data;
        },
        (err: unknown) => {
          const error = asClientError(err);
          if (generationOf(store) !== generation) throw error;
          const current = store.get(state);
          store.set(state, { data: current.data, status: current.data === null ? 'error' : 'ready', error, refreshing: false });
          throw error;
        },
      );
      const settled = fetching.finally(() => inFlight.delete(store));
      // The caller may not wait; the rejection is theirs to handle when they do.
      settled.catch(() => undefined);
      inFlight.set(store, settled);
      return settled;
    },
    set(store, data) {
      store.set(state, { data, status: 'ready', error: null, refreshing: false });
    },
    reset(store) {
      generations.set(store, generationOf(store) + 1);
      inFlight.delete(store);
      store.set(state, idleResource<T>());
    },
  };
}
