import { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from '../../src/suite';

import { PROJECT_ROOT } from './project-root';

export { PROJECT_ROOT };

/** Every service on a free port, strict index mode on, cron off: tests fire timers themselves. */
export function startTestEmulators(options: StartEmulatorsOptions = {}): Promise<RunningEmulators> {
  return startEmulators({
    root: PROJECT_ROOT,
    ports: { hub: 0, admin: 0, http: 0, web: 0, realtime: 0, console: 0 },
    strictIndexes: true,
    timers: false,
    ...options,
  });
}

/** POST /functions/<name>:invoke on the hub, as a WeChat caller when wxContext is given. */
export async function invokeViaHub(hubUrl: string, name: string, data: unknown, wxContext?: Record<string, string>) {
  const res = await fetch(`${hubUrl}/functions/${name}:invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, wxContext }),
  });
  return { status: res.status, body: (await res.json()) as any, invocationId: res.headers.get('x-invocation-id') ?? undefined };
}
