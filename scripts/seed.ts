/**
 * Writes a demo data set as an emulator import folder and prints the demo logins.
 *
 *   PD_FIELD_KEY=<32 bytes base64> tsx scripts/seed.ts --out DIR [--scale default|100k]
 *       [--customers N] [--tickets M] [--providers P] [--usage-days D] [--seed S] [--now ISO]
 *
 * Contact fields are encrypted with PD_FIELD_KEY, which must be the key the functions run with (the start
 * command passes the same one); the script refuses to run without it rather than invent one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIELD_KEY_ENV } from '@partner-desk/shared/crypto/field-cipher';
import { generateSeed, importFolderSink, SCALES, type SeedOptions } from '@partner-desk/seed';

const USAGE = 'usage: tsx scripts/seed.ts --out DIR [--scale default|100k] [--customers N] [--tickets M] [--providers P] [--usage-days D] [--seed S] [--now ISO]';

export function parseSeedArgs(argv: string[]): { out: string } & Omit<SeedOptions, 'onProgress'> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--') || i + 1 >= argv.length) throw new Error(USAGE);
    args.set(flag.slice(2), argv[++i]);
  }
  const known = ['out', 'scale', 'customers', 'tickets', 'providers', 'usage-days', 'seed', 'now'];
  for (const key of args.keys()) if (!known.includes(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  const out = args.get('out');
  if (!out) throw new Error(USAGE);
  const scaleName = args.get('scale') ?? 'default';
  if (!(scaleName in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const scale = SCALES[scaleName as keyof typeof SCALES];
  const int = (key: string, fallback: number, max: number) => {
    const raw = args.get(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${key} must be an integer from 0 to ${max}`);
    return n;
  };
  const now = args.has('now') ? new Date(args.get('now')!) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO date');
  return {
    out: path.resolve(out),
    seed: int('seed', 1, 2 ** 31),
    providers: Math.max(1, int('providers', scale.providers, 1000)),
    customers: int('customers', scale.customers, 1_000_000),
    tickets: int('tickets', scale.tickets, 10_000_000),
    usageDays: int('usage-days', scale.usageDays, 365),
    now,
  };
}

async function main() {
  const { out, ...options } = parseSeedArgs(process.argv.slice(2));
  if (!process.env[FIELD_KEY_ENV]) {
    console.error(`${FIELD_KEY_ENV} is not set: contact fields are encrypted with the functions' key, so pass it (32 bytes, base64).`);
    process.exit(2);
  }
  if (fs.existsSync(out) && fs.readdirSync(out).length) {
    console.error(`${out} is not empty; choose a new folder.`);
    process.exit(2);
  }
  console.log(`seed ${options.seed}: ${options.providers} providers, ${options.customers} customers, ${options.tickets} tickets, ${options.usageDays} days of usage → ${out}`);
  let lastLine = 0;
  const summary = await generateSeed(
    {
      ...options,
      onProgress: (collection, done, total) => {
        // At most a line a second, plus each collection's last line.
        if (done !== total && Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 100;
        console.log(`${collection} ${done}/${done === total ? done : total} (${done === total ? 100 : pct}%)`);
      },
    },
    importFolderSink(out),
  );
  console.log(`\nwrote ${Object.values(summary.counts).reduce((a, b) => a + b, 0)} documents in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  console.log('\ndemo logins (username / password / provider):');
  for (const login of summary.logins) console.log(`  ${login.username.padEnd(24)} ${login.password.padEnd(12)} ${login.role.padEnd(6)} ${login.provider}`);
  console.log(`\nstart with: ${FIELD_KEY_ENV}=<the same key> npm run emulators:start -- --import ${out}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
