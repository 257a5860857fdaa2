import { FREE_PORTS } from '../../src/constants';
import { isLogThreshold } from '../../src/logger';
import { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from '../../src/suite';

import { FIXTURE_PROJECT_ROOT, PROJECT_ROOT, REPO_ROOT } from './project-root';

export { FIXTURE_PROJECT_ROOT, PROJECT_ROOT, REPO_ROOT };

/**
 * Errors only, unless EMULATOR_VERBOSE is set (1 → debug, or a level name): tests stay quiet, and a run
 * can still be watched line by line.
 */
function testLogLevel(): StartEmulatorsOptions['logLevel'] {
  const wanted = process.env.EMULATOR_VERBOSE;
  if (!wanted) return 'error';
  return isLogThreshold(wanted) ? wanted : 'debug';
}

/**
 * Every service on a free port, strict index mode on, cron off (tests fire timers themselves), on the
 * emulator's own fixture project unless `root` names another one (the product's tests pass theirs).
 */
export function startTestEmulators(options: StartEmulatorsOptions = {}): Promise<RunningEmulators> {
  return startEmulators({
    root: FIXTURE_PROJECT_ROOT,
    ports: FREE_PORTS,
    strictIndexes: true,
    timers: false,
    logLevel: testLogLevel(),
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
