import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signRequest } from '@partner-desk/pc-protocol/signing';

const ROOT = path.resolve(__dirname, '../..');

/** The README's start command, for real: first run loads the demo data and prints logins that work. */
test('When npm start runs on an empty data folder, then it loads the demo data, prints the endpoints and logins, a demo login works, and the PC-side simulator serves the same customers', async () => {
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
      const timer = setTimeout(() => reject(new Error(`start did not finish: ${out}`)), 90_000);
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
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  expect(out).toMatch(/已停止/);
}, 120_000);
