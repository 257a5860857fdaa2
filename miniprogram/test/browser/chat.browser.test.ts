/**
 * 咨询 in the H5 app, against the emulators with the demo data set and the PC-side simulator as the vendor's
 * system (the outbox delivers to its webhook): a customer's message comes in the way the PC side sends it (a
 * signed consultation.message to pcGateway at /pc/events), the provider finds it in 咨询 with its countdown,
 * answers, sees 待同步 turn 已同步 once the outbox timer has delivered it (and the simulator has the reply),
 * sees the customer's next message arrive without a reload, sends while the browser is offline and sees the
 * reply go out exactly once when it is back online, and escalates the chat into a ticket.
 * Headless Debian chromium at 390×844; no console error, no failed request (but while deliberately offline).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { COLLECTIONS } from '@partner-desk/database';
import type { InboundEvent } from '@partner-desk/pc-protocol';
import { launchChromium } from '../../../emulator/test/browser/chromium';
import { startPcSimulator, type PcSimulator } from '../../../pc-simulator/src/simulator';
import { postPcEvent } from '../../../test-support/pc-events';
import { fireTimer } from '../../../test-support/pc-receiver';
import { callAs } from '../../../test-support/product-emulators';
import { rawDocs } from '../../../test-support/raw';
import { startDemoSite, type DemoSite } from '../../scripts/demo-site';
import { PHONE } from '../../scripts/screenshots';
import { eventually } from '../support/eventually';
import { watchForProblems } from '../support/page-problems';

jest.setTimeout(300_000);

let pc: PcSimulator;
let demo: DemoSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const ADMIN_OPENID = 'o-chat-browser-admin';
/** The customer this file talks with: one of the first provider's, with its vendor id. */
let customer: { id: string; name: string; externalId: string };
const problems: string[] = [];
/** While the browser is deliberately offline, its failed requests and the SDK's complaints are expected. */
let offline = false;

const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|WebSocket|network|Failed to fetch|realtime|ws:\/\//i;

/** An 8×8 blue PNG (what a phone's screenshot is, smaller). */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPQzvmGFTEMLQkAlUJjQSguRJAAAAAASUVORK5CYII=';

let messageSeq = 0;
/** A customer's message as the PC side routes it to the owning provider: signed, to /pc/events. */
async function customerWrites(content: string): Promise<void> {
  const sentAt = new Date().toISOString();
  const event: InboundEvent = {
    type: 'consultation.message',
    data: { customerExternalId: customer.externalId, externalMessageId: `pc-browser-${Date.now()}-${++messageSeq}`, customerName: customer.name, content, sentAt },
    occurredAt: sentAt,
  };
  const answer = await postPcEvent(demo.emu, event);
  if (answer.status !== 200) throw new Error(`pcGateway answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** The provider's replies with this text as the database holds them. */
const repliesWith = async (content: string) => (await rawDocs(demo.emu, COLLECTIONS.chatMessages, { customerId: customer.id, content })).filter((m) => m.senderType === 'service_provider');

const texts = (selector: string) => page.locator(selector).allTextContents();
const tapButton = (label: string) => page.locator('taro-button-core', { hasText: new RegExp(`^${label}$`) }).first().click();

async function typeReply(text: string): Promise<void> {
  const field = page.locator('.chat-composer textarea');
  await field.fill(text);
}

beforeAll(async () => {
  browser = await launchChromium();
  // The vendor's side: the simulator receives the outbox's webhooks (signed with the shared secret).
  process.env.PD_PC_SECRET ??= 'chat-browser-test-secret-0123456789abcdef';
  pc = await startPcSimulator({ secret: process.env.PD_PC_SECRET, port: 0, log: () => {} });
  process.env.PD_PC_WEBHOOK_URL = pc.webhookUrl;
  process.env.PD_OUTBOX_BASE_DELAY_S = '1';
  demo = await startDemoSite();
  pc.setGateway(`${demo.emu.http.getInfo()!.url}/pc/events`);

  const admin = await callAs(demo.emu, ADMIN_OPENID, 'auth', 'login', { username: demo.admin.username, password: demo.admin.password });
  if (!admin.ok) throw new Error(admin.error.message);
  const listed = await callAs(demo.emu, ADMIN_OPENID, 'customers', 'list', { pageSize: 50 });
  if (!listed.ok) throw new Error(listed.error.message);
  // One without a conversation yet, so what the page shows is this file's doing.
  const conversations = await rawDocs(demo.emu, COLLECTIONS.chatConversations, {});
  const talked = new Set(conversations.map((c: { customerId: string }) => c.customerId));
  const fresh = listed.data.customers.find((c: { id: string; name: string }) => !talked.has(c.id)) ?? listed.data.customers[0];
  const [doc] = await rawDocs(demo.emu, COLLECTIONS.customers, { _id: fresh.id });
  customer = { id: fresh.id, name: fresh.name, externalId: doc.externalId };

  context = await browser.newContext(PHONE);
  page = await context.newPage();
  watchForProblems(page, problems, { tolerateConsoleError: (text) => offline && OFFLINE_NOISE.test(text), tolerateRequestFailure: () => offline });

  await page.goto(`${demo.site.url}/#/pages/login/index`);
  await page.locator('input[name="username"]').fill(demo.admin.username);
  await page.locator('input[name="password"]').fill(demo.admin.password);
  await page.locator('.login__submit').click();
  await page.getByText('数据概览').waitFor();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await pc?.stop();
});

afterEach(() => {
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

test('When a customer asks on the PC side, then 咨询 lists them as 待回复 with the countdown, and the chat shows the question', async () => {
  await customerWrites('你好，月结报表导出一直转圈，能帮忙看看吗？');

  // 工作台's quick entry leads to 咨询.
  await page.locator('.quick-entries__item', { hasText: '咨询' }).click();
  const row = page.locator('.conversation-row', { hasText: customer.name });
  await row.waitFor();
  expect(await row.locator('.conversation-row__last').textContent()).toBe('你好，月结报表导出一直转圈，能帮忙看看吗？');
  expect(await row.locator('.status-tag').allTextContents()).toEqual(['待回复']);
  expect(await row.locator('.conversation-row__unread').textContent()).toBe('1');
  // The provider's bounce deadline (10 minutes by default) counts down.
  expect(await row.locator('.conversation-row__countdown').textContent()).toMatch(/^(10:00|0\d:\d\d) 后退回总部$/);

  await row.click();
  await page.locator('.chat-message--theirs', { hasText: '月结报表导出一直转圈' }).waitFor();
  expect(await page.title()).toBe(customer.name);
  expect(await texts('.chat-banner__countdown')).toEqual([expect.stringMatching(/后退回总部$/)]);
});

test('When the provider answers, then the reply shows 待同步, is written once, and reads 已同步 live once the outbox timer has delivered it to the PC side', async () => {
  await typeReply('您好，请先清理浏览器缓存后重试导出');
  await tapButton('发送');
  const mine = page.locator('.chat-message--mine', { hasText: '请先清理浏览器缓存后重试导出' });
  await mine.locator('.chat-message__state', { hasText: '待同步' }).waitFor();
  expect(await repliesWith('您好，请先清理浏览器缓存后重试导出')).toHaveLength(1);
  // Answered: the countdown stopped.
  await eventually(() => page.locator('.chat-banner__countdown').count(), 0);

  const report = await fireTimer(demo.emu, 'outbox');
  expect(report.data.delivered).toBeGreaterThanOrEqual(1);
  // Nothing reloaded: the signal moved and the open chat fetched the state.
  await mine.locator('.chat-message__state', { hasText: '已同步' }).waitFor();
  const [reply] = await repliesWith('您好，请先清理浏览器缓存后重试导出');
  expect(reply.syncStatus).toBe('delivered');
  // The vendor's side has it in the customer's chat.
  const onPc = pc.store.state.conversations[customer.externalId];
  expect(onPc.entries.filter((e: { from: string }) => e.from === 'provider').map((e: { content: string }) => e.content)).toEqual(['您好，请先清理浏览器缓存后重试导出']);
});

test("When the customer writes again while the chat is open, then the message appears without a reload and the countdown starts again", async () => {
  const before = await page.locator('.chat-message').count();
  await customerWrites('清理过了，还是不行，报错“导出超时”');
  await page.locator('.chat-message--theirs', { hasText: '报错“导出超时”' }).waitFor();
  expect(await page.locator('.chat-message').count()).toBe(before + 1);
  await page.locator('.chat-banner__countdown').waitFor();
});

test('When the provider sends a screenshot, then it is uploaded to storage, sent with the reply and shown from the cloud as a thumbnail', async () => {
  await page.locator('.chat-composer__image-toggle').click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.image-picker__add').click()]);
  await chooser.setFiles({ name: 'screen.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BASE64, 'base64') });
  await page.locator('.image-picker__item--uploaded').waitFor();
  await typeReply('这是正确的导出设置截图');
  await tapButton('发送');

  const mine = page.locator('.chat-message--mine:not([class*="chat-message--outbox"])', { hasText: '这是正确的导出设置截图' });
  await mine.locator('.image-grid__item').waitFor();
  const [reply] = await repliesWith('这是正确的导出设置截图');
  expect(reply.images).toHaveLength(1);
  expect(reply.images[0]).toMatch(/\/uploads\/[A-Za-z0-9_-]+\/\d{6}\/[A-Za-z0-9_-]+\.(png|jpg|jpeg)$/);
  // The thumbnail is the function's temporary link to that file, and it loads.
  // (The thumbnail is lazy-loaded: Taro's H5 Image sets its src once the element is seen on screen.)
  const thumbnail = mine.locator('.image-grid__item img[src], img.image-grid__item[src]').first();
  await thumbnail.waitFor();
  const src = await thumbnail.getAttribute('src');
  expect(src).toBeTruthy();
  expect((await fetch(src!)).status).toBe(200);
  // The picker is empty again for the next reply.
  expect(await page.locator('.image-picker__item').count()).toBe(0);
});

test('When a reply is sent while the browser is offline, then it waits as 待发送 and goes out exactly once when the browser is back online', async () => {
  offline = true;
  await context.setOffline(true);
  await typeReply('网络断开时写的回复：我们正在排查');
  await tapButton('发送');
  const pending = page.locator('.chat-message--outbox-pending', { hasText: '网络断开时写的回复' });
  await pending.locator('.chat-message__state', { hasText: '待发送' }).waitFor();
  // Kept on the device while offline, and not in the database.
  const stored = await page.evaluate(() => window.localStorage.getItem('pd.outbox') ?? '');
  expect(stored).toContain('网络断开时写的回复');
  await page.waitForTimeout(1500);
  expect(await repliesWith('网络断开时写的回复：我们正在排查')).toHaveLength(0);

  await context.setOffline(false);
  const mine = page.locator('.chat-message--mine:not([class*="chat-message--outbox"])', { hasText: '网络断开时写的回复' });
  await mine.locator('.chat-message__state', { hasText: '待同步' }).waitFor({ timeout: 30_000 });
  offline = false;
  // Exactly one message, however many tries there were, and the local copy is gone from the screen.
  await page.waitForTimeout(1000);
  expect(await repliesWith('网络断开时写的回复：我们正在排查')).toHaveLength(1);
  expect(await page.locator('[class*="chat-message--outbox-"]').count()).toBe(0);
  expect(await page.locator('.chat-message', { hasText: '网络断开时写的回复' }).count()).toBe(1);
});

test('When 升级为工单 is confirmed, then the new ticket opens and the chat reads 已升级为工单', async () => {
  await page.locator('.chat-banner__escalate').click();
  await page.locator('.escalate-sheet__content textarea').fill('月结报表导出超时，清缓存无效');
  await page.locator('.escalate-sheet__reason textarea').fill('疑似服务端缺陷，需总部排查');
  await tapButton('确认升级');
  await page.locator('.taro-modal__title', { hasText: '升级为工单？' }).waitFor();
  await page.locator('.taro-model__confirm').click();

  await page.waitForURL(/#\/pages\/ticket\/detail\?id=/);
  const ticketId = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  const [ticket] = await rawDocs(demo.emu, COLLECTIONS.tickets, { _id: ticketId });
  expect([ticket.customerId, ticket.source, ticket.escalationStatus, ticket.type]).toEqual([customer.id, 'chat', 'escalated', 'issue_escalation']);
  expect(ticket.content).toContain('月结报表导出超时，清缓存无效');

  // Once the ticket's page is the one shown, back with the navigation bar's arrow, as a user goes back.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.taro_page')).some((p) => p.id.startsWith('/pages/ticket/detail') && !p.classList.contains('taro_page_shade')));
  await page.locator('.taro-navigation-bar-back').click();
  await page.locator('.chat-banner__line', { hasText: '已升级为工单' }).waitFor();
  await page.getByText('查看工单', { exact: true }).waitFor();
});
