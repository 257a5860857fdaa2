/**
 * How `npm start` (scripts/start-local.ts) runs the simulator beside the emulators, in two steps:
 *  1. before the emulators start: listen on the simulator's port and put its addresses in
 *     PD_PC_WEBHOOK_URL / PD_EXISTING_SYSTEM_URL (unless set already), so cloudbaserc.json's
 *     `{{env.X}}` hands them to the functions when the emulators read it;
 *  2. once they run: point the simulator at the gateway (`<HTTP access>/pc/events`) and, on a first
 *     start, load the existing system's customers from the emulator console (seed-from-emulator.ts).
 * Its state is kept in the data folder beside the emulator's (`pc-simulator.json`), so a restart keeps it
 * and deleting the folder starts both over.
 */
import path from 'node:path';
import { loadFromEmulator } from './seed-from-emulator';
import { DEFAULT_PC_SIMULATOR_PORT, PC_SIMULATOR_STATE_FILE, startPcSimulator, type PcSimulator } from './simulator';

/** `--port-pc N` on the start command, else PD_PC_SIMULATOR_PORT, else 4407. */
export function pcSimulatorPort(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const i = argv.indexOf('--port-pc');
  const raw = i >= 0 ? argv[i + 1] : env.PD_PC_SIMULATOR_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PC_SIMULATOR_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port-pc / PD_PC_SIMULATOR_PORT needs a port number, got ${raw}`);
  return port;
}

export async function startBesideEmulators(options: { dataDir: string; port: number; secret: string | undefined }): Promise<PcSimulator> {
  if (!options.secret) throw new Error('PD_PC_SECRET is not set (scripts/local-secrets.ts makes it into .env.local)');
  let simulator: PcSimulator;
  try {
    simulator = await startPcSimulator({ secret: options.secret, port: options.port, dataFile: path.join(options.dataDir, PC_SIMULATOR_STATE_FILE) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw new Error(`PC 模拟器的端口 ${options.port} 已被占用（另一个 npm start 还在运行？）/ port ${options.port} of the PC simulator is in use: stop the other instance or pass --port-pc N`);
  }
  process.env.PD_PC_WEBHOOK_URL ??= simulator.webhookUrl;
  process.env.PD_EXISTING_SYSTEM_URL ??= simulator.existingSystemUrl;
  return simulator;
}

export async function connectToEmulators(simulator: PcSimulator, urls: { httpAccess: string; console: string }): Promise<void> {
  simulator.setGateway(`${urls.httpAccess}/pc/events`);
  if (simulator.needsSeed) simulator.seed(await loadFromEmulator(urls.console), `the emulator console at ${urls.console}`);
}
