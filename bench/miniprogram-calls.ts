/**
 * callFunction invocations per page of the mini-program: how many calls each page's first meaningful render
 * needs. Goal: at most 1 per page (pages are shaped so: one action answers what a page first shows).
 *
 * The H5 build in headless chromium at phone size over the demo data (the emulators with this project's
 * functions); every page path is read from miniprogram/src/app.config.ts, so new pages are measured as they
 * land. The figure is read from the emulator's invocation log (hub `GET /functions/invocations`: every
 * invocation with its function, source `web` and the caller's CloudBase uid), counting what the browser
 * caused between opening a page and the page having settled (no skeleton on screen, no function request
 * in flight for 0.8 s). Two ways to open a page, both printed:
 *
 *  - in the app: signed in, the app running, the page opened by its hash route (Taro's H5 router opens it
 *    as navigateTo / switchTab would). This is the figure the goal is about. 工作台 shows 0 there: its one
 *    dashboard.overview is already loaded by the app (the same call feeds the tab badges), so it is measured
 *    first, on the way in from 登录 (the sign-in's auth.login then counted apart).
 *  - cold: the page's URL loaded afresh while signed in (a reload): adds the app's launch check
 *    (auth.wxLogin) and the tab badges' dashboard.overview, which any first page pays once.
 *
 * 登录 is measured signed out (its one call is the launch check asking whether this browser is bound).
 * Pages that take parameters get the first demo record's: customer/ticket detail an `id`, a chat the
 * customer's id and name.
 *
 *   npx tsx bench/miniprogram-calls.ts        # needs `npm run build` (functions) first; builds H5 if stale
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../emulator/test/browser/chromium';
import { callAs } from '../test-support/product-emulators';
import { appPages, invocationLog, PHONE, settled, signIn, startDemoSite, trackFunctionRequests, type DemoSite, type LoggedInvocation } from './support/h5-app';

const GOAL = 1;
const LOGIN = 'pages/login/index';
const WORKBENCH = 'pages/index/index';
/** Who looks up the parameters (a colleague of the signed-in admin, so the browser's figures stay its own). */
const LOOKUP_OPENID = 'o-bench-lookup';

interface Measured {
  page: string;
  calls: LoggedInvocation[];
  settled: boolean;
}

/** The query string each page that takes parameters is opened with (the first record of the demo data). */
async function pageQueries(demo: DemoSite): Promise<Record<string, string>> {
  const login = await callAs(demo.emu, LOOKUP_OPENID, 'auth', 'login', { username: demo.agent.username, password: demo.agent.password });
  if (!login.ok) throw new Error(`auth.login: ${login.error.message}`);
  const first = async (fn: string, action: string, pick: (data: any) => unknown) => {
    const answer = await callAs(demo.emu, LOOKUP_OPENID, fn, action, { pageSize: 1 });
    if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.message}`);
    return pick(answer.data) as any;
  };
  const customer = await first('customers', 'list', (d) => d.customers[0]);
  const ticket = await first('tickets', 'list', (d) => d.tickets[0]);
  const conversation = await first('chat', 'conversations', (d) => d.conversations[0]);
  const queries: Record<string, string> = {};
  if (customer) queries['pages/customer/detail'] = `id=${encodeURIComponent(customer.id)}`;
  if (ticket) queries['pages/ticket/detail'] = `id=${encodeURIComponent(ticket.id)}`;
  if (conversation) queries['pages/chat/detail'] = `customerId=${encodeURIComponent(conversation.customerId)}&name=${encodeURIComponent(conversation.customerName ?? '')}`;
  return queries;
}

/** Runs `open`, waits for the page to settle, answers the browser's invocations (source web) since. */
async function measure(demo: DemoSite, page: Page, requests: ReturnType<typeof trackFunctionRequests>, name: string, open: () => Promise<unknown>): Promise<Measured> {
  const since = Date.now();
  const before = new Set((await invocationLog(demo.emu)).map((i) => i.id));
  await open();
  const done = await settled(page, requests);
  const calls = (await invocationLog(demo.emu)).filter((i) => i.source === 'web' && !before.has(i.id) && i.startedAt >= since - 5);
  return { page: name, calls, settled: done };
}

const names = (calls: LoggedInvocation[]) => (calls.length ? calls.map((c) => c.functionName).join(', ') : '—');

async function main(): Promise<void> {
  const pages = appPages();
  console.log(`pages from app.config.ts: ${pages.length}`);
  const browser = await launchChromium();
  const demo = await startDemoSite();
  try {
    const queries = await pageQueries(demo);
    const url = (path: string) => `${demo.site.url}/#/${path}${queries[path] ? `?${queries[path]}` : ''}`;
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const requests = trackFunctionRequests(page);

    // 登录, signed out: the launch check.
    const login = await measure(demo, page, requests, LOGIN, () => page.goto(url(LOGIN)));
    // 工作台 on the way in: the sign-in (auth.login) and what the page needs after it.
    const since = Date.now();
    const before = new Set((await invocationLog(demo.emu)).map((i) => i.id));
    await page.locator('input[name="username"]').fill(demo.admin.username);
    await page.locator('input[name="password"]').fill(demo.admin.password);
    await page.locator('.login__submit').click();
    await page.getByText('数据概览').waitFor({ timeout: 60_000 });
    const workbenchSettled = await settled(page, requests);
    const signInCalls = (await invocationLog(demo.emu)).filter((i) => i.source === 'web' && !before.has(i.id) && i.startedAt >= since - 5);
    const workbench: Measured = { page: WORKBENCH, calls: signInCalls.filter((c) => c.functionName !== 'auth'), settled: workbenchSettled };

    const inApp = new Map<string, Measured>([[LOGIN, login], [WORKBENCH, workbench]]);
    for (const path of pages) {
      if (inApp.has(path)) continue;
      inApp.set(path, await measure(demo, page, requests, path, () => page.evaluate(`void (location.hash = ${JSON.stringify(`#/${path}${queries[path] ? `?${queries[path]}` : ''}`)})`)));
    }
    const cold = new Map<string, Measured>();
    for (const path of pages) {
      if (path === LOGIN) continue;
      // A new document each time (a hash change alone would stay in the running app).
      cold.set(path, await measure(demo, page, requests, path, async () => {
        await page.goto('about:blank');
        await page.goto(url(path));
      }));
    }

    console.log(`signed in as ${demo.admin.username} (admin); sign-in itself: ${names(signInCalls.filter((c) => c.functionName === 'auth'))}`);
    console.log(`callFunction invocations per page (emulator invocation log), goal ≤ ${GOAL} in the app:`);
    console.log(`  ${'page'.padEnd(28)} ${'in app'.padStart(6)}  ${'functions'.padEnd(22)} ${'cold'.padStart(4)}  functions (cold: + launch check and tab badges)`);
    let over = 0;
    for (const path of pages) {
      const a = inApp.get(path)!;
      const c = cold.get(path);
      const flag = a.calls.length > GOAL ? '  OVER GOAL' : '';
      if (flag) over++;
      const unsettled = !a.settled || (c && !c.settled) ? '  (did not settle in 20 s)' : '';
      console.log(`  ${path.padEnd(28)} ${String(a.calls.length).padStart(6)}  ${names(a.calls).padEnd(22)} ${(c ? String(c.calls.length) : '—').padStart(4)}  ${c ? names(c.calls) : '(signed out: the launch check)'}${flag}${unsettled}`);
    }
    console.log(`  pages over the goal in the app: ${over} of ${pages.length}`);
    await context.close();
  } finally {
    await browser.close();
    await demo.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
