import type { RunningEmulators } from '../../src/suite';
import { createConsole, type ConsoleEmulator, type ConsoleSources } from '../../src/console';

/**
 * The console of a running suite: the suite's own (`running.console`), or, when `overrides` swap a source
 * (e.g. a timers emulator with triggers), a second one started here over the same services.
 */
export async function consoleFor(running: RunningEmulators, overrides: Partial<ConsoleSources> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  if (Object.keys(overrides).length === 0) return { url: running.console.getInfo().url, stop: async () => undefined };
  const own: ConsoleEmulator = createConsole({
    host: '127.0.0.1',
    port: 0,
    envId: running.config.envId,
    database: running.database,
    functions: running.functions,
    timers: running.timers,
    admin: running.admin,
    storage: running.storage,
    services: () => [running.admin, running.http, running.hub, own],
    strictIndexes: true,
    ...overrides,
  });
  await own.start();
  return { url: own.getInfo().url, stop: () => own.stop() };
}

/** fetch against the console API; JSON in, { status, body } out. */
export function apiClient(baseUrl: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}/api${path}`, init);
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep the text */
    }
    return { status: res.status, body: parsed };
  };
}
