/**
 * The H5 build as a provider at a PC or phone browser gets it: `taro build --type h5` (production), the
 * output served as static hosting would, opened in headless Debian chromium at a phone's size (390×844).
 * The login page must draw its Chinese with a real CJK font (not boxes), the tab pages must show the five
 * tabs with their icons, and the console must stay clean (no error, no failed request).
 */
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { NETWORK_ERROR_MESSAGE } from '@partner-desk/cloud-client';
import { launchChromium } from '../../../emulator/test/browser/chromium';
import { JS_SDK_MARKER, scriptsContaining } from '../support/build-output';
import { serveStatic, type StaticServer } from '../support/serve-static';
import { buildMiniprogram, outputDir } from '../support/taro-build';

jest.setTimeout(240_000);

let browser: Browser;
let site: StaticServer;
let page: Page;
const problems: string[] = [];

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

beforeAll(async () => {
  // Chromium first: on a machine without it nothing is built or served in vain.
  browser = await launchChromium();
  const { dir } = await buildMiniprogram('h5');
  site = await serveStatic(dir);
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page.on('console', (m: ConsoleMessage) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('When the login page opens on a phone-sized screen, then its Chinese is drawn with a CJK font and the console stays clean', async () => {
  await page.goto(`${site.url}/#/pages/login/index`, { waitUntil: 'networkidle' });
  await page.getByText('服务商工作台').waitFor();

  expect(await page.title()).toBe('登录');
  await expect(page.getByText('登录后管理客户、工单与消息').isVisible()).resolves.toBe(true);
  await expect(page.getByRole('textbox', { name: '请输入账号' }).isVisible()).resolves.toBe(true);
  const fonts = await platformFonts(page, '.login__brand');
  // Six characters, every one drawn by a font that has Chinese glyphs (no fallback boxes).
  expect(fonts.reduce((n, f) => n + f.glyphCount, 0)).toBe(6);
  for (const font of fonts) expect(font.familyName).toMatch(/CJK|Hei|Song|Kai|Ming|WenQuanYi|Fallback|PingFang|YaHei|SC|TC/i);
  expect(problems).toEqual([]);
});

test('When a tab page opens, then the tab bar shows 工作台 · 客户 · 工单 · 消息 · 我的 with their icons loaded', async () => {
  await page.goto(`${site.url}/#/pages/customer/list`, { waitUntil: 'networkidle' });
  await page.getByText('搜索与筛选服务商名下的客户').waitFor();

  expect(await page.title()).toBe('客户列表');
  const tabs = page.locator('.weui-tabbar__item');
  await expect(tabs.allInnerTexts()).resolves.toEqual(['工作台', '客户', '工单', '消息', '我的']);
  const icons = await page.locator('.weui-tabbar__item img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
  expect(icons).toEqual([81, 81, 81, 81, 81]);
  expect(problems).toEqual([]);
});

test('When built for H5, then the cloud client is in the bundle over @cloudbase/js-sdk', () => {
  const dir = outputDir('h5');
  expect(scriptsContaining(dir, NETWORK_ERROR_MESSAGE).length).toBeGreaterThan(0);
  expect(scriptsContaining(dir, JS_SDK_MARKER).length).toBe(1);
});
