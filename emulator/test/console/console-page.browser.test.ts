/**
 * The console page in headless Debian chromium against a running suite: collections and documents are
 * shown, a query error is readable, a document is edited and deleted, hostile document contents stay
 * text, and the invocation log shows the ping call with its database operations. Screenshots land in
 * build/console-screenshots/ (scripts/screenshot-console.ts remakes the README's pictures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningEmulators } from '../../src/suite';
import { REPO_ROOT, invokeViaHub, startTestEmulators } from '../helpers/test-emulators';
import { launchChromium } from '../browser/chromium';
import { consoleFor } from './console-harness';

const SHOTS = path.join(REPO_ROOT, 'build/console-screenshots');
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

let running: RunningEmulators;
let dataDir: string;
let consoleService: { url: string; stop: () => Promise<void> };
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  // Chromium first: on a machine without it nothing else is started (and left running).
  browser = await launchChromium();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-page-'));
  running = await startTestEmulators({ dataDir });
  consoleService = await consoleFor(running);
  const ping = await invokeViaHub(running.hubUrl, 'ping', { action: 'ping' }, { OPENID: 'o-browser-test', APPID: 'wx-test' });
  expect(ping.body.ok).toBe(true);
  await running.database.createCollection('console_page_test');
  await running.database.insert('console_page_test', [
    { _id: 'plain', title: '普通文档', n: 1 },
    { _id: 'hostile', title: XSS, nested: { html: '</pre><b>bold?</b>' } },
  ]);
  fs.mkdirSync(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // CSP violations and script errors show up here; the page must produce none.
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  // (The strict-index query answers 400 on purpose; chromium logs every 4xx response as an error.)
  page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && pageProblems.push(`console.error: ${m.text()}`));
  page.on('response', (r) => r.status() === 404 && pageProblems.push(`404: ${r.url()}`));
});

afterAll(async () => {
  await browser?.close();
  await consoleService?.stop();
  await running?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('collections are listed with their counts; the ping counter document is shown', async () => {
  await page.goto(`${consoleService.url}/#/database/pings`);
  const list = page.locator('[data-testid=collections]');
  await list.locator('a', { hasText: 'pings' }).waitFor();
  await expect(list.locator('a', { hasText: 'pings' }).locator('.coll-count').textContent()).resolves.toBe('1');
  await expect(list.locator('a', { hasText: 'console_page_test' }).locator('.coll-count').textContent()).resolves.toBe('2');
  expect(await page.locator('[data-testid=collection-name]').textContent()).toBe('pings');
  const rows = page.locator('[data-testid=documents] tbody tr');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(1);
  expect(await page.locator('.pager').textContent()).toContain('共 1 条');
  expect(await page.locator('#env-id').textContent()).toBe(running.config.envId);
  await page.screenshot({ path: path.join(SHOTS, 'collections.png') });
});

test('document contents are shown as text, never as markup', async () => {
  await page.goto(`${consoleService.url}/#/database/console_page_test`);
  const hostileRow = page.locator('[data-testid=documents] tbody tr[data-id=hostile]');
  await hostileRow.waitFor();
  expect(await hostileRow.locator('td').nth(1).textContent()).toBe(XSS);
  await hostileRow.click();
  await page.locator('.drawer .json').waitFor();
  expect(await page.locator('.drawer .json').textContent()).toContain('</pre><b>bold?</b>');
  expect(await page.locator('.drawer b, [data-testid=documents] img, main script').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('an unindexed query shows the strict index error readably', async () => {
  await page.goto(`${consoleService.url}/#/database/console_page_test`);
  await page.locator('#q-filter').fill('{ "n": { "$gt": 0 } }');
  await page.getByRole('button', { name: '查询 Query' }).click();
  const error = page.locator('.query-info .error-box');
  await error.waitFor();
  expect(await error.textContent()).toContain('EMULATOR_INDEX_REQUIRED');
  expect(await error.textContent()).toContain('not covered by any index');
  // A bad JSON filter is caught before it is sent.
  await page.locator('#q-filter').fill('{ n: ');
  await page.getByRole('button', { name: '查询 Query' }).click();
  await page.locator('.query-info .error-box', { hasText: 'INVALID_JSON' }).waitFor();
  // An _id query needs no extra index.
  await page.locator('#q-filter').fill('{ "_id": "plain" }');
  await page.getByRole('button', { name: '查询 Query' }).click();
  await page.locator('.query-info', { hasText: '匹配 1 条' }).waitFor();
  expect(await page.locator('[data-testid=documents] tbody tr').count()).toBe(1);
});

test('a document is edited in the JSON editor and deleted after confirmation', async () => {
  await page.goto(`${consoleService.url}/#/database/console_page_test`);
  await page.locator('[data-testid=documents] tbody tr[data-id=plain]').click();
  await page.getByRole('button', { name: '编辑 Edit' }).click();
  const editor = page.locator('textarea.editor');
  await editor.fill('{ "_id": "plain", "title": "改过的标题", "n": 2 }');
  await page.getByRole('button', { name: '保存 Save' }).click();
  await page.locator('[data-testid=documents] tbody tr[data-id=plain]', { hasText: '改过的标题' }).waitFor();
  expect(await running.database.find('console_page_test', { _id: 'plain' })).toEqual([{ _id: 'plain', title: '改过的标题', n: 2 }]);

  await page.locator('[data-testid=documents] tbody tr[data-id=plain]').click();
  await page.getByRole('button', { name: '删除 Delete' }).click();
  const dialog = page.locator('dialog#confirm');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('plain');
  await page.locator('#confirm-cancel').click();
  expect(await running.database.count('console_page_test', { _id: 'plain' })).toBe(1);
  await page.getByRole('button', { name: '删除 Delete' }).click();
  await page.locator('#confirm-ok').click();
  await page.locator('[data-testid=documents] tbody tr[data-id=plain]').waitFor({ state: 'detached' });
  expect(await running.database.count('console_page_test', { _id: 'plain' })).toBe(0);
});

test('the invocation log shows the ping call, its caller and its database operations', async () => {
  await page.goto(`${consoleService.url}/#/invocations`);
  const row = page.locator('[data-testid=invocations] tbody tr', { hasText: 'o-browser-test' });
  await row.waitFor();
  expect(await row.locator('td').first().textContent()).toBe('ping');
  expect(await row.textContent()).toContain('成功');
  await row.click();
  const ops = page.locator('[data-testid=operations] .op');
  await ops.first().waitFor();
  expect(await ops.count()).toBeGreaterThan(0);
  expect(await ops.first().textContent()).toContain('pings');
  expect(await page.locator('.drawer').textContent()).toContain('OPENID: o-browser-test');
  await page.screenshot({ path: path.join(SHOTS, 'invocations.png') });
});

test('the 云存储 page lists a stored image with its size, uploader and time, previews it, and deletes it after confirmation', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  const ticket = await running.storage.prepareUpload({ kind: 'client', auth: { uid: 'uid-page-test', loginType: 'ANONYMOUS' } }, 'uploads/uid-page-test/202612/截图.png');
  const put = await fetch(ticket.url, { method: 'PUT', headers: { authorization: ticket.authorization, 'x-cos-security-token': ticket.token, 'x-cos-meta-fileid': ticket.cosFileId, 'content-type': 'image/png' }, body: png });
  expect(put.status).toBe(200);

  await page.goto(`${consoleService.url}/#/storage`);
  const row = page.locator('[data-testid=storage-files] tbody tr', { hasText: '截图.png' });
  await row.waitFor();
  expect(await row.textContent()).toContain(`${png.length} B`);
  expect(await row.textContent()).toContain('uid-page-test');
  expect(await row.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  // Decoded by the browser, i.e. served to the page and allowed by its CSP.
  const loadedWidth = (img: any) =>
    img.complete ? img.naturalWidth : new Promise<number>((resolve) => ((img.onload = () => resolve(img.naturalWidth)), (img.onerror = () => resolve(-1))));
  expect(await row.locator('img.thumb').evaluate(loadedWidth)).toBe(1);

  await row.locator('td').nth(1).click();
  expect(await page.locator('[data-testid=storage-preview]').evaluate(loadedWidth)).toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'storage.png') });
  await page.locator('.drawer-foot button', { hasText: '删除' }).click();
  await page.locator('#confirm-ok').click();
  await page.locator('#toast', { hasText: '已删除' }).waitFor();
  await row.waitFor({ state: 'detached' });
  expect(running.storage.store.get('uploads/uid-page-test/202612/截图.png')).toBeUndefined();
});

test('the other pages render', async () => {
  await page.goto(`${consoleService.url}/#/messages`);
  await page.locator('main [data-state=empty], [data-testid=messages]').first().waitFor();
  await page.goto(`${consoleService.url}/#/timers`);
  await page.locator('main [data-state=empty], [data-testid=timers]').first().waitFor();
  await page.goto(`${consoleService.url}/#/overview`);
  await page.locator('[data-testid=endpoints] tbody tr', { hasText: 'hub' }).waitFor();
  await page.locator('[data-testid=endpoints] tbody tr', { hasText: 'storage' }).waitFor();
  expect(await page.locator('[data-testid=endpoints]').textContent()).toContain(running.hubUrl);
});

test('the page raised no script errors or CSP violations', () => {
  expect(pageProblems).toEqual([]);
});
