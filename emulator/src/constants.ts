import type { EmulatorName } from './types';

/** Fixed default ports (overridable with --port-<name>), so tools and people find the services without a hub lookup. */
export const DEFAULT_PORTS: Record<EmulatorName, number> = {
  hub: 4400,
  admin: 4401,
  http: 4402,
  web: 4403,
  realtime: 4404,
  console: 4405,
  storage: 4408,
  functions: 0,
  timers: 0,
  database: 0,
};

/** Every service that listens on a port, on a free one: tests, benchmarks and side-by-side runs. */
export const FREE_PORTS: Partial<Record<EmulatorName, number>> = { hub: 0, admin: 0, http: 0, web: 0, realtime: 0, console: 0, storage: 0 };

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_REGION = 'ap-shanghai';
/** Dummy credentials: the SDKs refuse to run without a secret pair, and the emulator ignores signatures. */
export const DUMMY_SECRET_ID = 'emulator-secret-id';
export const DUMMY_SECRET_KEY = 'emulator-secret-key';
/** Where the web SDK is told to open its watch WebSocket (auth.wsWebSign) when no realtime service says otherwise. */
export const DEFAULT_REALTIME_URL = `ws://${DEFAULT_HOST}:${DEFAULT_PORTS.realtime}/ws`;
