/** Reading the hub's invocation log: round trips, database operations and retries of a function's calls. */
import type { RunningEmulators } from '../emulator/src/suite';
import type { ClientRequestRecord } from '../emulator/src/types';
import { callAs } from './product-emulators';

export interface Operation {
  collection?: string;
  action: string;
  startedAt: number;
  endedAt: number;
}

/** One invocation as the hub serves it: database operations (server-side) and the worker's own timing of its requests. */
export interface InvocationSummary {
  operations: Operation[];
  clientRequests: ClientRequestRecord[];
  /** Sequential round trips counted from clientRequests by the emulator (countSequentialRoundTrips). */
  sequentialRoundTrips: number;
  logs: { message: string }[];
}

async function invocations(emu: RunningEmulators, fn: string, limit?: number): Promise<InvocationSummary[]> {
  const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=${fn}${limit ? `&limit=${limit}` : ''}`).then((r) => r.json())) as { invocations: InvocationSummary[] };
  return list.invocations;
}

/** The last invocation of `fn`. */
export async function lastInvocation(emu: RunningEmulators, fn: string): Promise<InvocationSummary> {
  return (await invocations(emu, fn, 1)).at(-1)!;
}

/** The database operations of the last invocation of `fn`. */
export async function lastInvocationOperations(emu: RunningEmulators, fn: string): Promise<Operation[]> {
  return (await lastInvocation(emu, fn)).operations;
}

/**
 * The most sequential round trips over a few calls, as the function's worker timed its own requests
 * (the hub's `sequentialRoundTrips`): requests issued together count once, whatever the machine's load.
 */
export async function worstRoundTrips(emu: RunningEmulators, fn: string, call: () => Promise<unknown>, tries = 3): Promise<number> {
  let worst = 0;
  for (let i = 0; i < tries; i++) {
    await call();
    worst = Math.max(worst, (await lastInvocation(emu, fn)).sequentialRoundTrips);
  }
  return worst;
}

export const invocationCount = async (emu: RunningEmulators, fn: string) => (await invocations(emu, fn)).length;

/** How many transaction retries the invocations after the first `skip` logged (the log is bounded: an estimate for reports). */
export async function retriesLogged(emu: RunningEmulators, fn: string, skip: number): Promise<number> {
  const all = await invocations(emu, fn);
  return all.slice(skip).reduce((n, inv) => n + inv.logs.filter((l) => l.message.includes('[transaction] conflict')).length, 0);
}

/**
 * Starts the function's workers before a concurrency test: a cold start on a loaded machine can pass
 * the function's timeout, which is not what those tests measure.
 */
export async function warmUp(emu: RunningEmulators, fn: string, openId: string, workers = 8): Promise<void> {
  await Promise.all(Array.from({ length: workers }, () => callAs(emu, openId, fn, '__warm_up__', {})));
}
