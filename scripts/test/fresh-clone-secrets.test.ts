/**
 * The README's promise on a fresh clone, for real: no .env.local and no PD_FIELD_KEY anywhere, then
 * `npm run emulators:exec -- "node scripts/examples/create-provider.js"` makes the local key the way
 * `npm start` makes it (scripts/local-secrets.ts), the emulator hands it to the functions through
 * cloudbaserc.json's {{env.PD_FIELD_KEY}} (read from .env.local as the tcb CLI reads it), and
 * admin.createProvider with a phone answers { ok: true }. Without the script's key, the admin function
 * refuses to start and the call fails naming PD_FIELD_KEY — not INTERNAL at its first encrypted write.
 *
 * The clone is a copy of the working tree without anything git ignores or that could hold a secret
 * (node_modules is linked, build/ and every .env* are left out), so it builds its own functions.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRODUCT_ROOT } from '../../test-support';

const LEFT_OUT = new Set(['node_modules', 'build', '.git', '.emulator-data', '.tmp', 'coverage', 'dist', 'dist-h5', 'out']);
const FREE_PORTS = ['--port-hub', '0', '--port-admin', '0', '--port-http', '0', '--port-web', '0', '--port-realtime', '0', '--port-console', '0'];
const SCRIPT = 'node scripts/examples/create-provider.js';

let clone: string;

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return source === from || (!LEFT_OUT.has(name) && !name.startsWith('.env'));
    },
  });
}

/** The environment of a new shell: no field key, nothing an outer npm or an earlier test set up. */
function freshEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'PD_FIELD_KEY' || key.startsWith('npm_') || key.startsWith('TCB_') || key.startsWith('TENCENTCLOUD_') || key === 'SCF_NAMESPACE') continue;
    env[key] = value;
  }
  return env;
}

const envFilesIn = (dir: string) => fs.readdirSync(dir).filter((name) => name.startsWith('.env'));

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-fresh-clone-'));
  copyTree(PRODUCT_ROOT, clone);
  fs.symlinkSync(path.join(PRODUCT_ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
});

afterAll(() => {
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

test('When a fresh clone runs `npm run emulators:exec -- "<createProvider script>"`, then the local key is made into .env.local and admin.createProvider with a phone answers { ok: true }', () => {
  expect(envFilesIn(clone)).toEqual([]);
  expect(fs.existsSync(path.join(clone, 'build'))).toBe(false);
  const run = spawnSync('npm', ['run', '--silent', 'emulators:exec', '--', ...FREE_PORTS, SCRIPT], { cwd: clone, env: freshEnvironment(), encoding: 'utf8', timeout: 150_000 });
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
  const answer = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  expect(answer).toEqual({ ok: true, data: { providerId: expect.stringMatching(/^sp/) } });
  expect(run.stderr).toContain('created PD_FIELD_KEY');
  const envLocal = path.join(clone, '.env.local');
  expect(fs.readFileSync(envLocal, 'utf8')).toMatch(/^PD_FIELD_KEY=[A-Za-z0-9+/]{43}=$/m);
  expect(fs.statSync(envLocal).mode & 0o777).toBe(0o600);
}, 180_000);

test('When PD_FIELD_KEY is set nowhere (no .env.local, not in the environment), then the emulator warns at start and the call fails naming the variable', () => {
  fs.rmSync(path.join(clone, '.env.local'), { force: true });
  expect(envFilesIn(clone)).toEqual([]);
  // The emulator command itself, without the npm script's local-secrets step.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'emulator/src/cli.ts', 'exec', ...FREE_PORTS, SCRIPT], { cwd: clone, env: freshEnvironment(), encoding: 'utf8', timeout: 120_000 });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/\[functions\] PD_FIELD_KEY is not set \(environment, \.env, \.env\.local\): functions .*admin.* will refuse to start/);
  expect(run.stderr).toMatch(/admin.createProvider failed: .*Function "admin" cannot start: environment variable PD_FIELD_KEY is not set/);
  expect(run.stderr).not.toMatch(/INTERNAL/);
  expect(run.stdout).not.toContain('"ok":true');
}, 150_000);
