/**
 * 工单 in the H5 app as a provider uses it: the production H5 build against the emulators running this
 * project's functions with the demo data set, in headless Debian chromium at a phone's size (390×844). The
 * demo admin browses, searches and filters tickets (the list equals tickets.list); takes an open ticket to
 * 已解决 with a reply carrying a screenshot chosen in the browser's file dialog (compressed, uploaded to the
 * emulator's storage under the user's folder, shown through a temporary URL); escalates another with a
 * reason; sees a refused transition explained in Chinese; and writes a reply while the browser is offline
 * which goes out exactly once when the network returns. Throughout: no console error, no failed request
 * (except while deliberately offline), no English or placeholder text on screen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../emulator/test/browser/chromium';
import { callAs, callAsWebUser } from '../../../test-support/product-emulators';
import { rawDocs } from '../../../test-support/raw';
import { startDemoSite, type DemoSite } from '../../scripts/demo-site';
import { PHONE } from '../../scripts/screenshots';
import { eventually } from '../support/eventually';
import { watchForProblems } from '../support/page-problems';

jest.setTimeout(300_000);

let demo: DemoSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let uid: string;
const AGENT_OPENID = 'o-tickets-browser-agent';
const problems: string[] = [];
/** While the test has the browser offline, its failed requests are the point, not a problem. */
let offline = false;

interface ListedTicket {
  id: string;
  ticketNo: string;
  title: string;
  status: string;
}

async function asBrowser<T = any>(fn: string, action: string, payload?: unknown): Promise<T> {
  const answer = await callAsWebUser(demo.emu, uid, fn, action, payload);
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.message}`);
  return answer.data as T;
}

const texts = (selector: string) => page.locator(selector).allTextContents();
const ticketDoc = async (id: string) => (await rawDocs(demo.emu, 'tickets', { _id: id }))[0];

async function expectChineseOnly(): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text.match(/undefined|NaN|\[object Object\]|\bnull\b|Invalid Date/g)).toBeNull();
  expect(text.match(/\b(Loading|Error|Retry|Cancel|Confirm|Submit|Network|Failed|Success|Upload|Reply|Resolve|Escalate)\b/gi)).toBeNull();
}

/** Types into the search box and waits for the list to show what tickets.list answers for that keyword. */
async function search(keyword: string): Promise<void> {
  const box = page.locator('.ticket-filters__input input');
  await box.fill(keyword);
  const expected = (await asBrowser<{ tickets: ListedTicket[] }>('tickets', 'list', { keyword, pageSize: 20 })).tickets.map((t) => t.title);
  await eventually(() => texts('.ticket-row__title'), expected);
}

/** Opens a ticket's detail from the list by searching its number. */
async function openFromList(ticket: ListedTicket): Promise<void> {
  await search(ticket.ticketNo);
  await page.locator('.ticket-row').first().click();
  await page.locator('.ticket-summary__title', { hasText: ticket.title }).waitFor();
}

const actionButton = (label: string) => page.locator('.ticket-actions__button', { hasText: label });
const sheetTextarea = () => page.locator('.nut-popup:visible textarea');
const tapButton = (label: string) => page.locator('taro-button-core:visible', { hasText: new RegExp(`^${label}$`) }).first().click();

/** A photo-sized PNG (noise does not compress: about 2 MB), made by the browser itself. */
async function bigPng(): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1200;
    canvas.height = 900;
    const ctx = canvas.getContext('2d')!;
    const image = ctx.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < image.data.length; i += 4) {
      image.data[i] = (i * 7) % 251;
      image.data[i + 1] = (i * 13) % 241;
      image.data[i + 2] = Math.floor(Math.random() * 256);
      image.data[i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

beforeAll(async () => {
  browser = await launchChromium();
  demo = await startDemoSite();
  const agent = await callAs(demo.emu, AGENT_OPENID, 'auth', 'login', { username: demo.agent.username, password: demo.agent.password });
  if (!agent.ok) throw new Error(agent.error.message);
  context = await browser.newContext(PHONE);
  page = await context.newPage();
  watchForProblems(page, problems, { tolerateConsoleError: () => offline, tolerateRequestFailure: () => offline });

  await page.goto(`${demo.site.url}/#/pages/login/index`);
  await page.locator('input[name="username"]').fill(demo.admin.username);
  await page.locator('input[name="password"]').fill(demo.admin.password);
  await page.locator('.login__submit').click();
  await page.getByText('数据概览').waitFor();
  uid = (await rawDocs(demo.emu, 'user_signals')).find((doc) => String(doc._id).startsWith('web:'))._openid;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

afterEach(() => {
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

test('When 工单 is opened, then the list is tickets.list’s first page; a number finds its ticket; 已解决 and 仅看已升级 narrow it as the function does', async () => {
  await page.locator('.weui-tabbar__item', { hasText: '工单' }).click();
  await page.locator('.ticket-row').first().waitFor();
  expect(await page.title()).toBe('工单列表');
  const all = await asBrowser<{ tickets: ListedTicket[]; total: number }>('tickets', 'list', { pageSize: 20 });
  await eventually(() => texts('.ticket-row__no'), all.tickets.map((t) => t.ticketNo));
  expect(await page.locator('.list-toolbar__summary').innerText()).toBe(`共 ${all.total} 条工单`);
  await expectChineseOnly();

  const target = all.tickets[7];
  await search(target.ticketNo);
  expect(await texts('.ticket-row__no')).toEqual([target.ticketNo]);
  await page.locator('.ticket-filters__clear').click();
  await eventually(() => texts('.ticket-row__no'), all.tickets.map((t) => t.ticketNo));

  await page.locator('.segmented-tabs__tab', { hasText: '已解决' }).click();
  const resolved = await asBrowser<{ tickets: ListedTicket[]; total: number }>('tickets', 'list', { pageSize: 20, status: 'resolved' });
  await eventually(() => texts('.ticket-row__no'), resolved.tickets.map((t) => t.ticketNo));
  const firstTags = await page.locator('.ticket-row').evaluateAll((rows) => rows.map((row) => row.querySelector('.status-tag')?.textContent));
  expect(new Set(firstTags)).toEqual(new Set(['已解决']));
  await page.getByRole('switch').click();
  const escalatedResolved = await asBrowser<{ tickets: ListedTicket[] }>('tickets', 'list', { pageSize: 20, status: 'resolved', escalationStatus: 'escalated' });
  await eventually(() => texts('.ticket-row__no'), escalatedResolved.tickets.map((t) => t.ticketNo));
  await page.getByRole('switch').click();
  await page.locator('.segmented-tabs__tab', { hasText: '全部' }).click();
  await eventually(() => texts('.ticket-row__no'), all.tickets.map((t) => t.ticketNo));
});

test('When an open ticket gets a reply with a screenshot and is marked resolved, then the cloud has both and the page shows 已解决 with every action refused in Chinese', async () => {
  const [ticket] = (await asBrowser<{ tickets: ListedTicket[] }>('tickets', 'list', { status: 'open', escalationStatus: 'normal', pageSize: 5 })).tickets;
  await openFromList(ticket);
  expect(await page.title()).toBe('工单详情');
  expect(await page.locator('.ticket-summary .status-tag').first().innerText()).toBe('待处理');

  await actionButton('回复').click();
  await sheetTextarea().waitFor();
  await sheetTextarea().fill('已远程连接客户电脑，重新安装了打印驱动，见截图');
  const png = await bigPng();
  const chooser = page.waitForEvent('filechooser');
  await page.locator('.image-picker__add').click();
  await (await chooser).setFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: png });
  await page.locator('.image-picker__item[data-status="uploaded"]').waitFor({ timeout: 30_000 });
  await tapButton('发送回复');

  await eventually(async () => (await ticketDoc(ticket.id)).processingHistory.length, 2, 20_000);
  const doc = await ticketDoc(ticket.id);
  const reply = doc.processingHistory[1];
  expect(reply).toMatchObject({ action: 'reply', content: '已远程连接客户电脑，重新安装了打印驱动，见截图' });
  expect(reply.images).toHaveLength(1);
  // Compressed in the browser (canvas JPEG) before upload, into the signed-in user's folder.
  const user = (await rawDocs(demo.emu, 'users')).find((u) => u.username === demo.admin.username);
  expect(reply.images[0]).toMatch(new RegExp(`^cloud://[^/]+/uploads/${user._id}/\\d{6}/[A-Za-z0-9_-]+\\.jpg$`));
  expect(doc.status).toBe('processing');

  await eventually(() => texts('.timeline__content'), (shown) => expect(shown[0]).toBe('已远程连接客户电脑，重新安装了打印驱动，见截图'));
  const thumb = page.locator('.timeline .image-grid__item').first();
  await thumb.waitFor();
  await eventually(() => thumb.evaluate((el) => (el.querySelector('img') as HTMLImageElement | null)?.naturalWidth ?? 0), (w) => expect(w).toBeGreaterThan(0));
  expect(await page.locator('.ticket-summary .status-tag').first().innerText()).toBe('处理中');

  await actionButton('标记为已解决').click();
  await page.locator('.taro-modal__title', { hasText: '标记为已解决？' }).waitFor();
  await page.locator('.taro-model__confirm').click();
  await eventually(async () => (await ticketDoc(ticket.id)).status, 'resolved');
  await eventually(() => page.locator('.ticket-summary .status-tag').first().innerText(), '已解决');
  await eventually(() => texts('.ticket-actions__button--off'), ['问题升级', '标记为已解决', '回复']);

  await actionButton('回复').click();
  expect(await page.locator('.ticket-notice__text').innerText()).toBe('工单已解决，不能再回复');
  await actionButton('问题升级').click();
  expect(await page.locator('.ticket-notice__text').innerText()).toBe('工单已解决，不能升级');
  await expectChineseOnly();
  await page.goBack();
});

test('When a ticket is escalated with a reason, then the cloud records the reason and the page shows 已升级; a colleague’s resolve meanwhile is refused in Chinese', async () => {
  const [ticket, other] = (await asBrowser<{ tickets: ListedTicket[] }>('tickets', 'list', { status: 'processing', escalationStatus: 'normal', pageSize: 5 })).tickets;
  await openFromList(ticket);
  await actionButton('问题升级').click();
  await sheetTextarea().waitFor();
  await sheetTextarea().fill('客户数据库损坏，需要总部研发协助恢复');
  await tapButton('提交升级');
  await page.locator('.taro-modal__text', { hasText: '升级原因：客户数据库损坏，需要总部研发协助恢复' }).waitFor();
  await page.locator('.taro-model__confirm').click();
  await eventually(async () => (await ticketDoc(ticket.id)).escalationStatus, 'escalated');
  expect((await ticketDoc(ticket.id)).escalationReason).toBe('客户数据库损坏，需要总部研发协助恢复');
  await eventually(() => texts('.ticket-summary .status-tag'), (tags) => expect(tags).toContain('已升级'));
  await eventually(() => texts('.timeline__title'), (titles) => expect(titles[0]).toMatch(/^问题升级 · /));
  await page.goBack();

  // A colleague resolves the other ticket while it is open here; resolving it again is refused with the function's words.
  await openFromList(other);
  const resolvedElsewhere = await callAs(demo.emu, AGENT_OPENID, 'tickets', 'resolve', { id: other.id });
  expect(resolvedElsewhere).toEqual({ ok: true, data: {} });
  await actionButton('标记为已解决').click();
  // Either the live update has greyed the button already, or the dialog goes to the cloud which refuses: the same words.
  const dialog = page.locator('.taro-modal__title', { hasText: '标记为已解决？' });
  if (await dialog.isVisible().catch(() => false)) await page.locator('.taro-model__confirm').click();
  await eventually(() => page.locator('.ticket-notice__text').innerText(), '工单已解决，请勿重复操作');
  await eventually(() => page.locator('.ticket-summary .status-tag').first().innerText(), '已解决');
  await page.goBack();
});

test('When a reply is written while the browser is offline, then it waits as 待发送 and goes out exactly once when the network returns', async () => {
  const [ticket] = (await asBrowser<{ tickets: ListedTicket[] }>('tickets', 'list', { status: 'processing', escalationStatus: 'normal', pageSize: 5 })).tickets;
  await openFromList(ticket);
  const before = (await ticketDoc(ticket.id)).processingHistory.length;

  offline = true;
  await context.setOffline(true);
  await actionButton('回复').click();
  await sheetTextarea().waitFor();
  await sheetTextarea().fill('断网时写的回复：已安排工程师明天上门');
  await tapButton('发送回复');
  await page.locator('.ticket-local-reply__status', { hasText: '待发送' }).waitFor();
  expect((await texts('.timeline__content'))[0]).toBe('断网时写的回复：已安排工程师明天上门');
  await page.waitForTimeout(2000);
  expect((await ticketDoc(ticket.id)).processingHistory).toHaveLength(before);

  await context.setOffline(false);
  await eventually(async () => (await ticketDoc(ticket.id)).processingHistory.length, before + 1, 30_000);
  await eventually(() => page.locator('.ticket-local-reply').count(), 0, 30_000);
  offline = false;
  await eventually(() => texts('.timeline__content'), (shown) => expect(shown.filter((t) => t === '断网时写的回复：已安排工程师明天上门')).toHaveLength(1));
  // Still exactly one after everything has settled (retries carried one clientReplyId).
  await page.waitForTimeout(3000);
  const replies = (await ticketDoc(ticket.id)).processingHistory.filter((s: { content: string }) => s.content === '断网时写的回复：已安排工程师明天上门');
  expect(replies).toHaveLength(1);
  await expectChineseOnly();
});
