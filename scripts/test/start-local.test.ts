import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The README's start command, for real: first run loads the demo data and prints logins that work. */
test('When npm start runs on an empty data folder, then it loads the demo data, prints the endpoints and logins, and a demo login works', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-local.ts'], {
    cwd: ROOT,
    env: { ...process.env, PD_START_DATA_DIR: dataDir, PD_START_FREE_PORTS: '1', PD_FIELD_KEY: randomBytes(32).toString('base64') },
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
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  expect(out).toMatch(/已停止/);
}, 120_000);
