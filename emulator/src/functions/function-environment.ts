/**
 * The environment variables CloudBase (SCF) injects into a function, split the way the platform does:
 * per-process variables fixed when a worker boots, and per-invocation identity variables that the
 * worker swaps before each event. The real wx-server-sdk and @cloudbase/node-sdk read only these, so
 * getting names and shapes right is what makes them run unmodified:
 *  - node-sdk warns unless TENCENTCLOUD_REGION and SCF_NAMESPACE are set when TENCENTCLOUD_RUNENV=SCF;
 *  - it sends every API call to TCB_CONTEXT_CNFG.URL (our /admin endpoint) instead of tcb-api.tencentcloudapi.com;
 *  - it reads TCB_* identity (TCB_UUID …) only through the keys listed in TCB_CONTEXT_KEYS, and WX_* through
 *    WX_CONTEXT_KEYS; wx-server-sdk's getWXContext() likewise walks WX_CONTEXT_KEYS.
 */
import type { FunctionConfig, InvokeRequest } from '../types';

export interface FunctionEnvironmentOptions {
  envId: string;
  adminUrl: string;
  region: string;
}

/** Host variables a Node process needs to run at all; nothing else from the emulator's own environment leaks in. */
const HOST_PASSTHROUGH = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'SYSTEMROOT', 'USERPROFILE'];

/** getWXContext() skips listed keys with no value, so listing the usual ones costs nothing and keeps ENV/SOURCE present. */
const STANDARD_WX_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6'];

export function workerEnvironment(
  config: FunctionConfig,
  options: FunctionEnvironmentOptions,
  secretId: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of HOST_PASSTHROUGH) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, {
    // CloudBase functions run in UTC unless the function sets TZ itself (envVariables below may override).
    TZ: 'UTC',
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: options.region,
    TENCENTCLOUD_APPID: '0',
    TENCENTCLOUD_UIN: '0',
    SCF_NAMESPACE: options.envId,
    TCB_ENV: options.envId,
    SCF_FUNCTIONNAME: config.name,
    SCF_FUNCTIONVERSION: '$LATEST',
    SCF_RUNTIME: config.runtime,
    SCF_MEMORY_SIZE: String(config.memorySize),
    SCF_TIMEOUT: String(config.timeout),
    USER_CODE_ROOT: config.dir,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: options.adminUrl }),
    // Advanced logging "enabled": the worker provides console.__baseLog__ for cloud.logger().
    _SCF_TCB_LOG: '1',
    // The admin endpoint attributes database calls to an invocation through this id (one per worker).
    TENCENTCLOUD_SECRETID: secretId,
    TENCENTCLOUD_SECRETKEY: `emu-secret-key-${secretId}`,
    TENCENTCLOUD_SESSIONTOKEN: `emu-session-token-${secretId}`,
  });
  Object.assign(env, config.envVariables ?? {});
  return env;
}

/** wxContext may arrive as { OPENID } or { WX_OPENID }; the process variables are always WX_-prefixed. */
function wxVariables(wxContext: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(wxContext ?? {})) {
    if (value === undefined || value === null) continue;
    out[key.startsWith('WX_') ? key : `WX_${key}`] = String(value);
  }
  return out;
}

/** getWXContext().SOURCE when the caller did not say: CloudBase's documented values for the trigger kind. */
function defaultSource(request: InvokeRequest, wx: Record<string, string>): string | undefined {
  if (request.source === 'timer') return 'wx_trigger';
  if (wx.WX_OPENID) return 'wx_client';
  return undefined;
}

export function invocationEnvironment(request: InvokeRequest, envId: string, seqId: string): Record<string, string> {
  const wx = wxVariables(request.wxContext);
  const env: Record<string, string> = { ...wx, TCB_ENV: envId, TCB_SEQID: seqId };
  const source = defaultSource(request, wx);
  if (source) env.TCB_SOURCE = source;
  for (const [key, value] of Object.entries(request.extraEnv ?? {})) {
    if (value !== undefined && value !== null) env[key] = String(value);
  }
  if (env.WX_CONTEXT_KEYS === undefined) {
    const keys = new Set([...STANDARD_WX_KEYS, ...Object.keys(env).filter((k) => k.startsWith('WX_'))]);
    env.WX_CONTEXT_KEYS = [...keys].join(',');
  }
  if (env.TCB_CONTEXT_KEYS === undefined) {
    env.TCB_CONTEXT_KEYS = Object.keys(env)
      .filter((k) => k.startsWith('TCB_') && k !== 'TCB_CONTEXT_KEYS')
      .join(',');
  }
  return env;
}

/** "index.main" → file "index", export "main"; "src/app.handler" → "src/app", "handler". */
export function parseHandler(handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return { file: handler || 'index', exportName: 'main' };
  return { file: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/**
 * Why a function whose `{{env.X}}` variables resolved to nothing cannot start, or undefined when it can.
 * CloudBase itself would deploy an empty value and the function would fail later somewhere inside (an
 * encrypted write answering INTERNAL); naming the variable at start is what the developer needs.
 */
export function unresolvedEnvironmentProblem(config: FunctionConfig): string | undefined {
  const names = config.unresolvedEnv ?? [];
  if (names.length === 0) return undefined;
  const list = names.join(', ');
  const templates = names.map((name) => `"{{env.${name}}}"`).join(', ');
  return (
    `Function "${config.name}" cannot start: environment variable${names.length > 1 ? 's' : ''} ${list} ` +
    `${names.length > 1 ? 'are' : 'is'} not set. cloudbaserc.json gives envVariables as ${templates}; set ${list} in the ` +
    `environment of the emulator or in .env / .env.local in the project root (as the tcb CLI reads them).`
  );
}
