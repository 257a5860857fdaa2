import * as path from 'node:path';
import type { FunctionConfig } from '../../src/types';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function fixtureFunction(name: string, overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    name,
    dir: path.join(FIXTURES, name),
    handler: 'index.main',
    timeout: 5,
    memorySize: 256,
    runtime: 'Nodejs16.13',
    envVariables: {},
    triggers: [],
    ...overrides,
  };
}

/** Raw stdout/stderr travels on pipes, not IPC, so it can land just after the result. */
export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
