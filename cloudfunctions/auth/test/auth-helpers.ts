import type { RunningEmulators } from '../../../emulator/src/suite';
import { assertAnswersContract } from '../../test-support/product-emulators';

let sequence = 0;
/** A fresh name per test, so tenants, usernames and OPENIDs never collide across tests of one emulator. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;

/** Calls auth as a web (H5) caller: the CloudBase uid arrives as TCB_UUID, as on the platform. */
export async function callAsWebUser(emu: RunningEmulators, uid: string, fn: string, action: string, payload?: unknown) {
  const outcome = await emu.functions.invoke({ functionName: fn, event: { action, payload }, extraEnv: { TCB_UUID: uid }, source: 'web' });
  if (!outcome.ok) throw new Error(`${fn}.${action} failed to run: ${outcome.code} ${outcome.message}`);
  return assertAnswersContract(fn, action, outcome.result);
}
