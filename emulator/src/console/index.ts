/** Console service entry point: `createConsole` wires the console from the suite's running services. */
import type { EmulatorLogger } from '../logger';
import type { StorageService } from '../storage';
import type { EmulatorService, FunctionsRuntime, InvokeResult, SubscribeMessageRecord } from '../types';
import type { ConsoleDependencies } from './console-api';
import { ConsoleEmulator } from './console-emulator';

export { ConsoleEmulator, type ConsoleOptions } from './console-emulator';
export { ConsoleApi, PAGE_SIZE, type ConsoleDependencies } from './console-api';

/** What the suite already holds when the hub is up: the console reads the same services the hub does. */
export interface ConsoleSources {
  host: string;
  port: number;
  envId: string;
  database: ConsoleDependencies['database'];
  functions: FunctionsRuntime;
  timers?: { fire(functionName: string, triggerName?: string): Promise<InvokeResult>; list(): unknown[] };
  admin?: { subscribeMessages(): SubscribeMessageRecord[] };
  storage?: StorageService;
  services: () => EmulatorService[];
  strictIndexes?: boolean;
  logger?: EmulatorLogger;
}

export function createConsole(sources: ConsoleSources): ConsoleEmulator {
  const { timers, admin } = sources;
  return new ConsoleEmulator({
    host: sources.host,
    port: sources.port,
    envId: sources.envId,
    database: sources.database,
    functions: sources.functions,
    fireTimer: timers && ((fn, trigger) => timers.fire(fn, trigger)),
    listTimers: timers && (() => timers.list()),
    subscribeMessages: admin && (() => admin.subscribeMessages()),
    storage: sources.storage,
    services: sources.services,
    strictIndexes: sources.strictIndexes,
    logger: sources.logger,
  });
}
