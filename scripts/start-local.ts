import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { engineSink, generateSeed, SCALES, type DemoLogin } from '../database/seed';
import { startEmulators } from '../emulator/src/suite';
import { buildFunctions } from './build-functions';

/**
 * `npm start`: the whole product locally. Builds the functions, starts every emulator on its fixed port
 * with data kept in .emulator-data/, loads the demo data set on the first run, and prints where to open
 * things and how to sign in.
 */

const ROOT = path.resolve(__dirname, '..');
// Overridable so a smoke test can run the real start command beside a developer's own instance.
const DATA_DIR = process.env.PD_START_DATA_DIR ? path.resolve(process.env.PD_START_DATA_DIR) : path.join(ROOT, '.emulator-data');
const FREE_PORTS = process.env.PD_START_FREE_PORTS === '1';
const ENV_FILE = path.join(ROOT, '.env.local');
const LOGINS_FILE = path.join(DATA_DIR, 'demo-logins.json');
const FIELD_KEY = 'PD_FIELD_KEY';

/**
 * The field-encryption key lives in .env.local (git-ignored), made once per checkout: the functions get
 * it through cloudbaserc.json's {{env.PD_FIELD_KEY}}, and data encrypted with it stays readable across restarts.
 */
function ensureLocalSecrets(): void {
  if (process.env[FIELD_KEY]) return;
  const lines = fs.existsSync(ENV_FILE) ? fs.readFileSync(ENV_FILE, 'utf8').split('\n') : [];
  const vars = new Map(lines.filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
  if (!vars.get(FIELD_KEY)) {
    vars.set(FIELD_KEY, randomBytes(32).toString('base64'));
    fs.writeFileSync(ENV_FILE, `# Local secrets for npm start (never commit)\n${[...vars].map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { mode: 0o600 });
    console.log(`生成本地密钥 / created ${path.relative(ROOT, ENV_FILE)} with a new ${FIELD_KEY}`);
  }
  for (const [k, v] of vars) process.env[k] ??= v;
}

function isFirstRun(): boolean {
  return !fs.existsSync(DATA_DIR) || !fs.existsSync(LOGINS_FILE);
}

async function main(): Promise<void> {
  ensureLocalSecrets();
  const built = await buildFunctions();
  console.log(`已构建云函数 / built ${built.length} functions: ${built.map((f) => f.name).join(', ')}`);

  const firstRun = isFirstRun();
  const ports = FREE_PORTS ? { hub: 0, admin: 0, http: 0, web: 0, realtime: 0, console: 0 } : undefined;
  const emu = await startEmulators({ root: ROOT, dataDir: DATA_DIR, ports });
  let logins: DemoLogin[];
  if (firstRun) {
    console.log('首次启动，正在生成演示数据 / first run: loading the demo data set …');
    let last = 0;
    const summary = await generateSeed(
      {
        seed: 1,
        ...SCALES.default,
        now: new Date(),
        onProgress: (collection, done, total) => {
          if (done !== total && Date.now() - last < 1000) return;
          last = Date.now();
          console.log(`  ${collection} ${done}/${total}`);
        },
      },
      engineSink(emu.database),
    );
    logins = summary.logins;
    fs.writeFileSync(LOGINS_FILE, JSON.stringify(logins, null, 2));
    console.log(`演示数据已载入 / demo data loaded in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  } else {
    logins = JSON.parse(fs.readFileSync(LOGINS_FILE, 'utf8')) as DemoLogin[];
  }

  const url = (name: string) => emu.infos().find((i) => i.name === name)?.url ?? '(not running)';
  console.log(
    [
      '',
      '服务商工作台 Partner Desk 已在本地启动',
      `  本地控制台 Console     ${url('console')}`,
      `  Hub                   ${emu.hubUrl}   (GET /emulators, POST /functions/<name>:invoke)`,
      `  Web SDK endpoint      http://${emu.env.TCB_EMULATOR_WEB_HOST}`,
      `  HTTP access (PC)      ${url('http')}`,
      `  server SDK endpoint   ${emu.adminUrl}`,
      `  data                  ${DATA_DIR} (delete it to start over)`,
      '',
      '演示账号 Demo logins (username / password / role / provider):',
      ...logins.map((l) => `  ${l.username.padEnd(22)} ${l.password.padEnd(12)} ${l.role.padEnd(6)} ${l.provider}`),
      '',
      '按 Ctrl-C 停止 / press Ctrl-C to stop',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emu.stop();
  console.log('已停止 / stopped');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
