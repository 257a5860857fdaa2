/**
 * Browser harness: drives the REAL @cloudbase/js-sdk (browser build) in headless Debian chromium against
 * the emulators. No SDK mocks: the page loads an esbuild bundle of node_modules/@cloudbase/js-sdk.
 *
 *   import { openBrowserPage, closeBrowser } from '../browser/harness';
 *
 *   afterAll(closeBrowser);                       // once per test file: closes chromium + the page server
 *
 *   const client = await openBrowserPage({ webHost: '127.0.0.1:4403', envId: 'demo-env' });
 *   // In the page: window.cloudbase (the SDK), window.app = cloudbase.init({ env }) already pointed at
 *   // webHost with app.registerHost(webHost, 'http'), and window.signInAnonymously() → the login state.
 *   const uid = await client.evaluate(async () => (await window.signInAnonymously()).user.uid);
 *   const res = await client.evaluate(async (name) => window.app.callFunction({ name, data: {} }), 'echo');
 *   client.logs                                   // page console lines and failed requests (for failures)
 *   await client.close();                         // closes this page's browser context
 *
 * Every openBrowserPage() gets its own browser context, so its own localStorage: two pages are two users.
 * The SDK bundle is built once per machine+SDK version (cached in the OS temp dir); chromium is launched once
 * per jest worker (test file) and the page is served from a small static server on a free port, so the page
 * origin differs from the emulator's and CORS is exercised as in production.
 * `evaluate(fn, arg)` runs `fn` in the page (it must be self-contained: no closures over test variables).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../helpers/project-root';
import { launchChromium } from './chromium';

export interface OpenBrowserPageOptions {
  /** host:port of the web emulator, as given to app.registerHost. */
  webHost: string;
  envId: string;
  /** Extra cloudbase.init() options (e.g. { timeout: 5000 }). */
  initOptions?: Record<string, unknown>;
}

export interface BrowserClient {
  page: Page;
  context: BrowserContext;
  /** Runs fn(arg) in the page and returns its (awaited, serialisable) result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Console messages and failed requests seen by the page, newest last. */
  logs: string[];
  close(): Promise<void>;
}

/** What the page exposes; declare it in tests with `declare const window: HarnessWindow` if wanted. */
export interface HarnessWindow {
  cloudbase: any;
  app: any;
  signInAnonymously(): Promise<any>;
}

// ---------------------------------------------------------------- the SDK bundle (once per machine + version)

function sdkVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules/@cloudbase/js-sdk/package.json'), 'utf8'));
  return pkg.version as string;
}

const ENTRY_SOURCE = "import cloudbase from '@cloudbase/js-sdk';\n(window as any).cloudbase = cloudbase;\n";

let bundlePath: Promise<string> | undefined;

/** Builds (or reuses) the browser bundle of @cloudbase/js-sdk; returns its file path. */
export function jsSdkBundle(): Promise<string> {
  bundlePath ??= (async () => {
    const key = crypto.createHash('sha256').update(sdkVersion() + ENTRY_SOURCE + PROJECT_ROOT).digest('hex').slice(0, 16);
    const dir = path.join(os.tmpdir(), `cloudbase-js-sdk-bundle-${key}`);
    const out = path.join(dir, 'cloudbase.js');
    if (fs.existsSync(out)) return out;
    fs.mkdirSync(dir, { recursive: true });
    const entry = path.join(dir, `entry-${process.pid}.ts`);
    fs.writeFileSync(entry, ENTRY_SOURCE);
    const tmpOut = path.join(dir, `cloudbase-${process.pid}.js`);
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      outfile: tmpOut,
      absWorkingDir: PROJECT_ROOT,
      nodePaths: [path.join(PROJECT_ROOT, 'node_modules')],
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    // Parallel jest workers may build at the same time: rename is atomic, the last one wins harmlessly.
    fs.renameSync(tmpOut, out);
    fs.rmSync(entry, { force: true });
    return out;
  })();
  return bundlePath;
}

// ---------------------------------------------------------------- the page server and chromium (once per worker)

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>js-sdk harness</title>
<script src="/cloudbase.js"></script></head><body>js-sdk harness</body></html>`;

interface Shared {
  browser: Browser;
  server: http.Server;
  pageUrl: string;
}

let shared: Promise<Shared> | undefined;

async function startShared(): Promise<Shared> {
  // Chromium first: on a machine without it nothing else is started that would have to be stopped.
  const browser = await launchChromium();
  let bundle: Buffer;
  try {
    bundle = fs.readFileSync(await jsSdkBundle());
  } catch (err) {
    await browser.close();
    throw err;
  }
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    if (p === '/cloudbase.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return res.end(bundle);
    }
    if (p === '/' || p === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(PAGE_HTML);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { browser, server, pageUrl };
}

/** Opens a fresh browser context + page with window.app initialised against the web emulator. */
export async function openBrowserPage(options: OpenBrowserPageOptions): Promise<BrowserClient> {
  shared ??= startShared();
  const { browser, pageUrl } = await shared;
  const context = await browser.newContext();
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  page.on('requestfailed', (r) => logs.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.goto(pageUrl);
  await page.evaluate(
    ({ webHost, envId, initOptions }) => {
      const w = globalThis as unknown as HarnessWindow;
      const app = w.cloudbase.init({ env: envId, ...initOptions });
      app.registerHost(webHost, 'http');
      w.app = app;
      w.signInAnonymously = () => app.auth().signInAnonymously();
    },
    { webHost: options.webHost, envId: options.envId, initOptions: options.initOptions ?? {} },
  );
  return {
    page,
    context,
    logs,
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => page.evaluate(fn as any, arg) as Promise<R>,
    close: () => context.close(),
  };
}

/** Loads `src` in an <img> on the page: its natural width once decoded, -1 when it fails to load. */
export function loadedImageWidth(client: BrowserClient, src: string): Promise<number> {
  return client.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const img = new (globalThis as any).Image();
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => resolve(-1);
        img.src = url;
      }),
    src,
  );
}

/**
 * Closes chromium and the page server of this worker (call from afterAll). Never throws: when the launch
 * failed there is nothing to close, and the cleanup after it in afterAll (stopping emulators) must still run.
 */
export async function closeBrowser(): Promise<void> {
  if (!shared) return;
  const current = shared;
  shared = undefined;
  const started = await current.catch(() => undefined);
  if (!started) return;
  const { browser, server } = started;
  await browser.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
