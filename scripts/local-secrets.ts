/**
 * The local secrets the functions need, made once per checkout into `.env.local` (git-ignored, mode
 * 0600): the field-encryption key PD_FIELD_KEY, which cloudbaserc.json hands to every function as
 * `{{env.PD_FIELD_KEY}}`, and PD_PC_SECRET, the secret the PC-system protocol signs with (the local PC-side
 * simulator and the functions share it). The emulator reads `.env.local` itself, as the tcb CLI does, so `npm start`,
 * `npm run emulators:start` and `npm run emulators:exec` all run this first and then work on a fresh
 * clone; data encrypted with the key stays readable across restarts.
 *
 *   tsx scripts/local-secrets.ts            (what the npm scripts run; prints only when it creates a key)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIELD_KEY_ENV } from '@partner-desk/shared/crypto/field-cipher';
import { projectVariables } from '../emulator/src/project-env';

export const LOCAL_ENV_FILE = '.env.local';

/** Secrets a fresh checkout gets, by variable name: each a new random value. */
const LOCAL_SECRETS: Record<string, () => string> = {
  // AES-256-GCM: 32 random bytes, base64 (packages/shared/src/crypto/field-cipher.ts).
  [FIELD_KEY_ENV]: () => randomBytes(32).toString('base64'),
  // HMAC-SHA256 key of the PC-system protocol (packages/pc-protocol): hex, so shell recipes need no quoting.
  PD_PC_SECRET: () => randomBytes(32).toString('hex'),
};

/**
 * Addresses the functions need that are not secrets: locally, the PC-side simulator on its default port,
 * so `emulators:exec` / `emulators:start` (without the simulator) still start the functions that read
 * them, which then find nothing listening and say so. `npm start` hands the running simulator's own
 * addresses over these (scripts/start-local.ts).
 */
export const LOCAL_ADDRESSES: Record<string, () => string> = {
  PD_EXISTING_SYSTEM_URL: () => 'http://127.0.0.1:4407',
};

/**
 * Adds to `<root>/.env.local` every local secret (and, unless the caller provides them itself as `npm
 * start` does, every local address) set neither in `env` nor in `.env` / `.env.local`; answers the names it
 * created. Lines already in the file are kept as they are.
 */
export function ensureLocalSecrets(root: string, env: NodeJS.ProcessEnv = process.env, options: { addresses?: boolean } = {}): string[] {
  const known = projectVariables(root, env);
  const defaults: Record<string, () => string> = { ...LOCAL_SECRETS, ...(options.addresses === false ? {} : LOCAL_ADDRESSES) };
  const missing = Object.keys(defaults).filter((name) => !known[name]);
  if (missing.length === 0) return [];
  const file = path.join(root, LOCAL_ENV_FILE);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Local secrets (git-ignored, never commit): made by scripts/local-secrets.ts\n';
  const lines = missing.map((name) => `${name}=${defaults[name]()}`);
  fs.writeFileSync(file, `${before}${before.endsWith('\n') || before === '' ? '' : '\n'}${lines.join('\n')}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return missing;
}

if (require.main === module) {
  const root = process.cwd();
  const created = ensureLocalSecrets(root);
  // stderr: under `emulators:exec` stdout belongs to the command being run.
  if (created.length) console.error(`生成本地密钥 / created ${created.join(', ')} in ${path.join(root, LOCAL_ENV_FILE)}`);
}
