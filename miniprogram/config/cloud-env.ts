/**
 * Which CloudBase environment a build of the app talks to, decided once at build time from the build's
 * environment (config/index.ts defines the two values into the bundle):
 *
 * - `TCB_ENV_ID` (or `ENV_ID`, the variable cloudbaserc.json's `{{env.ENV_ID}}` names) is the env id; none
 *   means `demo-partner-desk`. A `demo-` env never reaches the cloud (as firebase-tools' demo projects):
 *   the H5 build then sends everything to the local emulator's web endpoint (`TCB_EMULATOR_WEB_HOST`,
 *   default 127.0.0.1:4403). `npm start` and the tests override both at run time through
 *   `window.__PD_CLOUD__` (src/services/cloud-config.ts), so one local build serves any emulator port.
 * - For CloudBase static hosting, cloudbaserc.json's website plugin runs the build with
 *   `PD_H5_TARGET=cloudbase-hosting` and `TCB_ENV_ID={{env.ENV_ID}}` (the plugin exports its `envVariables`
 *   before the build command). Such a build must talk to Tencent Cloud: a missing, malformed or `demo-`
 *   env id, or an emulator host, stops it with the reason instead of shipping a site that calls 127.0.0.1.
 */

export const HOSTING_TARGET = 'cloudbase-hosting';
export const DEMO_ENV_ID = 'demo-partner-desk';
export const DEFAULT_EMULATOR_WEB_HOST = '127.0.0.1:4403';

export interface BuildCloudEnv {
  envId: string;
  /** host:port of the emulator's web endpoint; '' = the real CloudBase. */
  emulatorWebHost: string;
}

/** CloudBase env ids: lower-case letters, digits and dashes, starting with a letter (e.g. `prod-4g8x2k1a`). */
const ENV_ID_PATTERN = /^[a-z][a-z0-9-]{2,62}$/;

export class BuildEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildEnvError';
  }
}

export function buildCloudEnv(env: Record<string, string | undefined>): BuildCloudEnv {
  const named = env.TCB_ENV_ID || env.ENV_ID || '';
  if (env.PD_H5_TARGET === HOSTING_TARGET) {
    if (!named) throw new BuildEnvError('H5 build for CloudBase hosting: ENV_ID is not set (cloudbaserc.json passes {{env.ENV_ID}} as TCB_ENV_ID; put ENV_ID in .env or the environment)');
    if (!ENV_ID_PATTERN.test(named)) throw new BuildEnvError(`H5 build for CloudBase hosting: "${named}" is not a CloudBase env id`);
    if (named.startsWith('demo-')) throw new BuildEnvError(`H5 build for CloudBase hosting: "${named}" is a local demo env (it would call the emulator on 127.0.0.1)`);
    if (env.TCB_EMULATOR_WEB_HOST) throw new BuildEnvError('H5 build for CloudBase hosting: TCB_EMULATOR_WEB_HOST is set, which would send the hosted app to an emulator');
    return { envId: named, emulatorWebHost: '' };
  }
  const envId = named || DEMO_ENV_ID;
  return { envId, emulatorWebHost: env.TCB_EMULATOR_WEB_HOST || (envId.startsWith('demo-') ? DEFAULT_EMULATOR_WEB_HOST : '') };
}
