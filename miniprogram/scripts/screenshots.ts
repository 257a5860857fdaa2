/**
 * Phone-size pictures of the app with real data, for the README: the H5 build against the emulators with
 * the demo data set, in headless chromium at 390×844 (2× pixels), signed in with a demo login.
 *
 *   npx tsx miniprogram/scripts/screenshots.ts      # writes docs/images/app-*.png
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../emulator/test/browser/chromium';
import { COLLECTIONS } from '@partner-desk/database';
import { postPcEvent } from '../../test-support/pc-events';
import { callAs } from '../../test-support/product-emulators';
import { rawDocs } from '../../test-support/raw';
import { startDemoSite, type DemoSite } from './demo-site';
import { PHONE } from './phone';

const OUT = path.resolve(__dirname, '../../docs/images');
export { PHONE };

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Skeletons gone, fonts drawn.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
}

async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  const file = path.join(OUT, `app-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  ${path.relative(process.cwd(), file)}`);
}

/** 客户列表 and a customer's 客户详情, its top and its usage score (a customer with open issues, so every block has content). */
async function shootCustomers(page: Page): Promise<void> {
  await page.locator('.weui-tabbar__item', { hasText: '客户' }).click();
  await page.locator('.customer-row').first().waitFor();
  await shoot(page, 'customers');
  await page.locator('.customer-row', { has: page.locator('.customer-row__issues--open') }).first().click();
  await page.locator('.usage-score__value').waitFor();
  await shoot(page, 'customer-detail');
  // The usage score further down: its section at the top of the screen.
  await page.locator('.usage-score').evaluate((el) => el.closest('.section')!.scrollIntoView({ block: 'start' }));
  await shoot(page, 'customer-score');
  await page.goBack();
}

/** A message from the customer of the newest consultation, as the PC side routes it (signed, to pcGateway). */
async function customerWritesAgain(demo: DemoSite, content: string): Promise<void> {
  const openId = 'o-screenshots-admin';
  const signedIn = await callAs(demo.emu, openId, 'auth', 'login', { username: demo.admin.username, password: demo.admin.password });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  const listed = await callAs(demo.emu, openId, 'chat', 'conversations', { pageSize: 1 });
  if (!listed.ok) throw new Error(listed.error.message);
  const { customerId, customerName } = listed.data.conversations[0];
  const [customer] = await rawDocs(demo.emu, COLLECTIONS.customers, { _id: customerId });
  const sentAt = new Date().toISOString();
  const answer = await postPcEvent(demo.emu, {
    type: 'consultation.message',
    data: { customerExternalId: customer.externalId, externalMessageId: `pc-shot-${Date.now()}`, customerName, content, sentAt },
    occurredAt: sentAt,
  });
  if (answer.status !== 200) throw new Error(`pcGateway answered ${answer.status}`);
}

/** 工单列表 and a ticket being worked on (处理中: its record has more than the creation). */
async function shootTickets(page: Page): Promise<void> {
  await page.locator('.weui-tabbar__item', { hasText: '工单' }).click();
  await page.locator('.ticket-row').first().waitFor();
  await shoot(page, 'tickets');
  await page.locator('.ticket-row', { hasText: '处理中' }).first().click();
  await page.locator('.timeline__item').first().waitFor();
  await shoot(page, 'ticket-detail');
  await page.goBack();
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  console.log('starting the emulators with demo data and the H5 app …');
  const demo = await startDemoSite();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage(PHONE);
    page.on('console', (m) => m.type() === 'error' && console.warn(`console.error: ${m.text()}`));
    await page.goto(`${demo.site.url}/#/pages/login/index`);
    await page.getByText('邀请码注册', { exact: true }).waitFor();
    await shoot(page, 'login');
    await page.getByText('邀请码注册', { exact: true }).click();
    await page.locator('input[name="invite-code"]').waitFor();
    await shoot(page, 'register');
    await page.getByText('已有账号？返回登录').click();

    await page.locator('input[name="username"]').fill(demo.admin.username);
    await page.locator('input[name="password"]').fill(demo.admin.password);
    await page.locator('.login__submit').click();
    await page.getByText('数据概览').waitFor();
    await shoot(page, 'workbench');

    await page.locator('.weui-tabbar__item', { hasText: '消息' }).click();
    await page.locator('.message-row').first().waitFor();
    await shoot(page, 'messages');
    await page.locator('.message-row--unread').first().click();
    await page.locator('.message-sheet__content').waitFor();
    await shoot(page, 'message-detail');
    await page.keyboard.press('Escape');
    await page.locator('.nut-popup-title-right, .nut-popup-close').first().click().catch(() => undefined);

    await shootTickets(page);

    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
    await page.getByText('消息通知').waitFor();
    await shoot(page, 'profile');

    const cell = (title: string) => page.locator('.profile .nut-cell').filter({ has: page.getByText(title, { exact: true }) });
    await cell('密码重置申请').click();
    await page.locator('.admin-row').first().waitFor();
    await shoot(page, 'password-resets');
    await page.goBack();
    await cell('邀请码').click();
    await page.locator('.admin-row').first().waitFor();
    await shoot(page, 'invites');
    await page.goBack();

    await shootCustomers(page);

    // 咨询: a customer of the newest consultation writes again through the PC side (signed, to /pc/events), so
    // the list and the chat show a consultation waiting with its countdown. From 工作台's quick entry.
    await customerWritesAgain(demo, '你好，续费后新增的两个端口还没生效，麻烦看一下');
    await page.locator('.weui-tabbar__item', { hasText: '工作台' }).click();
    await page.locator('.quick-entries__item', { hasText: '咨询' }).click();
    await page.locator('.conversation-row__countdown').first().waitFor();
    // The 新咨询 toast the message raised has had its moment; the list without it.
    await page.getByText(/^新咨询：/).waitFor({ state: 'hidden', timeout: 10_000 });
    await shoot(page, 'chat-list');
    await page.locator('.conversation-row').first().click();
    await page.locator('.chat-banner__countdown').waitFor();
    await shoot(page, 'chat-detail');
  } finally {
    await browser.close();
    await demo.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
