import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signRequest } from '@partner-desk/pc-protocol/signing';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The README's start command, for real: first run loads the demo data, prints logins that work, serves the
 * PC-side simulator over the same customers, and serves the H5 app on a line beginning 小程序 H5, its page
 * naming this run's emulator web endpoint.
 */
test('When npm start runs on an empty data folder, then it loads the demo data, prints the endpoints and logins, a demo login works, the PC-side simulator serves the same customers, and the H5 app is served against its emulator', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-start-'));
  const pcSecret = randomBytes(32).toString('hex');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-local.ts'], {
    cwd: ROOT,
    env: { ...process.env, PD_START_DATA_DIR: dataDir, PD_START_FREE_PORTS: '1', PD_FIELD_KEY: randomBytes(32).toString('base64'), PD_PC_SECRET: pcSecret },
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  try {
    await new Promise<void>((resolve, reject) => {
      // The H5 build (when its sources changed since the last) adds up to a minute on a busy 2-core machine.
      const timer = setTimeout(() => reject(new Error(`start did not finish: ${out}`)), 200_000);
      child.stdout.on('data', () => out.includes('Ctrl-C') && (clearTimeout(timer), resolve()));
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toMatch(/演示数据已载入/);
    const hub = /Hub\s+(http:\S+)/.exec(out)![1];
    expect(out).toMatch(/本地控制台 Console\s+http:\/\/127\.0\.0\.1:\d+/);
    const login = /^\s+(\S+_admin)\s+(\S+)\s+admin\s+(\S+)$/m.exec(out)!;
    expect(login).not.toBeNull();
    const res = await fetch(`${hub}/functions/auth:invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { action: 'login', payload: { username: login[1], password: login[2] } }, wxContext: { OPENID: 'o-start-smoke' } }),
    });
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ ok: true, data: { provider: { name: login[3] } } });
    const list = (await fetch(`${hub}/functions/customers:invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { action: 'list', payload: {} }, wxContext: { OPENID: 'o-start-smoke' } }),
    }).then((r) => r.json())) as any;
    expect(list.data.total).toBeGreaterThan(50);

    // The PC-side simulator: its line, its page, and the existing system's signed API over the same customers.
    const pc = /^PC 模拟器 PC-side simulator\s+(http:\/\/127\.0\.0\.1:\d+)/m.exec(out)![1];
    const page = await fetch(pc);
    expect([page.status, (await page.text()).includes('PC 客服系统模拟器')]).toEqual([200, true]);
    const overview = (await fetch(`${pc}/api/overview`).then((r) => r.json())) as any;
    expect(overview).toMatchObject({ customerCount: 300, gatewayUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/pc\/events$/), webhookUrl: `${pc}/webhook` });
    const sync = (await fetch(`${pc}/customers?pageSize=500`, { headers: signRequest(pcSecret, '') }).then((r) => r.json())) as any;
    expect(sync.customers).toHaveLength(300);
    expect(sync.customers.map((c: { providerExternalId: string }) => c.providerExternalId).sort().filter((c: string, i: number, all: string[]) => all.indexOf(c) === i)).toEqual(['SP01', 'SP02', 'SP03']);

    // 小程序 H5 at the start of its line, before the demo logins; its index.html names the printed web endpoint.
    const h5 = /^小程序 H5 Mini-program\s+(http:\/\/127\.0\.0\.1:\d+)\s/m.exec(out);
    expect(h5).not.toBeNull();
    expect(out.indexOf(h5![0])).toBeLessThan(out.indexOf('演示账号 Demo logins'));
    const webHost = /Web SDK endpoint\s+http:\/\/(\S+)/.exec(out)![1];
    const h5Page = await fetch(`${h5![1]}/`);
    expect(h5Page.status).toBe(200);
    expect(h5Page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await h5Page.text();
    expect(html).toContain(`<script>window.__PD_CLOUD__={"envId":"demo-partner-desk","webHost":"${webHost}"};</script>`);
    const bundles = [...html.matchAll(/src="(\/js\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) expect([bundle, (await fetch(`${h5![1]}${bundle}`)).status]).toEqual([bundle, 200]);
    expect((await fetch(`${h5![1]}/no-such-file.js`)).status).toBe(404);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  expect(out).toMatch(/已停止/);
}, 260_000);

describe('the H5 app as npm start serves it', () => {
  // Imported here, not at the top: the start script's module runs nothing on import (main is guarded).
  const { h5PortFrom, DEFAULT_H5_PORT } = require('../start-local') as typeof import('../start-local');
  const { serveH5, withPageCloud } = require('../../miniprogram/scripts/h5-site') as typeof import('../../miniprogram/scripts/h5-site');

  test('When --port-h5 is given (either form), then that port is used; without it 4406; a bad value is refused naming the option', () => {
    expect(DEFAULT_H5_PORT).toBe(4406);
    expect(h5PortFrom([])).toBe(4406);
    expect(h5PortFrom(['--port-h5', '5506'])).toBe(5506);
    expect(h5PortFrom(['--port-h5=0'])).toBe(0);
    expect(() => h5PortFrom(['--port-h5', 'abc'])).toThrow('--port-h5 needs a port number (0–65535), got abc');
    expect(() => h5PortFrom(['--port-h5'])).toThrow('--port-h5 needs a port number (0–65535), got nothing');
    expect(() => h5PortFrom(['--port-h5=70000'])).toThrow('got 70000');
  });

  test('When index.html is served, then the cloud config is the first script of <head> and cannot close the script element', () => {
    const html = '<html><head><title>x</title></head><body></body></html>';
    expect(withPageCloud(html, { envId: 'demo-x', webHost: '127.0.0.1:4403' })).toBe(
      '<html><head><script>window.__PD_CLOUD__={"envId":"demo-x","webHost":"127.0.0.1:4403"};</script><title>x</title></head><body></body></html>',
    );
    expect(withPageCloud(html, { envId: '</script><b>', webHost: 'h' })).toContain('{"envId":"\\u003c/script>\\u003cb>","webHost":"h"}');
  });

  test('When files are asked for, then the build folder answers them and nothing outside it, index.html uncached and the rest immutable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-h5-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<html><head></head></html>');
    fs.mkdirSync(path.join(dir, 'js'));
    fs.writeFileSync(path.join(dir, 'js', 'app.1234.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, '.build-stamp'), 'abc');
    const site = await serveH5(dir, { cloud: { envId: 'demo-x', webHost: '127.0.0.1:1' } });
    try {
      const root = await fetch(`${site.url}/`);
      expect([root.status, root.headers.get('cache-control'), await root.text()]).toEqual([200, 'no-store', '<html><head><script>window.__PD_CLOUD__={"envId":"demo-x","webHost":"127.0.0.1:1"};</script></head></html>']);
      const js = await fetch(`${site.url}/js/app.1234.js`);
      expect([js.status, js.headers.get('content-type'), js.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
      expect((await fetch(`${site.url}/.build-stamp`)).status).toBe(404);
      expect((await fetch(`${site.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
      expect((await fetch(`${site.url}/index.html`, { method: 'POST' })).status).toBe(405);
    } finally {
      await site.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
