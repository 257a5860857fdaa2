import fs from 'node:fs';
import path from 'node:path';
import { engineSink, generateSeed, SCALES, type DemoLogin } from '@partner-desk/seed';
import { connectToEmulators, pcSimulatorPort, startBesideEmulators } from '../pc-simulator/src/beside-emulators';
import { readEnvFiles } from '../emulator/src/project-env';
import { FREE_PORTS as ALL_FREE_PORTS } from '../emulator/src/constants';
import { startEmulators } from '../emulator/src/suite';
import { ensureH5Build, serveH5 } from '../miniprogram/scripts/h5-site';
import { buildFunctions } from './build-functions';
import { writeCloudbasercIfStale } from './generate-database-config';
import { ensureLocalSecrets, LOCAL_ADDRESSES, LOCAL_ENV_FILE } from './local-secrets';

/**
 * `npm start`: the whole product locally. Builds the functions, starts every emulator on its fixed port
 * with data kept in .emulator-data/, loads the demo data set on the first run, builds and serves the
 * mini-program's H5 app against these emulators, and prints where to open things and how to sign in.
 *
 *   npm start -- --port-h5 5506     # the H5 app on another port (default 4406)
 */

const ROOT = path.resolve(__dirname, '..');
// Overridable so a smoke test can run the real start command beside a developer's own instance.
const DATA_DIR = process.env.PD_START_DATA_DIR ? path.resolve(process.env.PD_START_DATA_DIR) : path.join(ROOT, '.emulator-data');
const FREE_PORTS = process.env.PD_START_FREE_PORTS === '1';
const LOGINS_FILE = path.join(DATA_DIR, 'demo-logins.json');
export const DEFAULT_H5_PORT = 4406;

/** `--port-h5 <n>` or `--port-h5=<n>`; 0 picks a free port. */
export function h5PortFrom(argv: string[]): number {
  const at = argv.findIndex((arg) => arg === '--port-h5' || arg.startsWith('--port-h5='));
  if (at < 0) return DEFAULT_H5_PORT;
  const raw = argv[at].includes('=') ? argv[at].slice('--port-h5='.length) : argv[at + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port-h5 needs a port number (0–65535), got ${raw ?? 'nothing'}`);
  return port;
}

/**
 * The field-encryption key is made once into .env.local (scripts/local-secrets.ts, also run by the
 * emulators:* npm scripts); the emulator hands it to the functions through cloudbaserc.json's
 * {{env.PD_FIELD_KEY}}. This process encrypts the demo data with the same key, so it reads the files too.
 */
function loadLocalSecrets(): void {
  for (const name of ensureLocalSecrets(ROOT, process.env, { addresses: false })) console.log(`生成本地密钥 / created ${LOCAL_ENV_FILE} with a new ${name}`);
  // The simulator's addresses come from the simulator this command starts (pc-simulator/src/beside-emulators.ts), not from the files' defaults.
  for (const [key, value] of Object.entries(readEnvFiles(ROOT))) if (!(key in LOCAL_ADDRESSES)) process.env[key] ??= value;
}

function isFirstRun(): boolean {
  return !fs.existsSync(DATA_DIR) || !fs.existsSync(LOGINS_FILE);
}

async function main(): Promise<void> {
  const h5Port = FREE_PORTS ? 0 : h5PortFrom(process.argv.slice(2));
  loadLocalSecrets();
  const built = await buildFunctions();
  console.log(`已构建云函数 / built ${built.length} functions: ${built.map((f) => f.name).join(', ')}`);
  if (writeCloudbasercIfStale()) console.log('cloudbaserc.json: 数据库集合已按 database/ 更新 / database collections regenerated from database/');

  // The H5 build (skipped when its sources have not changed since the last one) runs beside the emulators'
  // start and the demo data load.
  const h5Build = ensureH5Build();
  h5Build.catch(() => undefined);
  const firstRun = isFirstRun();
  // The PC-side simulator listens first: its addresses reach the functions through {{env.X}} (pc-simulator/src/beside-emulators.ts).
  const pc = await startBesideEmulators({ dataDir: DATA_DIR, port: FREE_PORTS ? 0 : pcSimulatorPort(process.argv.slice(2)), secret: process.env.PD_PC_SECRET });
  const ports = FREE_PORTS ? ALL_FREE_PORTS : undefined;
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

  const h5 = await h5Build.catch(async (err) => {
    await emu.stop();
    throw err;
  });
  console.log(h5.built ? `已构建小程序 H5 / built the H5 app in ${(h5.ms / 1000).toFixed(1)} s` : '小程序 H5 无改动，沿用上次构建 / H5 app unchanged since the last build');
  // The page names this run's emulator web endpoint, so the one build works whatever its port.
  const site = await serveH5(h5.dir, { port: h5Port, cloud: { envId: emu.config.envId, webHost: emu.env.TCB_EMULATOR_WEB_HOST } });

  const url = (name: string) => emu.infos().find((i) => i.name === name)?.url ?? '(not running)';
  await connectToEmulators(pc, { httpAccess: url('http'), console: url('console') });
  console.log(
    [
      '',
      '服务商工作台 Partner Desk 已在本地启动',
      `  本地控制台 Console     ${url('console')}`,
      `  Hub                   ${emu.hubUrl}   (GET /emulators, POST /functions/<name>:invoke)`,
      `  Web SDK endpoint      http://${emu.env.TCB_EMULATOR_WEB_HOST}`,
      `  HTTP access (PC)      ${url('http')}`,
      `  云存储 Storage         ${url('storage')}   (uploads and temporary file URLs)`,
      `  server SDK endpoint   ${emu.adminUrl}`,
      `  data                  ${DATA_DIR} (delete it to start over)`,
      '',
      `小程序 H5 Mini-program  ${site.url}   (在手机尺寸的窗口中打开，用下面的演示账号登录 / open in a phone-sized window, sign in with a demo login)`,
      '',
      '演示账号 Demo logins (username / password / role / provider):',
      ...logins.map((l) => `  ${l.username.padEnd(22)} ${l.password.padEnd(12)} ${l.role.padEnd(6)} ${l.provider}`),
      '',
      `PC 模拟器 PC-side simulator  ${pc.url}   (客户咨询 · 总部工作台 · 现有系统 API；webhook ${pc.webhookUrl})`,
      '',
      '按 Ctrl-C 停止 / press Ctrl-C to stop',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await site.close();
  await pc.stop();
  await emu.stop();
  console.log('已停止 / stopped');
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
