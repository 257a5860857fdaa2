import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEPLOY_BUDGET_BYTES, formatKilobytes } from '../scripts/build-functions';
import { percentile } from './stats';

/**
 * Each function's deploy bundle (build/functions/<name>/index.js, as `npm run build` makes it): its size
 * against the 300 KB budget, and its cold load — a fresh node process `require`-ing it, timed inside that
 * process from just before the require to just after (node's own start-up is the same for every row and is
 * left out) — next to a bare `require('wx-server-sdk')`, which every function loads anyway. The ratio is
 * what our code adds to a cold start. Goal: ≤ 1.5×. Median of RUNS fresh processes, the rows interleaved so
 * that machine noise spreads over all of them; wall time is printed beside the CPU time the ratio uses.
 *
 * The second column loads with --enable-source-maps, as the emulator's function workers do (the cloud's
 * runtime does not), to show what readable stacks cost locally.
 */

const ROOT = path.resolve(__dirname, '..');
const FUNCTIONS_DIR = path.join(ROOT, 'build', 'functions');
const RUNS = Number(process.env.BUNDLE_RUNS ?? 9);
const BUDGET_RATIO = 1.5;

/**
 * Runs in the child: time one require, print wall and CPU milliseconds. CPU time (user + system of the
 * process) is the figure the ratio uses: on a machine shared with other work wall time mostly measures the
 * neighbours, while the CPU a require burns is what the bundle costs.
 */
const TIMED_REQUIRE = `const { performance } = require('node:perf_hooks');
const target = process.argv[1];
const cpu = process.cpuUsage();
const started = performance.now();
require(target);
const wall = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));
process.exit(0);`;

interface Sample {
  wall: number;
  cpu: number;
}

interface Row {
  label: string;
  /** What the child requires: a bundle path or a package name. */
  target: string;
  bytes?: number;
}

function coldRequire(target: string, sourceMaps: boolean): Sample {
  const args = [...(sourceMaps ? ['--enable-source-maps'] : []), '-e', TIMED_REQUIRE, target];
  // cwd = build/functions: the bundle and the bare SDK resolve wx-server-sdk from the same node_modules.
  const run = spawnSync(process.execPath, args, { cwd: FUNCTIONS_DIR, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`require(${target}) failed: ${run.stderr || run.stdout}`);
  return JSON.parse(run.stdout) as Sample;
}

function bundles(): Row[] {
  if (!fs.existsSync(FUNCTIONS_DIR)) throw new Error('build/functions is missing: run `npm run build` first');
  return fs
    .readdirSync(FUNCTIONS_DIR)
    .filter((name) => fs.existsSync(path.join(FUNCTIONS_DIR, name, 'index.js')))
    .sort()
    .map((name) => {
      const file = path.join(FUNCTIONS_DIR, name, 'index.js');
      return { label: name, target: file, bytes: fs.statSync(file).size };
    });
}

function main(): void {
  const baseline: Row = { label: "require('wx-server-sdk')", target: 'wx-server-sdk' };
  const rows = [baseline, ...bundles()];
  const samples = new Map(rows.map((r) => [r, { plain: [] as Sample[], mapped: [] as Sample[] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const row of rows) {
      samples.get(row)!.plain.push(coldRequire(row.target, false));
      samples.get(row)!.mapped.push(coldRequire(row.target, true));
    }
  }
  const median = (row: Row, kind: 'plain' | 'mapped', figure: keyof Sample) => percentile(samples.get(row)![kind].map((s) => s[figure]), 50);
  const base = median(baseline, 'plain', 'cpu');
  const width = Math.max(...rows.map((r) => r.label.length));
  console.log(`cold require, median of ${RUNS} fresh node processes each (goal: bundle ≤ ${formatKilobytes(DEPLOY_BUDGET_BYTES)}, load ≤ ${BUDGET_RATIO}× the bare SDK, by CPU time)`);
  console.log(`  ${'bundle'.padEnd(width)}  ${'index.js'.padStart(9)}  ${'cpu'.padStart(9)}  ${'ratio'.padStart(6)}  ${'wall'.padStart(9)}  ${'cpu with --enable-source-maps'.padStart(29)}`);
  let worstRatio = 0;
  let largest = 0;
  for (const row of rows) {
    const cpu = median(row, 'plain', 'cpu');
    const ratio = cpu / base;
    if (row !== baseline) {
      worstRatio = Math.max(worstRatio, ratio);
      largest = Math.max(largest, row.bytes!);
    }
    const size = row.bytes === undefined ? '' : formatKilobytes(row.bytes);
    const flags = row.bytes !== undefined && (row.bytes > DEPLOY_BUDGET_BYTES || ratio > BUDGET_RATIO) ? '  over goal' : '';
    console.log(
      `  ${row.label.padEnd(width)}  ${size.padStart(9)}  ${`${cpu.toFixed(1)} ms`.padStart(9)}  ${`${ratio.toFixed(2)}×`.padStart(6)}  ${`${median(row, 'plain', 'wall').toFixed(1)} ms`.padStart(9)}  ${`${median(row, 'mapped', 'cpu').toFixed(1)} ms`.padStart(29)}${flags}`,
    );
  }
  console.log(`largest bundle ${formatKilobytes(largest)}, worst cold-load ratio ${worstRatio.toFixed(2)}× (goals ${formatKilobytes(DEPLOY_BUDGET_BYTES)}, ${BUDGET_RATIO}×)`);
}

main();
