/**
 * miniprogram-simulate (WeChat's own tool for unit-testing native custom components: j-component renders a
 * component's wxml with its data, runs its lifetimes and events, and it installs a global `wx` of API stubs)
 * needs a DOM. The tests that use it also run the emulators in the same process, which jest's jsdom
 * environment cannot host (it drops node's fetch, timers and export conditions), so they stay in the node
 * environment and get a DOM here: the jsdom that jest's jsdom environment itself uses, its window's classes
 * made global the way j-component reads them. Call before the first require of miniprogram-simulate.
 */
import path from 'node:path';

const WINDOW_GLOBALS = ['document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Event', 'DocumentFragment', 'Text', 'Comment', 'MutationObserver', 'getComputedStyle', 'requestAnimationFrame'];
/**
 * The event classes j-component creates and dispatches on jsdom's elements (`tap` is a CustomEvent): Node 20
 * has a CustomEvent of its own, which jsdom's dispatchEvent refuses, so these are jsdom's even where node
 * has one. (Event stays node's: node's own EventTarget users, fetch's AbortSignal among them, need it.)
 */
const EVENT_GLOBALS = ['CustomEvent', 'TouchEvent', 'Touch'];

export function installMiniProgramDom(): void {
  const scope = globalThis as Record<string, unknown>;
  if (scope.window) return;
  // Typed locally: jsdom's types bring the DOM library into the repo's node type-check.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { JSDOM } = require(require.resolve('jsdom', { paths: [path.dirname(require.resolve('jest-environment-jsdom/package.json'))] })) as {
    JSDOM: new (html: string, options: { url: string; pretendToBeVisual: boolean }) => { window: unknown };
  };
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'https://servicewechat.com/', pretendToBeVisual: true });
  scope.window = dom.window;
  const window = dom.window as unknown as Record<string, unknown>;
  for (const key of WINDOW_GLOBALS) if (scope[key] === undefined) scope[key] = window[key];
  for (const key of EVENT_GLOBALS) scope[key] = window[key];
}
