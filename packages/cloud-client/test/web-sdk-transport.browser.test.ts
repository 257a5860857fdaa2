/**
 * The facade as the H5 build ships it: esbuild bundles packages/cloud-client with the build-time defines
 * (TARO_ENV=h5, TCB_ENV_ID, TCB_EMULATOR_WEB_HOST), so selectTransport() picks the real @cloudbase/js-sdk,
 * which signs in anonymously and calls health.ping through the web emulator in headless chromium.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningEmulators } from '../../../emulator/src/suite';
import { PRODUCT_ROOT, startProductEmulators } from '../../../test-support';
import { launchChromium } from '../../../emulator/test/browser/chromium';

let running: RunningEmulators;
let browser: Browser;
let server: http.Server;
let page: Page;
let workDir: string;
const logs: string[] = [];

jest.setTimeout(90_000);

/** Bundles the facade for the browser exactly as a web build would configure it. */
async function bundleFacade(envId: string, webHost: string): Promise<string> {
  const entry = path.join(workDir, 'entry.ts');
  fs.writeFileSync(entry, `import * as client from ${JSON.stringify(path.join(PRODUCT_ROOT, 'packages/cloud-client/src/index.ts'))};\n(window as any).cloudClient = client;\n`);
  const outfile = path.join(workDir, 'facade.js');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    outfile,
    absWorkingDir: PRODUCT_ROOT,
    nodePaths: [path.join(PRODUCT_ROOT, 'node_modules')],
    define: {
      'process.env.NODE_ENV': '"production"',
      'process.env.TARO_ENV': '"h5"',
      'process.env.TCB_ENV_ID': JSON.stringify(envId),
      'process.env.TCB_EMULATOR_WEB_HOST': JSON.stringify(webHost),
    },
    logLevel: 'silent',
  });
  return outfile;
}

beforeAll(async () => {
  // Chromium first: on a machine without it nothing else is started (and left running).
  browser = await launchChromium();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloud-client-browser-'));
  running = await startProductEmulators();
  const bundle = fs.readFileSync(await bundleFacade(running.config.envId, running.env.TCB_EMULATOR_WEB_HOST));
  // The page comes from its own origin, as the H5 app would: CORS is exercised.
  server = http.createServer((req, res) => {
    if (req.url === '/facade.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><script src="/facade.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  page = await browser.newPage();
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  page.on('requestfailed', (r) => logs.push(`[requestfailed] ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await running?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

type Facade = typeof import('../src');

test('callCloud("health", "ping") goes through the web SDK as an anonymous user', async () => {
  const result = await page.evaluate(() => ((globalThis as unknown as { cloudClient: Facade }).cloudClient.callCloud('health', 'ping', {})));
  expect([result, logs]).toEqual([{ ok: true, data: expect.objectContaining({ env: running.config.envId, pings: expect.any(Number) }) }, logs]);
  const invocation = running.functions.invocations().at(-1)!;
  expect(invocation).toMatchObject({ functionName: 'health', source: 'web', status: 'ok' });
});

test('an unknown function (called from untyped JavaScript) is an ActionResult failure, not a thrown error', async () => {
  const result = await page.evaluate(() => {
    const untyped = (globalThis as unknown as { cloudClient: Facade }).cloudClient.callCloud as unknown as (fn: string, action: string, payload: unknown) => Promise<unknown>;
    return untyped('no_such_function', 'ping', {});
  });
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTERNAL', message: '网络异常，请稍后重试' }) });
});

/** Starts watch() in the page and resolves with the first thing it reports (or 'timeout'), then closes it. */
function firstWatchEvent(collection: string, where: Record<string, unknown>) {
  return page.evaluate(
    ({ collection, where }) =>
      new Promise<{ kind: string; type?: string; docs?: number; code?: string; closed?: boolean }>((resolve) => {
        const facade = (globalThis as unknown as { cloudClient: Facade }).cloudClient;
        const timer = setTimeout(() => resolve({ kind: 'timeout' }), 15_000);
        const handle = facade.watch({
          collection,
          where,
          onChange: (snapshot) => {
            clearTimeout(timer);
            void handle.close().then(() => resolve({ kind: 'change', type: snapshot.type, docs: snapshot.docs.length, closed: true }));
          },
          onError: (error) => {
            clearTimeout(timer);
            // The SDK's error objects differ by path; their text is enough to check the reason.
            const text = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
            void handle.close().then(() => resolve({ kind: 'error', code: text, closed: true }));
          },
        });
      }),
    { collection, where },
  );
}

test('watch() delivers the init snapshot of a collection the user may read', async () => {
  const first = await firstWatchEvent('user_signals', { _openid: '{openid}' });
  expect([first, logs]).toEqual([{ kind: 'change', type: 'init', docs: 0, closed: true }, logs]);
});

test('watch() reports a security-rule refusal through onError', async () => {
  const first = await firstWatchEvent('health_checks', {});
  expect(first).toMatchObject({ kind: 'error', closed: true });
  expect(first.code).toMatch(/PERMISSION_DENIED/);
});

/** The signed-in page's uid (the owner its uploads get), read through the SDK the facade loaded. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

test('uploadFile stores a Blob and a picked file’s blob: URL under the product’s upload paths; getTempFileURL and deleteFile answer per file, refusals in the contract’s codes', async () => {
  const answers = await page.evaluate(async (png) => {
    const facade = (globalThis as unknown as { cloudClient: Facade }).cloudClient;
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const blob = new Blob([bytes], { type: 'image/png' });
    const fromBlob = await facade.uploadFile({ cloudPath: 'uploads/u_browser/202612/fromblob0001.png', file: blob });
    // Taro.chooseMedia in H5 hands the page blob: URLs as temp file paths.
    const picked = (globalThis as any).URL.createObjectURL(blob) as string;
    const fromPath = await facade.uploadFile({ cloudPath: 'uploads/u_browser/202612/frompath0001.png', filePath: picked });
    const outside = await facade.uploadFile({ cloudPath: 'avatars/me.png', file: blob });
    const own = fromBlob.ok ? fromBlob.data.fileID : '';
    const missing = own.replace('fromblob0001', 'missing00001');
    const urls = await facade.getTempFileURL([own, missing]);
    const firstUrl = urls.ok && urls.data[0].ok ? urls.data[0].tempFileURL : '';
    const fetched = firstUrl ? new Uint8Array(await (await fetch(firstUrl)).arrayBuffer()).length : -1;
    const deleted = await facade.deleteFile([own]);
    const again = await facade.deleteFile([own]);
    return { fromBlob, fromPath, outside, urls, fetched, deleted, again };
  }, PNG_BASE64);
  const id = (name: string) => `cloud://${running.config.envId}.${running.storage.bucket}/uploads/u_browser/202612/${name}.png`;
  expect(answers.fromBlob).toEqual({ ok: true, data: { fileID: id('fromblob0001') } });
  expect(answers.fromPath).toEqual({ ok: true, data: { fileID: id('frompath0001') } });
  expect(answers.outside).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', message: '没有权限访问该文件', details: { platformCode: 'STORAGE_EXCEED_AUTHORITY' } } });
  // A missing file answers like someone else's under the owner rule (nothing to probe).
  expect(answers.urls).toEqual({
    ok: true,
    data: [
      { ok: true, fileID: id('fromblob0001'), tempFileURL: expect.stringContaining('/uploads/u_browser/202612/fromblob0001.png?sign=') },
      { ok: false, fileID: id('missing00001'), error: expect.objectContaining({ code: 'PERMISSION_DENIED' }) },
    ],
  });
  expect(answers.fetched).toBe(Buffer.from(PNG_BASE64, 'base64').length);
  expect(answers.deleted).toEqual({ ok: true, data: [{ ok: true, fileID: id('fromblob0001') }] });
  expect(answers.again).toMatchObject({ ok: true, data: [{ ok: false, fileID: id('fromblob0001'), error: { code: 'PERMISSION_DENIED' } }] });
  expect(running.storage.store.get('uploads/u_browser/202612/frompath0001.png')?.size).toBe(Buffer.from(PNG_BASE64, 'base64').length);
  expect(running.storage.store.get('uploads/u_browser/202612/fromblob0001.png')).toBeUndefined();
});
