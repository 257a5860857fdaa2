import { createStore } from 'jotai';

/**
 * The app's one jotai store: app.tsx provides it to every page, and what runs outside React (the session
 * guard, live updates, badges) reads and writes the same one. Tests make their own with createStore().
 */
export const appStore = createStore();

export type Store = ReturnType<typeof createStore>;
