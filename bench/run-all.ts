import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** `npm run bench`: every benchmark in its own process (no shared heap or warm caches), figures printed. */
const BENCHES = [
  ['function bundles: size and cold load vs a bare wx-server-sdk', 'bundle-size.ts'],
  ['function invoke vs loopback', 'function-invoke.ts'],
  ['indexed query over 100k documents', 'database-index.ts'],
  ['realtime push latency, 100 per-user watchers', 'realtime-latency.ts'],
  ['product actions over the demo seed (round trips, p50/p95)', 'api-actions.ts'],
  ['mini-program: weapp main package and total size', 'miniprogram-size.ts'],
  ['mini-program: callFunction invocations per page (H5, invocation log)', 'miniprogram-calls.ts'],
  ['mini-program: H5 工作台 first render, 4× CPU slowdown, cold vs cached', 'h5-first-render.ts'],
] as const;

let failed = 0;
for (const [title, file] of BENCHES) {
  console.log(`\n== ${title} (bench/${file})`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
