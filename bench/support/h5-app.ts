/**
 * What the mini-program benchmarks share: the H5 app over the demo data (miniprogram/scripts/demo-site.ts:
 * the emulators with this project's functions on free ports, the demo seed, the production H5 build served
 * against them), the page list as app.config.ts declares it, signing in through 登录 as a provider would,
 * waiting until a page has settled, and the emulator's invocation log as the hub serves it.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningEmulators } from '../../emulator/src/suite';

export { startDemoSite, type DemoSite } from '../../miniprogram/scripts/demo-site';
export { PHONE } from '../../miniprogram/scripts/phone';

const APP_CONFIG = path.resolve(__dirname, '../../miniprogram/src/app.config.ts');

interface AppConfig {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
  tabBar?: { list: { pagePath: string; text: string }[] };
}

/**
 * Every page path of the app, main package first and then each subpackage's, read from app.config.ts itself
 * (Taro's `defineAppConfig` is a compile-time global: here it answers its argument), so a page added there
 * is measured without touching the benchmarks.
 */
export function appPages(): string[] {
  const scope = globalThis as { defineAppConfig?: (config: AppConfig) => AppConfig };
  scope.defineAppConfig ??= (config) => config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = (require(APP_CONFIG) as { default: AppConfig }).default;
  const subpackages = config.subPackages ?? config.subpackages ?? [];
  return [...config.pages, ...subpackages.flatMap((sub) => sub.pages.map((page) => `${sub.root.replace(/\/$/, '')}/${page}`))];
}

/** 登录 with a demo login; resolves once 工作台 shows its figures. */
export async function signIn(page: Page, baseUrl: string, login: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/login/index`);
  await page.locator('input[name="username"]').fill(login.username);
  await page.locator('input[name="password"]').fill(login.password);
  await page.locator('.login__submit').click();
  await page.getByText('数据概览').waitFor({ timeout: 60_000 });
}

/** Counts the page's cloud function requests (`/v1/functions/`) in flight, and when one last started or ended. */
export function trackFunctionRequests(page: Page): { inFlight(): number; lastActivity(): number } {
  let inFlight = 0;
  let lastActivity = Date.now();
  const isFunctionCall = (url: string) => url.includes('/v1/functions/');
  page.on('request', (r) => {
    if (!isFunctionCall(r.url())) return;
    inFlight++;
    lastActivity = Date.now();
  });
  const done = (r: { url(): string }) => {
    if (!isFunctionCall(r.url())) return;
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return { inFlight: () => inFlight, lastActivity: () => lastActivity };
}

/**
 * Resolves when the page has settled: no skeleton (`aria-busy`) on screen and no cloud function request
 * (`/v1/functions/`) in flight for `quietMs`. Gives up after `timeoutMs` and says so (false).
 */
export async function settled(page: Page, requests: ReturnType<typeof trackFunctionRequests>, { quietMs = 800, timeoutMs = 20_000 } = {}): Promise<boolean> {
  const started = Date.now();
  // Let the page start what it starts (its effects run after the first paint).
  await page.waitForTimeout(300);
  while (Date.now() - started < timeoutMs) {
    // A skeleton of the page on top (pages below it are hidden: no offsetParent).
    const busy = await page.evaluate<boolean>(`Array.from(document.querySelectorAll('[aria-busy="true"]')).some((el) => el.offsetParent !== null)`);
    if (!busy && requests.inFlight() === 0 && Date.now() - requests.lastActivity() >= quietMs) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

export interface LoggedInvocation {
  id: string;
  functionName: string;
  source: string;
  webUid?: string;
  startedAt: number;
  status: string;
}

/** The emulator's invocation log (hub `GET /functions/invocations`), oldest first. */
export async function invocationLog(emu: RunningEmulators, limit = 1000): Promise<LoggedInvocation[]> {
  const res = await fetch(`${emu.hubUrl}/functions/invocations?limit=${limit}`);
  if (!res.ok) throw new Error(`GET /functions/invocations answered ${res.status}`);
  return ((await res.json()) as { invocations: LoggedInvocation[] }).invocations;
}
