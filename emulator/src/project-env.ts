/**
 * The variables `{{env.X}}` in cloudbaserc.json stand for, read the way the tcb CLI reads them
 * (docs.cloudbase.net/cli-v1/config, "环境变量"; @cloudbase/toolbox's loadEnvVariables/ConfigParser):
 * `.env` then `.env.local` in the project root, the later file winning, and the process environment
 * over both. (`.env.<mode>` belongs to `tcb --mode`, which the emulator has no use for.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export const ENV_FILES = ['.env', '.env.local'] as const;

export type Variables = Record<string, string | undefined>;

/** `.env` overlaid with `.env.local`; a missing file counts as empty. */
export function readEnvFiles(root: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const name of ENV_FILES) {
    const file = path.join(root, name);
    if (!fs.existsSync(file)) continue;
    Object.assign(merged, parseEnv(fs.readFileSync(file, 'utf8')));
  }
  return merged;
}

/** What `{{env.X}}` resolves against: the env files under the process environment. */
export function projectVariables(root: string, processEnv: NodeJS.ProcessEnv = process.env): Variables {
  const vars: Variables = { ...readEnvFiles(root) };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) vars[key] = value;
  return vars;
}

const TEMPLATE = /\{\{\s*env\.(\w+)\s*\}\}/g;

/**
 * Fills every `{{env.X}}` in `text`. An unset or empty X becomes '' (as the CLI renders it) and is
 * reported in `missing`, so callers can say which variable is absent instead of passing on a blank.
 */
export function renderEnvTemplates(text: string, vars: Variables): { text: string; missing: string[] } {
  const missing: string[] = [];
  const rendered = text.replace(TEMPLATE, (_, name: string) => {
    const value = vars[name];
    if (value === undefined || value === '') {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return value;
  });
  return { text: rendered, missing };
}
