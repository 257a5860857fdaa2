import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from '../src/cli';
import { FIXTURE_PROJECT_ROOT, REPO_ROOT } from './helpers/project-root';

const CLI = path.join(REPO_ROOT, 'emulator/src/cli.ts');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const FREE_PORTS = ['--port-hub', '0', '--port-admin', '0', '--port-http', '0', '--port-web', '0', '--port-realtime', '0', '--port-console', '0'];
const PROJECT = ['--project', FIXTURE_PROJECT_ROOT];

describe('emulator command line', () => {
  test('When exec is given options and a command, then they are parsed and start defaults to a persistent data folder', () => {
    expect(parseArgs(['exec', '--data-dir', '/tmp/x', '--import', '/tmp/y', 'node a.js'])).toMatchObject({
      command: 'exec',
      script: 'node a.js',
      options: { dataDir: '/tmp/x', importDir: '/tmp/y' },
    });
    expect(parseArgs(['start', '--port-hub', '5000']).options).toMatchObject({ ports: { hub: 5000 }, dataDir: expect.stringContaining('.emulator-data') });
    expect(() => parseArgs(['exec'])).toThrow(/command/);
    expect(() => parseArgs(['start', '--bogus'])).toThrow(/unknown option/);
  });

  test('When exec runs a plain wx-server-sdk script, then every SDK operation works and its exit status is passed on', () => {
    const tour = spawnSync(TSX, [CLI, 'exec', ...PROJECT, ...FREE_PORTS, 'node emulator/examples/sdk-tour.js'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, SDK_TOUR_FUNCTION: 'ping' },
    });
    expect(tour.stderr).not.toMatch(/FAILED|missing TENCENTCLOUD|SCF_NAMESPACE/);
    expect(tour.stdout).toMatch(/sdk tour passed 9 steps/);
    expect(tour.status).toBe(0);

    const failing = spawnSync(TSX, [CLI, 'exec', ...PROJECT, ...FREE_PORTS, 'echo "$TCB_EMULATOR_HUB $TENCENTCLOUD_RUNENV"; exit 3'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(failing.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+ SCF$/m);
    expect(failing.status).toBe(3);
  }, 90_000);

  test('When start runs, then it prints the hub, serves GET /emulators, keeps data in --data-dir and stops cleanly on SIGINT', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-cli-'));
    const child = spawn(TSX, [CLI, 'start', ...PROJECT, '--data-dir', dataDir, ...FREE_PORTS], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    const hubUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no hub line in: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /hub\s+(http:\/\/\S+)/.exec(out);
        if (m && out.includes('Ctrl-C')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const listing = (await fetch(`${hubUrl}/emulators`).then((r) => r.json())) as any;
    expect(Object.keys(listing.emulators)).toEqual(expect.arrayContaining(['hub', 'admin', 'http']));
    expect(listing.functions).toEqual(['ping', 'echo', 'fails']);
    const ping = await fetch(`${hubUrl}/functions/ping:invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: {} }) }).then((r) => r.json() as any);
    expect(ping).toMatchObject({ ok: true, pings: 1 });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/stopped/);
    expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dataDir, 'emulator.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
