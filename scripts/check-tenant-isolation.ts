import fs from 'node:fs';
import path from 'node:path';
import { checkTenantIsolation, printIsolationReport, type Login } from './tenant-isolation';

/**
 * Against a running product (`npm start`): logs in as the admins of the first two demo providers and
 * prints what each sees and what every cross-provider probe answered. Exits 1 on any leak.
 *
 *   npx tsx scripts/check-tenant-isolation.ts [--hub http://127.0.0.1:4400] [--logins .emulator-data/demo-logins.json]
 */
async function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const hub = opt('--hub') ?? process.env.TCB_EMULATOR_HUB ?? 'http://127.0.0.1:4400';
  const loginsFile = path.resolve(opt('--logins') ?? path.join(__dirname, '../.emulator-data/demo-logins.json'));
  const logins = JSON.parse(fs.readFileSync(loginsFile, 'utf8')) as (Login & { role: string; provider: string })[];
  const admins = logins.filter((l) => l.role === 'admin');
  const [a, b] = [admins[0], admins.find((l) => l.provider !== admins[0].provider)!];
  console.log(`A = ${a.username} (${a.provider}), B = ${b.username} (${b.provider}) via ${hub}\n`);
  const report = await checkTenantIsolation(hub, a, b);
  printIsolationReport(report);
  process.exit(report.leaks.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
