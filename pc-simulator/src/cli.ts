/**
 * The PC-side simulator on its own (`npm start` starts it with everything else):
 *
 *   npm run pc-simulator -- [--port 4407] [--gateway <url of /pc/events>] [--secret S] [--data-dir DIR]
 *                           [--seed-from <emulator console URL>] [--host 127.0.0.1]
 *
 * The secret is --secret, else PD_PC_SECRET from the environment or the project's .env / .env.local.
 * Without --data-dir the state is kept in memory only. On a first start (no data set yet) with
 * --seed-from, the existing system's customers are read from that emulator console (seed-from-emulator.ts).
 */
import path from 'node:path';
import { readEnvFiles } from '../../emulator/src/project-env';
import { loadFromEmulator } from './seed-from-emulator';
import { DEFAULT_PC_SIMULATOR_PORT, PC_SIMULATOR_STATE_FILE, startPcSimulator, type PcSimulatorOptions } from './simulator';

const ROOT = path.resolve(__dirname, '../..');

const USAGE = `用法 / usage:
  npm run pc-simulator -- [--port ${DEFAULT_PC_SIMULATOR_PORT}] [--gateway URL] [--secret S] [--data-dir DIR] [--seed-from CONSOLE_URL] [--host 127.0.0.1]`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOptions {
  port: number;
  host: string;
  gatewayUrl: string | null;
  secret: string | undefined;
  dataDir: string | null;
  seedFrom: string | null;
}

const absoluteUrl = (value: string, flag: string): string => {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.toString().replace(/\/$/, '');
  } catch {
    throw new UsageError(`${flag} needs an http(s) URL, got ${value}`);
  }
};

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const options: CliOptions = { port: DEFAULT_PC_SIMULATOR_PORT, host: '127.0.0.1', gatewayUrl: null, secret: undefined, dataDir: null, seedFrom: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port needs a port number, got ${argv[i]}`);
      options.port = port;
    } else if (arg === '--host') options.host = value();
    else if (arg === '--gateway') options.gatewayUrl = absoluteUrl(value(), '--gateway');
    else if (arg === '--secret') options.secret = value();
    else if (arg === '--data-dir') options.dataDir = path.resolve(value());
    else if (arg === '--seed-from') options.seedFrom = absoluteUrl(value(), '--seed-from');
    else throw new UsageError(`unknown option ${arg}`);
  }
  options.secret ??= env.PD_PC_SECRET || readEnvFiles(ROOT).PD_PC_SECRET;
  if (!options.secret) throw new UsageError('no shared secret: pass --secret, or set PD_PC_SECRET (npm start makes one into .env.local)');
  return options;
}

async function main(): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  // The field key decrypts contacts when seeding from the emulator; it lives in .env.local too.
  for (const [key, value] of Object.entries(readEnvFiles(ROOT))) process.env[key] ??= value;
  const options: PcSimulatorOptions = {
    secret: cli.secret!,
    gatewayUrl: cli.gatewayUrl,
    host: cli.host,
    port: cli.port,
    dataFile: cli.dataDir ? path.join(cli.dataDir, PC_SIMULATOR_STATE_FILE) : null,
  };
  const simulator = await startPcSimulator(options);
  if (simulator.needsSeed && cli.seedFrom) simulator.seed(await loadFromEmulator(cli.seedFrom), `the emulator console at ${cli.seedFrom}`);
  console.log(
    [
      `PC 模拟器 PC-side simulator   ${simulator.url}`,
      `  webhook (PD_PC_WEBHOOK_URL)          ${simulator.webhookUrl}`,
      `  现有系统 (PD_EXISTING_SYSTEM_URL)    ${simulator.existingSystemUrl}   (GET /customers)`,
      `  网关 gateway                         ${simulator.outgoing.gateway ?? '(未配置 / none: --gateway <HTTP access>/pc/events)'}`,
      `  客户数据 customers                   ${simulator.store.state.customers.length}${simulator.needsSeed ? ' (空：可用 --seed-from <console URL> 载入 / empty)' : ''}`,
      `  状态 state                           ${options.dataFile ?? '(内存 / memory only)'}`,
      '按 Ctrl-C 停止 / press Ctrl-C to stop',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await simulator.stop();
  console.log('已停止 / stopped');
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
