/**
 * Draws the tab bar icons (src/assets/tab-bar/<name>.png and <name>-active.png) from the line drawings
 * below: 81×81 PNGs with a transparent background, as WeChat recommends for tabBar iconPath (≤ 40 KB each).
 * Each is one colour at varying opacity, so it is written as a palette PNG (about a third of chromium's RGBA
 * screenshot): the icons ship in the weapp main package.
 * The PNGs are committed; run this only to change them:
 *
 *   npx tsx miniprogram/scripts/draw-tab-icons.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../emulator/test/browser/chromium';
import { encodeTintedPng } from './tinted-png';

const OUT_DIR = path.resolve(__dirname, '../src/assets/tab-bar');
const SIZE = 81;
/** Same colours as app.config.ts tabBar.color / selectedColor. */
const COLORS = { normal: '#8a8f99', active: '#2b6cf6' } as const;

/** Line drawings on a 24×24 grid, stroked (round caps and joins). */
const ICONS: Record<string, string> = {
  // 工作台: a house
  home: '<path d="M3.5 10.5 12 3.5l8.5 7"/><path d="M5.5 9v11h13V9"/><path d="M10 20v-5.5h4V20"/>',
  // 客户: a person with a second behind
  customer: '<circle cx="9.5" cy="8" r="3.5"/><path d="M3 20c0-3.6 2.9-6.5 6.5-6.5S16 16.4 16 20"/><path d="M15.5 4.8a3.5 3.5 0 0 1 0 6.4"/><path d="M18 13.9c1.8.9 3 2.9 3 5.1"/>',
  // 工单: a clipboard with lines
  ticket: '<rect x="5" y="4.5" width="14" height="16.5" rx="2"/><path d="M9 3h6v3H9z"/><path d="M8.5 11h7M8.5 14.5h7M8.5 18h4"/>',
  // 消息: a speech bubble
  message: '<path d="M4 5.5h16v10.5H10l-4.5 3.5V16H4z"/><path d="M8 10.5h.01M12 10.5h.01M16 10.5h.01"/>',
  // 我的: a person in a circle
  profile: '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="10" r="3"/><path d="M6.5 18.2c1.2-2 3.2-3.2 5.5-3.2s4.3 1.2 5.5 3.2"/>',
};

function svg(shapes: string, color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24" fill="none" stroke="${color}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${shapes}</svg>`;
}

/** The drawing's opacity per pixel (row by row), rasterised by chromium on a canvas. */
async function coverage(page: Page, drawing: string): Promise<Uint8Array> {
  const rgba: number[] = await page.evaluate(
    `(async (src) => {
      const img = new Image();
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(src);
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return Array.from(ctx.getImageData(0, 0, img.width, img.height).data);
    })`.trim() + '(' + JSON.stringify(drawing) + ')',
  );
  // 16 opacity levels: the edges stay smooth at 81 px, and fewer distinct bytes compress better.
  return Uint8Array.from({ length: rgba.length / 4 }, (_, i) => Math.round(rgba[i * 4 + 3] / 17) * 17);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    for (const [name, shapes] of Object.entries(ICONS)) {
      for (const [variant, color] of Object.entries(COLORS)) {
        const alpha = await coverage(page, svg(shapes, '#000'));
        const file = path.join(OUT_DIR, `${name}${variant === 'active' ? '-active' : ''}.png`);
        fs.writeFileSync(file, encodeTintedPng(SIZE, SIZE, color, alpha));
        console.log(`${path.relative(process.cwd(), file)}  ${(fs.statSync(file).size / 1024).toFixed(1)} KB`);
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
