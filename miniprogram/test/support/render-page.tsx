import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { setHistoryMode } from '@tarojs/router';
import { Current } from '@tarojs/runtime';
import { Provider, createStore } from 'jotai';

type Store = ReturnType<typeof createStore>;

/**
 * Renders a page as Taro's H5 router would host it: hash routing as the H5 build uses it (so navigation
 * APIs move window.location), a current page with that path (NutUI's selector queries look for it) and a
 * container whose id is the path, inside a jotai store the test can read (a fresh one unless given).
 */
export function renderPage(page: ReactElement, path: string, store: Store = createStore()) {
  setHistoryMode('hash');
  window.location.hash = `#${path}`;
  (Current as { page: unknown }).page = { path };
  const container = document.createElement('div');
  container.id = path;
  document.body.appendChild(container);
  const view = render(<Provider store={store}>{page}</Provider>, { container });
  return { ...view, store };
}
