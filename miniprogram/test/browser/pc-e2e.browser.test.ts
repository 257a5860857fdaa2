/**
 * Issue 10's end to end, in two real browsers' pages: the PC-side simulator (pc-simulator/, the vendor's
 * customer chat and HQ desk, 1280×800) and the provider's H5 app (390×844, a demo admin signed in), both
 * against the emulators with this project's functions and the demo data, the simulator wired as `npm start`
 * wires it (its webhook as PD_PC_WEBHOOK_URL, our gateway `<HTTP access>/pc/events`, its customers loaded
 * from the emulator). Every hop is the product's own: the simulator signs consultation.message to the
 * gateway, the functions route it to the owning provider and move the provider's signals, the app learns it
 * over its realtime watch; the provider's answer and escalation are queued in the outbox and delivered to the
 * simulator's webhook when the outbox timer fires (hub `POST /timers/outbox:fire`, as the every-minute cron
 * would); HQ's resolution comes back as ticket.updated through the gateway.
 *
 *   a customer types in the simulator → the app shows it live → the provider replies → the simulator shows
 *   the reply; the provider escalates → the HQ desk has the ticket with the chat transcript → HQ resolves it
 *   → the provider's ticket shows it resolved and a message arrives.
 *
 * On the phone it is the app's own UI throughout: the 新咨询 toast, 工作台's waiting count, 咨询 and the chat
 * (reply with its 待同步 → 已同步, 升级为工单), 工单详情 (open while HQ resolves: 已解决 and HQ's step appear
 * without a reload), 消息中心.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../emulator/test/browser/chromium';
import { connectToEmulators } from '../../../pc-simulator/src/beside-emulators';
import { startPcSimulator, type PcSimulator } from '../../../pc-simulator/src/simulator';
import { fireTimer } from '../../../test-support/pc-receiver';
import { callAsWebUser } from '../../../test-support/product-emulators';
import { rawDocs } from '../../../test-support/raw';
import { startDemoSite, type DemoSite } from '../../scripts/demo-site';
import { PHONE } from '../../scripts/screenshots';
import { eventually } from '../support/eventually';
import { watchForProblems } from '../support/page-problems';

jest.setTimeout(300_000);

let browser: Browser;
let simulator: PcSimulator;
let demo: DemoSite;
/** The provider's app (phone) and the PC side's page (desktop). */
let app: Page;
let pc: Page;
/** The browser's CloudBase uid, the provider admin's identity once signed in. */
let uid: string;
/** The customer who asks: one of the admin's provider's, without a conversation yet. */
let customer: { id: string; name: string; externalId: string };
const QUESTION = '新版本导出报表时提示权限不足，麻烦看一下';
const REPLY = '您好，请在「角色权限」里给该账号勾选报表导出，再重新登录即可';
const ESCALATION_REASON = '权限配置正确仍无法导出，需总部排查';
const HQ_NOTE = '总部已修复报表导出权限的缺陷';
let ticketId: string;
let ticketNo: string;
const problems: string[] = [];

async function asProvider<T = any>(fn: string, action: string, payload?: unknown): Promise<T> {
  const answer = await callAsWebUser(demo.emu, uid, fn, action, payload);
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.message}`);
  return answer.data as T;
}

/** NutUI's button takes the tap on itself, not on its label (the visible one: sheets keep theirs mounted). */
const tapButton = (label: string) => app.locator('taro-button-core:visible', { hasText: new RegExp(`^${label}$`) }).first().click();

/** The simulator's deliveries received so far, by type (its /api/stats, as a script reads it). */
async function receivedByType(): Promise<Record<string, number>> {
  const res = await fetch(`${simulator.url}/api/stats`);
  return ((await res.json()) as { webhook: { byType: Record<string, number> } }).webhook.byType;
}

beforeAll(async () => {
  browser = await launchChromium();
  // The simulator first, then the emulators pointed at it, as `npm start` does (pc-simulator/src/beside-emulators.ts).
  const secret = (process.env.PD_PC_SECRET ??= randomBytes(32).toString('hex'));
  simulator = await startPcSimulator({ secret, port: 0, log: () => {} });
  process.env.PD_PC_WEBHOOK_URL = simulator.webhookUrl;
  process.env.PD_EXISTING_SYSTEM_URL = simulator.existingSystemUrl;
  process.env.PD_OUTBOX_BASE_DELAY_S = '0.2';
  demo = await startDemoSite();
  const url = (name: string) => demo.emu.infos().find((info) => info.name === name)!.url;
  await connectToEmulators(simulator, { httpAccess: url('http'), console: url('console') });

  app = await browser.newPage(PHONE);
  pc = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const [name, page] of [['app', app], ['pc', pc]] as const) {
    watchForProblems(page, problems, { prefix: name, requestFailures: false });
  }

  await app.goto(`${demo.site.url}/#/pages/login/index`);
  await app.locator('input[name="username"]').fill(demo.admin.username);
  await app.locator('input[name="password"]').fill(demo.admin.password);
  await app.locator('.login__submit').click();
  await app.getByText('数据概览').waitFor();
  const signal = (await rawDocs(demo.emu, 'user_signals')).find((doc) => String(doc._id).startsWith('web:'));
  uid = signal._openid;

  const customers = await asProvider('customers', 'list', { pageSize: 50, status: 'active' });
  const conversations = await asProvider('chat', 'conversations', { pageSize: 50 });
  const quiet = customers.customers.find((c: { id: string }) => !conversations.conversations.some((v: { customerId: string }) => v.customerId === c.id));
  const [stored] = await rawDocs(demo.emu, 'customers', { _id: quiet.id });
  customer = { id: quiet.id, name: quiet.name, externalId: stored.externalId };
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await simulator?.stop();
});

afterEach(() => {
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

test('When a customer types in the simulator’s chat window, then the FAQ bot hands off and the provider’s app shows the consultation live', async () => {
  const waiting = (await asProvider('dashboard', 'overview')).waitingChats;
  await pc.goto(`${simulator.url}/#/chat`);
  await pc.getByTestId('customer-search').fill(customer.name);
  await pc.locator(`[data-testid=customer-item][data-id="${customer.externalId}"]`).click();
  await pc.getByTestId('chat-mode').getByText('智能客服').waitFor();
  await pc.getByTestId('composer').fill(QUESTION);
  await pc.getByTestId('send').click();
  await pc.getByTestId('chat-mode').getByText('人工服务').waitFor();
  // Signed and accepted by our gateway (the simulator shows each outgoing event's state).
  await pc.locator('[data-testid=messages] [data-testid=delivery-state][data-state=delivered]').waitFor({ timeout: 15_000 });

  // The app, on 工作台, without a reload: the 新咨询 toast naming the customer and the waiting count.
  await app.waitForFunction(
    (title) => {
      const toast = document.querySelector<HTMLElement>('.taro__toast');
      return !!toast && toast.style.display !== 'none' && toast.textContent === title;
    },
    `新咨询：${customer.name}`,
    { timeout: 20_000 },
  );
  await eventually(() => app.locator('.workbench__todo-value').nth(2).innerText(), String(waiting + 1), 15_000);

  // 咨询 (工作台's quick entry) lists the customer first, waiting, with the question; the chat shows it.
  await app.locator('.quick-entries__item', { hasText: '咨询' }).click();
  const row = app.locator('.conversation-row', { hasText: customer.name });
  await row.waitFor();
  expect(await row.locator('.conversation-row__last').textContent()).toBe(QUESTION);
  expect(await row.locator('.status-tag').allTextContents()).toEqual(['待回复']);
  await row.click();
  await app.locator('.chat-message--theirs', { hasText: QUESTION }).waitFor();
  expect(await app.title()).toBe(customer.name);
});

test('When the provider replies in the chat, then the outbox delivers it, the simulator’s chat window shows the reply and the app reads 已同步', async () => {
  await app.locator('.chat-composer textarea').fill(REPLY);
  await tapButton('发送');
  const mine = app.locator('.chat-message--mine', { hasText: REPLY });
  await mine.locator('.chat-message__state', { hasText: '待同步' }).waitFor();
  const before = (await receivedByType())['chat.reply'] ?? 0;
  await fireTimer(demo.emu, 'outbox');
  await eventually(async () => (await receivedByType())['chat.reply'] ?? 0, before + 1, 15_000);
  // The customer's window on the PC side shows it (server-sent events, no reload) …
  await pc.getByTestId('msg-provider').getByText(REPLY).waitFor({ timeout: 15_000 });
  // … and the provider's chat reads 已同步, live.
  await mine.locator('.chat-message__state', { hasText: '已同步' }).waitFor({ timeout: 15_000 });
});

test('When the provider escalates the chat, then the new ticket opens and the HQ desk has it with the chat transcript', async () => {
  await app.locator('.chat-banner__escalate').click();
  await app.locator('.escalate-sheet__content textarea').fill('客户报表导出提示权限不足');
  await app.locator('.escalate-sheet__reason textarea').fill(ESCALATION_REASON);
  await tapButton('确认升级');
  await app.locator('.taro-modal__title', { hasText: '升级为工单？' }).waitFor();
  await app.locator('.taro-model__confirm').click();
  // The new ticket opens.
  await app.waitForURL(/#\/pages\/ticket\/detail\?id=/);
  ticketId = new URL(app.url().replace('#', '')).searchParams.get('id')!;
  ticketNo = (await asProvider('tickets', 'detail', { id: ticketId })).ticket.ticketNo;
  expect(ticketNo).toMatch(/^GD\d{8}-\d{4}$/);
  await fireTimer(demo.emu, 'outbox');
  await eventually(async () => (await receivedByType())['chat.escalated'] ?? 0, 1, 15_000);

  await pc.goto(`${simulator.url}/#/hq`);
  await pc.locator(`[data-testid=hq-case][data-ticket="${ticketId}"]`).click();
  const transcript = pc.getByTestId('hq-transcript');
  await transcript.getByText(QUESTION).waitFor();
  await transcript.getByText(REPLY).waitFor();
  await pc.getByTestId('hq-detail').getByText(ESCALATION_REASON).waitFor();
});

test('When HQ resolves the ticket with a note, then the open 工单详情 turns 已解决 with HQ’s step, live, and 消息中心 has HQ’s message unread', async () => {
  const unread = (await asProvider('messages', 'unreadCount')).total;
  // The ticket's page, open on the phone since the escalation.
  await app.locator('.ticket-summary .status-tag').first().waitFor();
  expect(await app.locator('.ticket-summary .status-tag').allTextContents()).toContain('已升级');
  expect(await app.locator('.ticket-summary .status-tag').first().innerText()).not.toBe('已解决');
  await app.evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));

  await pc.getByTestId('hq-note').fill(HQ_NOTE);
  await pc.getByTestId('hq-resolve').click();
  await pc.getByTestId('hq-detail').getByTestId('case-status').getByText('已解决').waitFor();

  await eventually(async () => (await asProvider('tickets', 'detail', { id: ticketId })).ticket.status, 'resolved', 20_000);
  const { ticket } = await asProvider('tickets', 'detail', { id: ticketId });
  expect(ticket.processingHistory.at(-1)).toMatchObject({ operatorName: '总部 李工', content: expect.stringContaining(HQ_NOTE) });
  // The open ticket page follows without a reload: 已解决, and HQ's step with its note on the timeline.
  await eventually(() => app.locator('.ticket-summary .status-tag').first().innerText(), '已解决', 20_000);
  await app.locator('.timeline', { hasText: HQ_NOTE }).waitFor();
  expect(await app.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  // A message arrived: first in 消息中心, unread.
  await eventually(async () => (await asProvider('messages', 'unreadCount')).total, unread + 1, 15_000);
  await app.evaluate(() => void (location.hash = '#/pages/message/index'));
  const first = app.locator('.message-row').first();
  await eventually(() => first.locator('.message-row__title').innerText(), `总部已解决工单 ${ticketNo}`, 15_000);
  expect(await first.getAttribute('class')).toContain('message-row--unread');
});
