#!/usr/bin/env node
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError } from './config';
import { DEFAULT_PORTS } from './constants';
import { DataDirLockedError } from './data-dir-lock';
import { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from './suite';
import type { EmulatorName } from './types';

/**
 * The emulator's command line, a contract other tools rely on:
 *   start [--project DIR] [--data-dir DIR] [--import DIR] [--export-on-exit DIR] [--port-<service> N] [--strict-indexes] [--no-timers] [--verbose]
 *   exec  [same options] "<command>"
 */

const USAGE = `用法 / usage:
  npm run emulators:start -- [--project DIR] [--data-dir DIR] [--import DIR] [--export-on-exit DIR] [--port-<hub|admin|http|web|realtime|console|storage> N] [--strict-indexes] [--no-timers] [--verbose]
  npm run emulators:exec  -- [the same options] "<command>"`;

interface ParsedArgs {
  command: 'start' | 'exec';
  options: StartEmulatorsOptions;
  exportOnExit?: string;
  script?: string;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command !== 'start' && command !== 'exec') throw new UsageError(`unknown command ${command ?? '(none)'}`);
  const options: StartEmulatorsOptions = { ports: {} };
  const positional: string[] = [];
  let exportOnExit: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const port = /^--port-([a-z]+)$/.exec(arg);
    if (arg === '--data-dir') options.dataDir = value();
    else if (arg === '--project') options.root = path.resolve(value());
    else if (arg === '--import') options.importDir = value();
    else if (arg === '--export-on-exit') exportOnExit = value();
    else if (arg === '--strict-indexes') options.strictIndexes = true;
    else if (arg === '--no-timers') options.timers = false;
    else if (arg === '--verbose') options.verbose = true;
    else if (port && port[1] in DEFAULT_PORTS) options.ports![port[1] as EmulatorName] = Number(value());
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (command === 'exec') {
    if (positional.length === 0) throw new UsageError('exec needs a command to run');
    return { command, options, exportOnExit, script: positional.join(' ') };
  }
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  // `start` keeps data between runs unless told otherwise, like a real environment.
  options.dataDir ??= path.join(options.root ?? process.cwd(), '.emulator-data');
  return { command, options, exportOnExit };
}

class UsageError extends Error {}

function printEndpoints(running: RunningEmulators): void {
  const lines = [
    `CloudBase 本地模拟器已启动 (env ${running.config.envId})`,
    `  hub        ${running.hubUrl}   (GET /emulators, POST /functions/<name>:invoke)`,
  ];
  for (const info of running.infos()) if (info.name !== 'hub') lines.push(`  ${info.name.padEnd(10)} ${info.url}`);
  lines.push(`  functions  ${running.functions.listFunctions().join(', ') || '(none)'}`);
  lines.push(`  data       ${running.dataDir}`);
  console.log(lines.join('\n'));
}

/** What went wrong at start, in one readable line where the cause is known (no stack for those). */
function startFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') return `端口被占用 / port in use: ${e.message} (is another emulator running? use --port-<service>)`;
  if (err instanceof DataDirLockedError || err instanceof ConfigError) return `emulator failed to start: ${e.message}`;
  return `emulator failed to start: ${e.stack ?? e.message}`;
}

async function main(): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let running: RunningEmulators;
  try {
    running = await startEmulators(parsed.options);
  } catch (err) {
    console.error(startFailure(err));
    return 1;
  }

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      if (parsed.exportOnExit) await running.exportTo(path.resolve(parsed.exportOnExit));
      await running.stop();
    })());

  if (parsed.command === 'start') {
    printEndpoints(running);
    console.log('按 Ctrl-C 停止 / press Ctrl-C to stop');
    await new Promise<void>((resolve) => {
      const onSignal = () => void shutdown().then(resolve);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    console.log('模拟器已停止 / emulators stopped');
    return 0;
  }

  const child = spawn(parsed.script!, { shell: true, stdio: 'inherit', env: { ...process.env, ...running.env } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const status = await new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 1 : 1)));
    child.on('error', () => resolve(127));
  });
  await shutdown();
  return status;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
