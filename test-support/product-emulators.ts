import { randomBytes } from 'node:crypto';
import path from 'node:path';
import * as z from 'zod';
import { actionResultSchema, CONTRACT, type ActionSpec, type FunctionName } from '@partner-desk/contract';
import { FIELD_KEY_ENV } from '@partner-desk/shared';
import { FREE_PORTS } from '../emulator/src/constants';
import { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from '../emulator/src/suite';

/** The product's own project folder (cloudbaserc.json, build/functions, database/): what its tests run. */
export const PRODUCT_ROOT = path.resolve(__dirname, '..');

/**
 * What product tests share: the emulators running this project's functions and collections on free
 * ports (strict index mode on, cron off: tests fire timers themselves), with a field key and a PC-system
 * secret for this run.
 */
export async function startProductEmulators(options: StartEmulatorsOptions = {}): Promise<RunningEmulators> {
  // Functions read the key through cloudbaserc's {{env.PD_FIELD_KEY}}; the test process encrypts seed data with the same one.
  process.env[FIELD_KEY_ENV] ??= randomBytes(32).toString('base64');
  // The PC-system protocol's secret, and the existing system the sync reads (a test of the sync starts a
  // simulator first and sets its address; elsewhere nothing listens there and a sync run says so).
  process.env.PD_PC_SECRET ??= randomBytes(32).toString('hex');
  process.env.PD_EXISTING_SYSTEM_URL ??= 'http://127.0.0.1:9';
  return startEmulators({
    root: PRODUCT_ROOT,
    ports: FREE_PORTS,
    strictIndexes: true,
    timers: false,
    ...options,
  });
}

export type AnyActionResult = { ok: true; data: any } | { ok: false; error: { code: string; message: string; details?: unknown } };

/**
 * Every answer a test receives is checked against the contract: a success's data against the action's
 * result schema (strict, so a field that leaks out of a view fails the test too), a failure against the
 * closed error shape. Unknown functions and actions (probes of the router) are left to the test.
 */
export function assertAnswersContract(fn: string, action: string, answer: unknown): AnyActionResult {
  const own = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);
  const actions: Record<string, ActionSpec> | undefined = own(CONTRACT, fn) ? CONTRACT[fn as FunctionName].actions : undefined;
  const spec = actions && own(actions, action) ? actions[action] : undefined;
  const schema = spec ? actionResultSchema(spec.result) : actionResultSchema(z.unknown());
  const checked = schema.safeParse(answer);
  if (!checked.success) throw new Error(`${fn}.${action} answered outside its contract: ${JSON.stringify(checked.error.issues.slice(0, 5))}\nanswer: ${JSON.stringify(answer).slice(0, 2000)}`);
  return answer as AnyActionResult;
}

/** POST /functions/<name>:invoke on the hub, as a WeChat caller when wxContext is given (the console otherwise). */
export async function invokeFunction(emu: RunningEmulators, fn: string, data: unknown, wxContext?: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emu.hubUrl}/functions/${fn}:invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(wxContext ? { data, wxContext } : { data }),
  });
  return { status: res.status, body: await res.json() };
}

/** Calls `<fn>.<action>` as the WeChat user `openId` (or as the console without one); answers the result shape, checked against the contract. */
export async function callAs(emu: RunningEmulators, openId: string | null, fn: string, action: string, payload?: unknown): Promise<AnyActionResult> {
  const { body } = await invokeFunction(emu, fn, { action, payload }, openId ? { OPENID: openId, APPID: 'wx-test-app' } : undefined);
  return assertAnswersContract(fn, action, body);
}

/** Calls `<fn>.<action>` as a web (H5) caller: the CloudBase uid arrives as TCB_UUID, as on the platform. */
export async function callAsWebUser(emu: RunningEmulators, uid: string, fn: string, action: string, payload?: unknown): Promise<AnyActionResult> {
  const outcome = await emu.functions.invoke({ functionName: fn, event: { action, payload }, extraEnv: { TCB_UUID: uid }, source: 'web' });
  if (!outcome.ok) throw new Error(`${fn}.${action} failed to run: ${outcome.code} ${outcome.message}`);
  return assertAnswersContract(fn, action, outcome.result);
}
