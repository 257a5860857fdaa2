import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CollectionDeclaration, FunctionConfig, HttpRouteConfig, IndexDeclaration, ProjectConfig, TimerTriggerConfig } from './types';

/**
 * Reads the project the way the `tcb` CLI does: functions and timer triggers from cloudbaserc.json,
 * HTTP access paths from the framework function plugin's `servicePaths`, and collections from the
 * declarations in database/. The emulator knows nothing else about the product.
 */

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

interface RawRc {
  envId?: string;
  functionRoot?: string;
  functions?: RawFunction[];
  framework?: { plugins?: Record<string, { use?: string; inputs?: { servicePaths?: Record<string, string> } }> };
  database?: { declarations?: string };
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

function toFunctionConfig(root: string, functionRoot: string, raw: RawFunction): FunctionConfig {
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
    envVariables: resolveTemplates(flat.envVariables ?? {}),
    triggers,
  };
}

/**
 * `{{env.NAME}}` in envVariables is filled from the emulator's own environment, as the tcb CLI fills it
 * from .env at deploy: secrets stay out of the repo and an unset one is an empty string.
 */
function resolveTemplates(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v).replace(/\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => process.env[name] ?? '')]));
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

/**
 * database/ declares collections in the shape of cloudbase-framework's database plugin:
 * `{ collectionName, createIndexes: [{ name, unique, keys: [{ name, direction }] }], aclTag | aclRule }`.
 * The module path comes from cloudbaserc.json's `database.declarations` (default database/index.ts);
 * its default export (or `collections` export) is the array.
 */
async function loadCollections(root: string, rc: RawRc): Promise<CollectionDeclaration[]> {
  const relative = rc.database?.declarations ?? 'database/index.ts';
  const file = path.resolve(root, relative);
  if (!fs.existsSync(file)) return [];
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown; collections?: unknown };
  const list = (mod.collections ?? (mod.default as { collections?: unknown })?.collections ?? mod.default) as unknown;
  if (!Array.isArray(list)) throw new ConfigError(`${relative} must export an array of collection declarations`);
  return list.map((raw) => normaliseCollection(raw as RawCollection));
}

interface RawCollection {
  collectionName?: string;
  name?: string;
  createIndexes?: { name: string; unique?: boolean; keys: { name: string; direction: string | number }[] }[];
  aclTag?: string;
  aclRule?: Record<string, unknown>;
}

function normaliseCollection(raw: RawCollection): CollectionDeclaration {
  const name = raw.collectionName ?? raw.name;
  if (!name) throw new ConfigError('a collection declaration has no collectionName');
  const indexes: IndexDeclaration[] = (raw.createIndexes ?? []).map((index) => ({
    name: index.name,
    unique: Boolean(index.unique),
    keys: index.keys.map((key) => ({ name: key.name, direction: Number(key.direction) === -1 ? -1 : 1 })),
  }));
  const rule = raw.aclRule ?? (raw.aclTag && raw.aclTag !== 'CUSTOM' ? (raw.aclTag as CollectionDeclaration['rule']) : undefined);
  return { name, indexes, rule };
}

/**
 * cloudbaserc.json may say `"envId": "{{env.ENV_ID}}"` (the tcb CLI fills it from .env); locally an unset
 * variable falls back to a demo id that can never name a real cloud environment.
 */
function resolveEnvId(raw: string | undefined): string {
  const fallback = 'demo-partner-desk';
  if (!raw) return fallback;
  return raw.replace(/\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => process.env[name] || fallback);
}

export async function loadProjectConfig(root = findProjectRoot()): Promise<ProjectConfig> {
  const rc = readRc(root);
  const functionRoot = rc.functionRoot ?? 'cloudfunctions';
  const functions = (rc.functions ?? []).map((f) => toFunctionConfig(root, functionRoot, f));
  return {
    envId: resolveEnvId(rc.envId),
    root,
    functions,
    httpRoutes: httpRoutesOf(rc),
    collections: await loadCollections(root, rc),
  };
}
