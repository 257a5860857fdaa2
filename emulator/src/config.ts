import fs from 'node:fs';
import path from 'node:path';
import { projectVariables, renderEnvTemplates, type Variables } from './project-env';
import type { CollectionDeclaration, FunctionConfig, HttpRouteConfig, IndexDeclaration, ProjectConfig, StorageAccessDeclaration, StorageAcl, TimerTriggerConfig } from './types';

/**
 * Reads the project the way CloudBase's own tools do, from cloudbaserc.json alone: functions and timer
 * triggers (`functions`), `{{env.X}}` filled from the environment and .env / .env.local (project-env.ts),
 * HTTP access paths from a framework plugin's `servicePaths`, and collections with their indexes and
 * security rules from the framework database plugin's `inputs.collections`, and the storage permission
 * from the top-level `storage` entry. The emulator knows nothing else about the product.
 */

/** `use` of the framework plugin that creates collections, indexes and rules at deploy. */
export const DATABASE_PLUGIN = '@cloudbase/framework-plugin-database';

interface RawFunction {
  name: string;
  dir?: string;
  handler?: string;
  timeout?: number;
  memorySize?: number;
  runtime?: string;
  envVariables?: Record<string, string>;
  triggers?: { name: string; type: string; config: string }[];
  config?: Partial<RawFunction>; // pre-0.6 CLI nested form
}

interface RawPlugin {
  use?: string;
  inputs?: { servicePaths?: Record<string, string>; collections?: unknown };
}

interface RawRc {
  envId?: string;
  functionRoot?: string;
  functions?: RawFunction[];
  framework?: { plugins?: Record<string, RawPlugin> };
  database?: { declarations?: unknown };
  storage?: unknown;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function findProjectRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'cloudbaserc.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new ConfigError(`cloudbaserc.json not found in ${start} or any parent folder`);
    dir = parent;
  }
}

function readRc(root: string): RawRc {
  const file = path.join(root, 'cloudbaserc.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RawRc;
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/** CloudBase defaults when cloudbaserc.json leaves a field out. */
const FUNCTION_DEFAULTS = { handler: 'index.main', timeout: 5, memorySize: 256, runtime: 'Nodejs18.15' };

function toFunctionConfig(root: string, functionRoot: string, raw: RawFunction, vars: Variables): FunctionConfig {
  const flat = { ...raw.config, ...raw };
  const timeout = flat.timeout ?? FUNCTION_DEFAULTS.timeout;
  const memorySize = flat.memorySize ?? FUNCTION_DEFAULTS.memorySize;
  if (timeout < 1 || timeout > 60) throw new ConfigError(`function ${raw.name}: timeout must be 1–60 s, got ${timeout}`);
  if (memorySize < 128 || memorySize > 2048) throw new ConfigError(`function ${raw.name}: memorySize must be 128–2048 MB`);
  const triggers: TimerTriggerConfig[] = (flat.triggers ?? [])
    .filter((t) => t.type === 'timer')
    .map((t) => ({ functionName: raw.name, name: t.name, config: t.config }));
  return {
    name: raw.name,
    dir: path.resolve(root, flat.dir ?? path.join(functionRoot, raw.name)),
    handler: flat.handler ?? FUNCTION_DEFAULTS.handler,
    timeout,
    memorySize,
    runtime: flat.runtime ?? FUNCTION_DEFAULTS.runtime,
    ...renderEnvVariables(flat.envVariables ?? {}, vars),
    triggers,
  };
}

/**
 * `{{env.NAME}}` in envVariables is filled as the tcb CLI fills it at deploy, so secrets stay out of the
 * repo. A variable that is set nowhere renders as '' there; here it is also listed in unresolvedEnv, and
 * the function refuses to start naming it.
 */
function renderEnvVariables(raw: Record<string, string>, vars: Variables): Pick<FunctionConfig, 'envVariables' | 'unresolvedEnv'> {
  const envVariables: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const rendered = renderEnvTemplates(String(value), vars);
    envVariables[key] = rendered.text;
    for (const name of rendered.missing) if (!unresolved.includes(name)) unresolved.push(name);
  }
  return unresolved.length ? { envVariables, unresolvedEnv: unresolved } : { envVariables };
}

function httpRoutesOf(rc: RawRc): HttpRouteConfig[] {
  const routes: HttpRouteConfig[] = [];
  for (const plugin of Object.values(rc.framework?.plugins ?? {})) {
    for (const [functionName, servicePath] of Object.entries(plugin.inputs?.servicePaths ?? {})) {
      routes.push({ functionName, path: servicePath.startsWith('/') ? servicePath : `/${servicePath}` });
    }
  }
  return routes;
}

function isDatabasePlugin(plugin: RawPlugin): boolean {
  return plugin.use === DATABASE_PLUGIN || Boolean(plugin.use?.startsWith(`${DATABASE_PLUGIN}@`));
}

/**
 * Collections as `@cloudbase/framework-plugin-database` declares them, from every plugin entry that
 * uses it: `{ collectionName, description, aclTag, aclRule?, createIndexes: [{ name, unique, keys:
 * [{ name, direction: "1" | "-1" | "2dsphere" }] }] }` (docs.cloudbase.net/framework/plugins/framework-plugin-database).
 */
function collectionsOf(rc: RawRc): CollectionDeclaration[] {
  if (rc.database?.declarations !== undefined) {
    throw new ConfigError(
      `cloudbaserc.json: database.declarations is not read by CloudBase's tools (nor by the emulator); declare the collections in framework.plugins.<name> = { use: "${DATABASE_PLUGIN}", inputs: { collections: [...] } }`,
    );
  }
  const collections: CollectionDeclaration[] = [];
  for (const [key, plugin] of Object.entries(rc.framework?.plugins ?? {})) {
    if (!isDatabasePlugin(plugin)) continue;
    const list = plugin.inputs?.collections;
    if (!Array.isArray(list)) throw new ConfigError(`cloudbaserc.json: framework.plugins.${key}.inputs.collections must be an array`);
    for (const raw of list) collections.push(normaliseCollection(raw as RawCollection, `framework.plugins.${key}`));
  }
  const seen = new Set<string>();
  for (const { name } of collections) {
    if (seen.has(name)) throw new ConfigError(`cloudbaserc.json: collection ${name} is declared twice`);
    seen.add(name);
  }
  return collections;
}

interface RawCollection {
  collectionName?: unknown;
  createIndexes?: unknown;
  aclTag?: unknown;
  aclRule?: unknown;
}

const ACL_TAGS = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'];

function normaliseCollection(raw: RawCollection, where: string): CollectionDeclaration {
  const name = raw?.collectionName;
  if (typeof name !== 'string' || name === '') throw new ConfigError(`cloudbaserc.json: a collection in ${where} has no collectionName`);
  const fail = (problem: string) => new ConfigError(`cloudbaserc.json: collection ${name}: ${problem}`);
  if (raw.createIndexes !== undefined && !Array.isArray(raw.createIndexes)) throw fail('createIndexes must be an array');
  const indexes: IndexDeclaration[] = ((raw.createIndexes ?? []) as { name?: unknown; unique?: unknown; keys?: unknown }[]).map((index) => {
    if (typeof index?.name !== 'string' || !Array.isArray(index.keys) || index.keys.length === 0) throw fail('every index needs a name and keys');
    return {
      name: index.name,
      unique: index.unique === true,
      // The plugin writes directions as strings ("1", "-1", "2dsphere"); a geo key is kept in ascending order.
      keys: (index.keys as { name?: unknown; direction?: unknown }[]).map((key) => {
        if (typeof key?.name !== 'string') throw fail(`index ${index.name} has a key without a name`);
        return { name: key.name, direction: Number(key.direction) === -1 ? -1 : 1 };
      }),
    };
  });
  if (raw.aclTag !== undefined && !ACL_TAGS.includes(raw.aclTag as string)) throw fail(`aclTag must be one of ${ACL_TAGS.join(', ')}`);
  const aclRule = raw.aclRule === undefined ? undefined : ruleObjectOf(raw.aclRule, 'aclRule', fail);
  const rule = aclRule ?? (raw.aclTag && raw.aclTag !== 'CUSTOM' ? (raw.aclTag as CollectionDeclaration['rule']) : undefined);
  return { name, indexes, rule };
}

/** A security rule as an object, or as the JSON text of one (as the CLI's flags take it). */
function ruleObjectOf(value: unknown, field: string, fail: (problem: string) => ConfigError): Record<string, unknown> {
  let parsed = value;
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      throw fail(`${field} is not JSON`);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail(`${field} must be an object`);
  return parsed as Record<string, unknown>;
}

/**
 * `"storage": { "acl": "PRIVATE" }` or `{ "acl": "CUSTOM", "rules": { "read": …, "write": … } }`. No
 * framework plugin deploys storage permissions; CloudBase's tools set them with
 * `tcb storage rules update --acl <acl> [--rules <json>]` (docs.cloudbase.net/cli-v1/storage/classic/
 * rules-update), so the entry holds exactly those two values (rules as an object or as that JSON text)
 * and a deploy step passes them through. The expressions themselves are checked when the storage
 * service starts (storage/storage-rules.ts).
 */
function storageOf(rc: RawRc): StorageAccessDeclaration | undefined {
  if (rc.storage === undefined) return undefined;
  const fail = (problem: string) => new ConfigError(`cloudbaserc.json: storage: ${problem}`);
  const raw = rc.storage as { acl?: unknown; rules?: unknown };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('must be an object { acl, rules? }');
  const unknown = Object.keys(raw).filter((key) => key !== 'acl' && key !== 'rules');
  if (unknown.length) throw fail(`unknown field ${unknown.join(', ')} (acl and rules only)`);
  // The same five values as a collection's aclTag.
  if (!ACL_TAGS.includes(raw.acl as StorageAcl)) throw fail(`acl must be one of ${ACL_TAGS.join(', ')}`);
  if (raw.acl !== 'CUSTOM') {
    if (raw.rules !== undefined) throw fail('rules are read only with acl CUSTOM');
    return { acl: raw.acl as Exclude<StorageAcl, 'CUSTOM'> };
  }
  if (raw.rules === undefined) throw fail('acl CUSTOM needs rules { read, write }');
  return { acl: 'CUSTOM', rules: ruleObjectOf(raw.rules, 'rules', fail) };
}

/** The env id when none is configured or its `{{env.X}}` is unset: a demo id never names a cloud environment. */
export const FALLBACK_ENV_ID = 'demo-partner-desk';

/** `"envId": "{{env.ENV_ID}}"` is filled like envVariables; unset, the fallback demo id is used. */
function resolveEnvId(raw: string | undefined, vars: Variables): string {
  if (!raw) return FALLBACK_ENV_ID;
  const rendered = renderEnvTemplates(raw, vars);
  return rendered.missing.length || !rendered.text ? FALLBACK_ENV_ID : rendered.text;
}

/**
 * Reads `root`/cloudbaserc.json. `env` is the process environment the `{{env.X}}` templates see (over
 * the project's .env and .env.local); tests pass their own.
 */
export async function loadProjectConfig(root = findProjectRoot(), env: NodeJS.ProcessEnv = process.env): Promise<ProjectConfig> {
  const rc = readRc(root);
  const vars = projectVariables(root, env);
  const functionRoot = rc.functionRoot ?? 'cloudfunctions';
  const functions = (rc.functions ?? []).map((f) => toFunctionConfig(root, functionRoot, f, vars));
  return {
    envId: resolveEnvId(rc.envId, vars),
    root,
    functions,
    httpRoutes: httpRoutesOf(rc),
    collections: collectionsOf(rc),
    ...(rc.storage !== undefined ? { storage: storageOf(rc) } : {}),
  };
}
