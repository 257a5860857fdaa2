/**
 * The H5 app as a provider meets it: `taro build --type h5` (production), served against the emulators
 * running this project's functions with the demo data set, opened in headless Debian chromium at a phone's
 * size (390×844). A demo admin signs in; 工作台's figures are dashboard.overview's; a message is read and a
 * category read all; a notification switch is saved; messages raised by function calls arrive on the open
 * page without a reload, also after the realtime connection was cut and after the realtime service was
 * stopped and started again; a customer's new consultation shows a toast and a badge; signing out unbinds
 * the browser. Throughout: no console error, no failed request, no English or placeholder text on screen.
 */
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { NETWORK_ERROR_MESSAGE } from '@partner-desk/cloud-client';
import { receiveCustomerMessage } from '@partner-desk/shared/chat';
import { launchChromium } from '../../../emulator/test/browser/chromium';
import { callAs, callAsWebUser } from '../../../test-support/product-emulators';
import { rawDocs } from '../../../test-support/raw';
import { startDemoSite, type DemoSite } from '../../scripts/demo-site';
import { PHONE } from '../../scripts/screenshots';
import { JS_SDK_MARKER, scriptsContaining } from '../support/build-output';
import { eventually } from '../support/eventually';
import { outputDir } from '../support/taro-build';
import { watchForProblems } from '../support/page-problems';

jest.setTimeout(300_000);

let demo: DemoSite;
let browser: Browser;
let page: Page;
/** The browser's CloudBase uid (its identity), once signed in. */
let uid: string;
const AGENT_OPENID = 'o-browser-test-agent';
const problems: string[] = [];
/** Messages chromium itself logs while the realtime service is deliberately down. */
let toleratedWhileRealtimeDown: RegExp | null = null;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Fonts chromium really used for the text inside `selector` (DevTools protocol, CSS.getPlatformFontsForNode). */
async function platformFonts(target: Page, selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await target.context().newCDPSession(target);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

/** What is on screen reads in Chinese: no English UI word and nothing a bug would print. */
async function expectChineseOnly(): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text.match(/undefined|NaN|\[object Object\]|\bnull\b|Invalid Date/g)).toBeNull();
  expect(text.match(/\b(Loading|Error|Retry|Cancel|Confirm|Submit|Network|Failed|Success|Login|Logout|Settings|Messages?)\b/gi)).toBeNull();
}

async function tabBadges(): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('.weui-tabbar__item')).map((item) => {
        const label = item.querySelector('.weui-tabbar__label')?.textContent ?? '';
        const badge = item.querySelector('.weui-badge') as HTMLElement | null;
        return [label, badge && badge.style.display !== 'none' ? (badge.textContent ?? '') : ''];
      }),
    ),
  );
}

const texts = (selector: string) => page.locator(selector).allTextContents();
/** NutUI's button takes the tap on itself, not on its label. */
const tapButton = (label: string) => page.locator('taro-button-core', { hasText: new RegExp(`^${label}$`) }).first().click();
/** A cell of 我的 by its title (the same words may be a message's title on the hidden 消息 tab). */
const tapCell = (title: string) => page.locator('.profile .nut-cell').filter({ has: page.getByText(title, { exact: true }) }).click();
const openTab = (label: string) => page.locator('.weui-tabbar__item', { hasText: label }).click();

async function asBrowser<T = any>(fn: string, action: string, payload?: unknown): Promise<T> {
  const answer = await callAsWebUser(demo.emu, uid, fn, action, payload);
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.message}`);
  return answer.data as T;
}

/** Another user of the same provider creates a ticket: the functions raise a 工单更新 message and bump everyone's signals. */
async function ticketCreatedElsewhere(title: string): Promise<void> {
  const customers = await callAs(demo.emu, AGENT_OPENID, 'customers', 'list', { pageSize: 1 });
  if (!customers.ok) throw new Error(customers.error.message);
  const created = await callAs(demo.emu, AGENT_OPENID, 'tickets', 'create', { customerId: customers.data.customers[0].id, title, content: '客户反馈：打印模板无法保存', type: 'system_issue' });
  if (!created.ok) throw new Error(created.error.message);
}

beforeAll(async () => {
  // Chromium first: on a machine without it nothing is built or started in vain.
  browser = await launchChromium();
  demo = await startDemoSite({ realtimePort: await freePort() });
  // receiveCustomerMessage (the PC system's inbound consultation) runs here, pointed at these emulators.
  Object.assign(process.env, demo.emu.env);
  const agent = await callAs(demo.emu, AGENT_OPENID, 'auth', 'login', { username: demo.agent.username, password: demo.agent.password });
  if (!agent.ok) throw new Error(agent.error.message);
  page = await browser.newPage(PHONE);
  watchForProblems(page, problems, { tolerateConsoleError: (text) => Boolean(toleratedWhileRealtimeDown?.test(text)) });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

afterEach(() => {
  // Reported once, by the test during which they happened.
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

test('When the app opens on a phone-sized screen, then 登录 draws its Chinese with a CJK font and a wrong password reads 账号或密码错误', async () => {
  await page.goto(`${demo.site.url}/#/pages/login/index`);
  await page.getByText('邀请码注册', { exact: true }).waitFor();
  expect(await page.title()).toBe('登录');
  const fonts = await platformFonts(page, '.login__title');
  // Six characters, every one drawn by a font that has Chinese glyphs (no fallback boxes).
  expect(fonts.reduce((n, f) => n + f.glyphCount, 0)).toBe(6);
  for (const font of fonts) expect(font.familyName).toMatch(/CJK|Hei|Song|Kai|Ming|WenQuanYi|Fallback|PingFang|YaHei|SC|TC/i);

  await page.locator('input[name="username"]').fill(demo.admin.username);
  await page.locator('input[name="password"]').fill('not-the-password-1');
  await page.locator('.login__submit').click();
  await page.getByText('账号或密码错误').waitFor();
  await expectChineseOnly();
});

test('When 忘记密码 is filed for the demo agent, then the page says who completes it and the request waits for the admin', async () => {
  await page.getByText('忘记密码', { exact: true }).click();
  await page.locator('input[name="reset-username"]').fill(demo.agent.username);
  await tapButton('提交申请');
  await page.getByText('申请已提交').waitFor();
  await expectChineseOnly();
  const agent = (await rawDocs(demo.emu, 'users')).find((u) => u.username === demo.agent.username);
  const pending = (await rawDocs(demo.emu, 'password_resets')).filter((r) => r.userId === agent._id && r.status === 'pending');
  expect(pending).toHaveLength(1);
  await tapButton('返回登录');
  await page.getByText('邀请码注册', { exact: true }).waitFor();
});

test('When the demo admin signs in, then 工作台 shows exactly what dashboard.overview counts, and the tab bar its badges', async () => {
  await page.locator('input[name="username"]').fill(demo.admin.username);
  await page.locator('input[name="password"]').fill(demo.admin.password);
  await page.locator('.login__submit').click();
  await page.getByText('数据概览').waitFor();
  expect(await page.title()).toBe('工作台');

  const signal = (await rawDocs(demo.emu, 'user_signals')).find((doc) => String(doc._id).startsWith('web:'));
  uid = signal._openid;
  const overview = await asBrowser('dashboard', 'overview');
  const count = (n: number) => n.toLocaleString('en-US');
  expect(await texts('.workbench__provider')).toEqual([overview.provider.name]);
  expect(await texts('.workbench__todo-value')).toEqual([overview.pendingTickets, overview.unreadMessages, overview.waitingChats].map(count));
  const rate = overview.ticketResolutionRate === null ? '暂无' : `${Math.round(overview.ticketResolutionRate * 1000) / 10}%`;
  expect(await texts('.figures__value')).toEqual([count(overview.customerCount), count(overview.activeCustomers), count(overview.expiringCustomers), rate]);
  expect(await texts('.figures__legend-item')).toEqual([`活跃 ${count(overview.activeCustomers)}`, `即将到期 ${count(overview.expiringCustomers)}`, `已过期 ${count(overview.expiredCustomers)}`]);

  const badge = (n: number) => (n === 0 ? '' : n > 99 ? '99+' : String(n));
  await eventually(tabBadges, { 工作台: badge(overview.waitingChats), 客户: '', 工单: badge(overview.pendingTickets), 消息: badge(overview.unreadMessages), 我的: '' });
  const icons = await page.locator('.weui-tabbar__item img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
  expect(icons).toEqual([81, 81, 81, 81, 81]);
  await expectChineseOnly();
});

test('When a message is opened in 消息中心, then its full text shows and it is read, in the list, the counts and the cloud', async () => {
  const before = await asBrowser('messages', 'unreadCount');
  await openTab('消息');
  await page.locator('.message-row').first().waitFor();
  const categories = (counts: { total: number; byType: Record<string, number> }) => [
    `全部${counts.total || ''}`,
    `系统通知${counts.byType.system_notification || ''}`,
    `客户提醒${counts.byType.customer_alert || ''}`,
    `工单更新${counts.byType.ticket_update || ''}`,
  ];
  await eventually(() => texts('.segmented-tabs__tab'), categories(before));

  const unreadRows = await page.locator('.message-row--unread').count();
  const title = await page.locator('.message-row--unread .message-row__title').first().innerText();
  await page.locator('.message-row--unread').first().click();
  await page.locator('.message-sheet__content').waitFor();
  expect(await page.locator('.message-sheet__title').innerText()).toBe(title);
  await expectChineseOnly();
  await page.locator('.message-sheet .nut-popup-title-right, .message-sheet [class*="close"]').first().click();

  await eventually(() => page.locator('.message-row--unread').count(), unreadRows - 1);
  await eventually(async () => (await asBrowser('messages', 'unreadCount')).total, before.total - 1);
  await eventually(() => texts('.segmented-tabs__tab'), categories(await asBrowser('messages', 'unreadCount')));
  expect((await texts('.segmented-tabs__tab'))[0]).toBe(`全部${before.total - 1}`);
  await eventually(async () => (await tabBadges())['消息'], String(before.total - 1));
});

test('When the list is scrolled to its bottom in the browser, then the next page loads', async () => {
  expect(await page.locator('.message-row').count()).toBe(20);
  await page.locator('.paged-list__footer').scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, 4000);
  await eventually(() => page.locator('.message-row').count(), 40);
});

test('When the list is pulled down by touch in the browser, then it is fetched again', async () => {
  // Back to the top as a user would (the pull only starts from there): the wheel over the list.
  // Wheeled again on each look: under load chromium may drop or cut short a wheel gesture.
  await page.mouse.move(200, 400);
  await eventually(async () => {
    await page.mouse.wheel(0, -20_000);
    return page.evaluate(() => document.querySelector('.message-center')?.closest('.taro_page')?.scrollTop ?? -1);
  }, 0);
  const refetch = page.waitForRequest((r) => r.url().includes('/v1/functions/messages') && (r.postData() ?? '').includes('"action":"list"'), { timeout: 10_000 });
  // The DevTools protocol's touch events, as a finger dragging down from the list's top.
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 200, y }] });
  await touch('touchStart', 200);
  for (let y = 215; y <= 530; y += 15) {
    await touch('touchMove', y);
    await page.waitForTimeout(16);
  }
  await touch('touchEnd', 530);
  const request = await refetch;
  expect(JSON.parse(request.postData()!)).toMatchObject({ action: 'list', payload: { page: 1, pageSize: 20 } });
  await cdp.detach();
});

test('When 全部已读 is confirmed for 客户提醒, then every customer alert is read in the cloud and on screen', async () => {
  await page.locator('.segmented-tabs__tab', { hasText: '客户提醒' }).click();
  await page.locator('.message-row').first().waitFor();
  await page.getByText('全部已读', { exact: true }).click();
  await page.locator('.taro-model__confirm').click();
  await eventually(async () => (await asBrowser('messages', 'unreadCount')).byType.customer_alert ?? 0, 0);
  await eventually(() => page.locator('.message-row--unread').count(), 0);
  await eventually(async () => (await texts('.segmented-tabs__tab'))[2], '客户提醒');
  await expectChineseOnly();
});

test('When another user creates a ticket, then its message appears on the open page and the badge goes up, without a reload', async () => {
  await page.locator('.segmented-tabs__tab', { hasText: '全部' }).click();
  await page.locator('.message-row').first().waitFor();
  await page.evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
  const unread = (await asBrowser('messages', 'unreadCount')).total;

  await ticketCreatedElsewhere('打印模板无法保存');
  await eventually(() => page.locator('.message-row__title').first().innerText(), (title) => expect(title).toMatch(/^新工单 GD\d{8}-\d{4}$/), 15_000);
  await eventually(async () => (await tabBadges())['消息'], String(unread + 1));
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
});

test('When the realtime connection is cut, then the app reconnects by itself and the next message still arrives', async () => {
  expect(demo.emu.realtime.dropConnections('terminate')).toBeGreaterThan(0);
  await ticketCreatedElsewhere('断线后的新工单');
  await eventually(() => page.locator('.message-row__summary').first().textContent(), (summary) => expect(summary).toContain('断线后的新工单'), 45_000);
});

test('When the realtime service stops and starts again, then what happened meanwhile arrives once it is back', async () => {
  // While the service is down, chromium reports the refused WebSocket and the SDK logs its own failed
  // reconnects and resume: that is the outage itself, not the app; anything else still counts.
  toleratedWhileRealtimeDown = /^(WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ws' failed|\[realtime\] )/;
  await demo.emu.realtime.stop();
  await ticketCreatedElsewhere('服务重启期间的新工单');
  await page.waitForTimeout(3000);
  expect(await page.locator('.message-row__summary').first().textContent()).not.toContain('服务重启期间的新工单');
  await demo.emu.realtime.start();
  await eventually(() => page.locator('.message-row__summary').first().textContent(), (summary) => expect(summary).toContain('服务重启期间的新工单'), 60_000);
  toleratedWhileRealtimeDown = null;
});

test('When a customer starts a consultation, then a toast names them on whatever page is open and 工作台 gets the badge', async () => {
  const waiting = (await asBrowser('dashboard', 'overview')).waitingChats;
  const customers = await asBrowser('customers', 'list', { pageSize: 50, status: 'active' });
  const conversations = await asBrowser('chat', 'conversations', { pageSize: 50 });
  const quiet = customers.customers.find((c: { id: string }) => !conversations.conversations.some((v: { customerId: string }) => v.customerId === c.id));
  await receiveCustomerMessage({ customerId: quiet.id, externalMessageId: `pc-browser-${Date.now()}`, content: '你好，今天开票一直提示税号错误', sentAt: new Date() });

  // Taro's toast box itself has no size (its content is positioned): wait for it being shown with the text.
  await page.waitForFunction(
    (title) => {
      const toast = document.querySelector<HTMLElement>('.taro__toast');
      return !!toast && toast.style.display !== 'none' && toast.textContent === title;
    },
    `新咨询：${quiet.name}`,
    { timeout: 15_000 },
  );
  await eventually(async () => (await tabBadges())['工作台'], String(waiting + 1));
});

test('When a notification switch is flipped in 我的, then the cloud keeps it', async () => {
  await openTab('我的');
  await page.getByText('消息通知').waitFor();
  const before = (await asBrowser('profile', 'get')).settings.systemNotifications;
  await page.locator('[aria-label="系统通知"]').click();
  await eventually(async () => (await asBrowser('profile', 'get')).settings.systemNotifications, !before);
  await expectChineseOnly();
});

test('When the admin sets a new password for the agent’s request, then the agent signs in with it', async () => {
  await tapCell('密码重置申请');
  await page.locator('.admin-row').first().waitFor();
  expect(await page.title()).toBe('密码重置申请');
  const agent = (await rawDocs(demo.emu, 'users')).find((u) => u.username === demo.agent.username);
  await page.locator('.admin-row', { hasText: agent.name }).locator('taro-button-core').click();
  await page.locator('.nut-popup input[type="password"]').first().fill('Renewed2026');
  await page.locator('.nut-popup input[type="password"]').nth(1).fill('Renewed2026');
  await tapButton('确认重置');
  await eventually(() => page.locator('.admin-row', { hasText: agent.name }).count(), 0);
  const signIn = await callAs(demo.emu, 'o-browser-test-renewed', 'auth', 'login', { username: demo.agent.username, password: 'Renewed2026' });
  expect(signIn.ok).toBe(true);
  await expectChineseOnly();
  await page.goBack();
  await page.getByText('消息通知').waitFor();
});

let inviteCode = '';

test('When the admin generates an invite code, then it is shown to copy and listed as usable', async () => {
  await tapCell('邀请码');
  await page.getByText('生成邀请码', { exact: true }).first().waitFor();
  expect(await page.title()).toBe('邀请码');
  await tapButton('生成邀请码');
  await page.locator('.nut-popup input').first().fill('浏览器测试 新同事');
  await tapButton('生成');
  await page.locator('.invite-created__code').waitFor();
  inviteCode = (await page.locator('.invite-created__code').textContent()) ?? '';
  expect(inviteCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  await eventually(() => page.locator('.admin-row', { hasText: inviteCode }).locator('.status-tag').textContent(), '可使用');
  await expectChineseOnly();
  await page.goBack();
  await page.getByText('消息通知').waitFor();
});

test('When 退出登录 is confirmed, then the browser is unbound and opening the app again shows 登录', async () => {
  await page.locator('.profile__logout-button').click();
  await page.locator('.taro-model__confirm').click();
  await page.getByText('邀请码注册', { exact: true }).waitFor();
  expect((await rawDocs(demo.emu, 'user_signals')).filter((doc) => doc._openid === uid)).toEqual([]);

  await page.reload();
  await page.getByText('邀请码注册', { exact: true }).waitFor();
  expect(await page.locator('.login__submit').isVisible()).toBe(true);
  await expectChineseOnly();
});

test('When a new colleague registers with the invite code, then they are signed in as an agent of the provider', async () => {
  await page.getByText('邀请码注册', { exact: true }).click();
  await page.locator('input[name="invite-code"]').fill(inviteCode.toLowerCase().replace('-', ' '));
  await page.locator('input[name="register-username"]').fill('browser_newcomer');
  await page.locator('input[name="register-name"]').fill('林晓');
  await page.locator('input[name="register-password"]').fill('Newcomer2026');
  await page.locator('input[name="register-confirmation"]').fill('Newcomer2026');
  await tapButton('注册并登录');
  await page.getByText('数据概览').waitFor();
  expect(await texts('.workbench__greeting')).toEqual(['林晓 · 客服']);
  expect(await texts('.workbench__provider')).toEqual([demo.agent.provider]);
  await expectChineseOnly();
});

test('When built for H5, then the cloud client is in the bundle over @cloudbase/js-sdk', () => {
  expect(scriptsContaining(outputDir('h5'), NETWORK_ERROR_MESSAGE).length).toBeGreaterThan(0);
  expect(scriptsContaining(outputDir('h5'), JS_SDK_MARKER).length).toBe(1);
});
