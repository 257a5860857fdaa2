/**
 * 客户 as a provider meets it (seed §5.3.2, customer management): the H5 build against the emulators with the
 * demo data set, in headless Debian chromium at a phone's size. The demo admin signs in, browses and searches
 * the customers, filters them (status, unresolved issues, region) — every count equal to what customers.list
 * answers —, opens a customer and its usage score, reveals the contact and copies the number, and creates a
 * ticket with a screenshot from the detail, which then heads the history (and the cloud's). Throughout: no console error, no
 * failed request, no English or placeholder text on screen.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../emulator/test/browser/chromium';
import { callAsWebUser } from '../../../test-support/product-emulators';
import { rawDocs } from '../../../test-support/raw';
import { startDemoSite, type DemoSite } from '../../scripts/demo-site';
import { PHONE } from '../../scripts/screenshots';
import { eventually } from '../support/eventually';
import { watchForProblems } from '../support/page-problems';

jest.setTimeout(300_000);

/** A real PNG drawn by chromium's own canvas (the H5 picker decodes and compresses it through a canvas too). */
async function screenshotPng(): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = '#e34d59';
    g.fillRect(20, 20, 280, 60);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

let demo: DemoSite;
let browser: Browser;
let page: Page;
let uid: string;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  demo = await startDemoSite();
  page = await browser.newPage(PHONE);
  watchForProblems(page, problems);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

afterEach(() => {
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

async function asBrowser<T = any>(fn: string, action: string, payload?: unknown): Promise<T> {
  const answer = await callAsWebUser(demo.emu, uid, fn, action, payload);
  if (!answer.ok) throw new Error(`${fn}.${action}: ${answer.error.message}`);
  return answer.data as T;
}

/** What is on screen reads in Chinese: no English UI word and nothing a bug would print. */
async function expectChineseOnly(): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text.match(/undefined|NaN|\[object Object\]|\bnull\b|Invalid Date|建设中/g)).toBeNull();
  expect(text.match(/\b(Loading|Error|Retry|Cancel|Confirm|Submit|Network|Failed|Success|Search|Filter|Customers?)\b/gi)).toBeNull();
}

/** The customer list of the 客户 tab (the detail page stays mounted under it in H5 once opened). */
const listPage = () => page.locator('.customer-list');
const rowNames = () => listPage().locator('.customer-row__name').allTextContents();
const summary = () => listPage().locator('.list-toolbar__summary').innerText();
const tapButton = (label: string, scope = page.locator('body')) => scope.locator('taro-button-core', { hasText: new RegExp(`^${label}$`) }).first().click();
const detailPage = () => page.locator('.customer-detail');
const detailSection = (title: string) => detailPage().locator('.section').filter({ has: page.locator('.section__title', { hasText: title }) });

test('When the demo admin signs in and opens 客户, then the list shows the first page of customers.list with every field', async () => {
  await page.goto(`${demo.site.url}/#/pages/login/index`);
  await page.locator('input[name="username"]').fill(demo.admin.username);
  await page.locator('input[name="password"]').fill(demo.admin.password);
  await page.locator('.login__submit').click();
  await page.getByText('数据概览').waitFor();
  const signal = (await rawDocs(demo.emu, 'user_signals')).find((doc) => String(doc._id).startsWith('web:'));
  uid = signal._openid;

  await page.locator('.weui-tabbar__item', { hasText: '客户' }).click();
  await listPage().locator('.customer-row').first().waitFor();
  expect(await page.title()).toBe('客户列表');
  const first = await asBrowser('customers', 'list', { page: 1, pageSize: 20 });
  expect(await rowNames()).toEqual(first.customers.map((c: { name: string }) => c.name));
  expect(await summary()).toBe(`共 ${first.total} 位客户`);
  const row = first.customers[0];
  const shown = listPage().locator('.customer-row').first();
  expect(await shown.locator('.status-tag').innerText()).toBe(row.statusLabel);
  expect(await shown.locator('.customer-row__software').innerText()).toBe(`${row.softwareVersion} · ${row.portCount} 个端口`);
  expect(await shown.locator('.customer-row__score-value').innerText()).toBe(String(row.usageScore));
  expect(await shown.locator('.customer-row__issues').innerText()).toBe(row.hasUnresolved ? `${row.unresolvedIssues} 个未解决问题` : '无未解决问题');
  await expectChineseOnly();
});

test('When a name is searched, then the list holds exactly what customers.list finds for it', async () => {
  const all = await asBrowser('customers', 'list', { page: 1, pageSize: 50 });
  // A fragment shared by a few names: the city of the third customer's name (杭州明德… → 杭州).
  const keyword = (all.customers[2].name as string).slice(0, 2);
  const expected = await asBrowser('customers', 'list', { page: 1, pageSize: 20, keyword });
  await listPage().locator('input[name="customer-keyword"]').fill(keyword);
  await listPage().locator('input[name="customer-keyword"]').press('Enter');
  await eventually(rowNames, expected.customers.map((c: { name: string }) => c.name));
  expect(await summary()).toBe(`符合条件 ${expected.total} 位客户`);
  expect(expected.total).toBeGreaterThan(0);

  await listPage().locator('.customer-list__clear').click();
  await eventually(summary, `共 ${all.total} 位客户`);
  expect(await listPage().locator('input[name="customer-keyword"]').inputValue()).toBe('');
});

test('When the list is filtered by status and unresolved issues, then by a region, each count is customers.list’s and each row fits', async () => {
  await listPage().locator('.segmented-tabs__tab', { hasText: '即将到期' }).click();
  const expiring = await asBrowser('customers', 'list', { page: 1, pageSize: 20, status: 'expiring' });
  await eventually(summary, `符合条件 ${expiring.total} 位客户`);
  await eventually(() => listPage().locator('.customer-row .status-tag').allTextContents(), expiring.customers.map(() => '即将到期'));

  await listPage().locator('.customer-filters__chip', { hasText: '有未解决问题' }).click();
  const troubled = await asBrowser('customers', 'list', { page: 1, pageSize: 20, status: 'expiring', hasUnresolved: true });
  await eventually(summary, `符合条件 ${troubled.total} 位客户`);
  await eventually(rowNames, troubled.customers.map((c: { name: string }) => c.name));

  await listPage().locator('.customer-list__clear').click();
  const { regions } = await asBrowser('customers', 'regions', {});
  expect(regions.length).toBeGreaterThan(1);
  await listPage().locator('.customer-filters__chip', { hasText: '全部地区' }).click();
  await page.locator('.region-sheet__option').nth(1).waitFor();
  expect(await page.locator('.region-sheet__name').allTextContents()).toEqual(['全部地区', ...regions.map((r: { region: string }) => r.region)]);
  await expectChineseOnly();
  await page.locator('.region-sheet__option').nth(1).click();
  await eventually(summary, `符合条件 ${regions[0].count} 位客户`);
  await eventually(() => listPage().locator('.customer-row__region').allTextContents(), (shown: string[]) => expect(new Set(shown)).toEqual(new Set([regions[0].region])));
  await listPage().locator('.customer-list__clear').click();
});

let customerId: string;

test('When a customer is opened, then 客户详情 shows its licence, open issues and the usage score with each component as customers.detail answers them', async () => {
  await eventually(async () => (await summary()).startsWith('共'), true);
  const name = (await rowNames())[0];
  await listPage().locator('.customer-row').first().click();
  await detailPage().locator('.usage-score__value').waitFor();
  customerId = new URL(page.url().replace('#', '')).searchParams.get('id')!;
  const detail = await asBrowser('customers', 'detail', { id: customerId });
  expect(detail.customer.name).toBe(name);
  expect(await page.title()).toBe(name);

  expect(await detailPage().locator('.usage-score__value').innerText()).toBe(String(detail.usageScore.score));
  expect(await detailPage().locator('.usage-score__level').innerText()).toBe(`使用深度：${detail.usageScore.levelLabel}`);
  const bars = detailSection('使用深度评分').locator('.bar-chart__name');
  const names = detail.usageScore.components.map((c: { label: string }) => c.label);
  expect((await bars.allTextContents()).slice(-names.length)).toEqual(names);
  expect(await detailSection('软件与授权').locator('.info-list__value').first().innerText()).toBe(detail.licence.softwareVersion);
  expect(await detailSection('当前未解决问题').locator('.customer-ticket__title').allTextContents()).toEqual(detail.openTickets.map((t: { title: string }) => t.title));
  expect(await detailSection('历史工单').locator('.customer-ticket__no').allTextContents()).toEqual(detail.history.tickets.map((t: { ticketNo: string }) => t.ticketNo));
  await expectChineseOnly();
});

test('When 查看 is tapped, then the clear contact shows (and the look is audited); 联系客户 copies the number', async () => {
  const basic = detailSection('联系方式');
  const masked = (await basic.locator('.info-list__value').nth(1).innerText()).replace(/\s*查看$/, '');
  expect(masked).toMatch(/\*{4}/);
  const audits = async () => (await rawDocs(demo.emu, 'audit_log')).filter((a) => a.action === 'customers.revealContact' && a.targetId === customerId).length;
  const auditsBefore = await audits();
  await basic.locator('.contact-card__reveal').first().click();
  await eventually(() => basic.locator('.contact-card__reveal').count(), 0);
  const phone = await basic.locator('.info-list__value').nth(1).innerText();
  expect(phone).toMatch(/^1\d{10}$/);
  expect(phone.slice(0, 3)).toBe(masked.slice(0, 3));
  expect(phone.slice(-4)).toBe(masked.slice(-4));
  expect(await audits()).toBe(auditsBefore + 1);

  await tapButton('联系客户', detailPage());
  await page.getByText(`拨打 ${phone}`).waitFor();
  await page.getByText('复制电话号码').click();
  await page.getByText('内容已复制').waitFor();
  expect(await page.evaluate(() => (window as unknown as { localStorage: Storage }).localStorage.getItem('taro_clipboard') ?? '')).toContain(phone);
});

test('When a ticket is created from the detail, then it heads the history and the open issues, as in the cloud', async () => {
  const title = `浏览器测试：发票打印空白 ${Date.now() % 10_000}`;
  await tapButton('创建工单', detailPage());
  const form = page.locator('.ticket-sheet');
  await form.locator('input[name="ticket-title"]').fill(title);
  await form.locator('.choice-chips__chip', { hasText: '系统问题' }).click();
  await form.locator('.choice-chips__chip', { hasText: /^高$/ }).click();
  await form.locator('textarea').fill('今天上午开始，所有发票打印出来都是空白页');
  // A screenshot through the image picker: Taro's chooseMedia opens the browser's file dialog in H5.
  const chooser = page.waitForEvent('filechooser');
  await form.locator('.image-picker__add').click();
  await (await chooser).setFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: await screenshotPng() });
  await eventually(() => form.locator('.image-picker__item').evaluateAll((items) => items.map((item) => item.getAttribute('data-status'))), ['uploaded'], 30_000);
  await expectChineseOnly();
  await tapButton('提交工单', form);

  await eventually(() => detailSection('历史工单').locator('.customer-ticket__title').first().innerText(), title);
  expect(await detailSection('当前未解决问题').locator('.customer-ticket__title').first().innerText()).toBe(title);
  const history = await asBrowser('customers', 'tickets', { id: customerId, page: 1, pageSize: 10 });
  expect(history.tickets[0]).toMatchObject({ title, type: 'system_issue', priority: 'high', status: 'open' });
  expect(await detailSection('历史工单').locator('.customer-ticket__no').first().innerText()).toBe(history.tickets[0].ticketNo);
  // The screenshot went with it: one image of the caller's own upload folder.
  const { ticket } = await asBrowser('tickets', 'detail', { id: history.tickets[0].id });
  expect(ticket.images).toHaveLength(1);
  expect(ticket.images[0].fileID).toMatch(/\/uploads\/[^/]+\/\d{6}\/[A-Za-z0-9_-]+\.(png|jpg)$/);
  expect(ticket.images[0].url).toMatch(/^http/);
  await expectChineseOnly();
});
