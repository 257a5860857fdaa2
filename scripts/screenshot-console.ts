/**
 * Remakes the console screenshots in docs/images/ (README): starts the emulators on free ports with a
 * temporary data folder, puts a few sample documents and invocations in, and photographs the console
 * with Debian's chromium through playwright-core.
 *
 *   npm run build && npx tsx scripts/screenshot-console.ts [--out docs/images] (PD_CHROMIUM=/path/to/chromium for another chromium)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { FREE_PORTS } from '../emulator/src/constants';
import { startEmulators, type RunningEmulators } from '../emulator/src/suite';
import { launchChromium } from '../emulator/test/browser/chromium';
import { newUploadPath } from '@partner-desk/contract';

const ROOT = path.resolve(__dirname, '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function invoke(hubUrl: string, name: string, data: unknown, wxContext?: Record<string, string>): Promise<void> {
  const res = await fetch(`${hubUrl}/functions/${name}:invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data, wxContext }) });
  await res.text();
}

/** Sample data that makes the pictures say something: a few documents and invocations from two callers. */
async function seed(running: RunningEmulators): Promise<void> {
  await invoke(running.hubUrl, 'health', { action: 'ping' });
  await invoke(running.hubUrl, 'health', { action: 'ping' }, { OPENID: 'o6zAJs-demo-provider-0001', APPID: 'wx-demo-app' });
  await invoke(running.hubUrl, 'health', { action: 'ping' }, { OPENID: 'o6zAJs-demo-provider-0002', APPID: 'wx-demo-app' });
  await invoke(running.hubUrl, 'health', { action: 'nope' });
  if (!running.database.hasCollection('console_demo')) await running.database.createCollection('console_demo');
  const statuses = ['open', 'pending', 'resolved'];
  await running.database.insert(
    'console_demo',
    Array.from({ length: 26 }, (_, i) => ({
      title: ['打印机无法连接', '发票抬头需要修改', '账号登录异常', '数据导出很慢', '新门店开通咨询'][i % 5],
      status: statuses[i % 3],
      priority: (i % 4) + 1,
      customer: { name: `客户 ${String.fromCharCode(65 + (i % 26))}`, city: ['上海', '杭州', '深圳'][i % 3] },
      tags: i % 2 ? ['售后', '紧急'] : ['咨询'],
      createdAt: new Date(Date.UTC(2025, 2, 1 + i, 2, 30)),
    })),
  );
}

/** A few stored files, as two users' uploads and one server upload, for the 云存储 page. */
async function seedStorage(running: RunningEmulators): Promise<void> {
  const icons = path.join(ROOT, 'miniprogram/src/assets/tab-bar');
  const files: [auth: { uid?: string; openid?: string; loginType: string } | null, file: string, key: string][] = [
    [{ openid: 'o6zAJs-demo-provider-0001', loginType: 'WECHAT-OPEN' }, 'ticket-active.png', newUploadPath('sp_s1_01_admin', { extension: 'png' })],
    [{ openid: 'o6zAJs-demo-provider-0001', loginType: 'WECHAT-OPEN' }, 'customer-active.png', newUploadPath('sp_s1_01_admin', { extension: 'png' })],
    [{ uid: '9f2c41d7e0a84b3c', loginType: 'ANONYMOUS' }, 'message-active.png', newUploadPath('sp_s1_02_kefu1', { extension: 'png' })],
    [null, 'home.png', 'reports/2026/weekly-chart.png'],
  ];
  for (const [auth, file, key] of files) {
    const ticket = await running.storage.prepareUpload(auth ? { kind: 'client', auth } : { kind: 'server' }, key);
    const res = await fetch(ticket.url, { method: 'PUT', headers: { authorization: ticket.authorization, 'x-cos-security-token': ticket.token, 'x-cos-meta-fileid': ticket.cosFileId, 'content-type': 'image/png' }, body: fs.readFileSync(path.join(icons, file)) });
    if (res.status !== 200) throw new Error(`upload of ${key} failed: ${res.status}`);
  }
}

export async function shoot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: file, type: 'png' });
  const kb = fs.statSync(file).size / 1024;
  console.log(`${path.relative(ROOT, file)}  ${kb.toFixed(0)} KB`);
}

async function main(): Promise<void> {
  const outDir = path.resolve(ROOT, option('--out', 'docs/images'));
  fs.mkdirSync(outDir, { recursive: true });
  // The functions refuse to start without their field key; these throwaway data need no lasting one.
  process.env.PD_FIELD_KEY ??= randomBytes(32).toString('base64');
  const browser = await launchChromium();
  const running = await startEmulators({ root: ROOT, ports: FREE_PORTS, timers: false, envId: 'demo-partner-desk' });
  const consoleUrl = running.console.getInfo().url;
  try {
    await seed(running);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${consoleUrl}/#/database/console_demo`);
    await page.waitForSelector('[data-testid=documents] tbody tr');
    await shoot(page, path.join(outDir, 'console-collections.png'));

    await page.goto(`${consoleUrl}/#/invocations`);
    await page.waitForSelector('[data-testid=invocations] tbody tr');
    await page.locator('[data-testid=invocations] tbody tr').nth(1).click();
    await page.waitForSelector('[data-testid=operations]');
    await shoot(page, path.join(outDir, 'console-invocations.png'));

    await seedStorage(running);
    await page.goto(`${consoleUrl}/#/storage`);
    await page.waitForSelector('[data-testid=storage-files] tbody tr');
    await page.locator('[data-testid=storage-files] tbody tr').first().locator('td').nth(1).click();
    await page.waitForSelector('[data-testid=storage-preview]');
    await shoot(page, path.join(outDir, 'console-storage.png'));
  } finally {
    await browser.close();
    await running.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
