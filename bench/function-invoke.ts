import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ms, summarise } from './stats';

/**
 * Warm no-op function call through the emulator against a bare loopback HTTP round trip, both served by
 * a separate process as a real client sees them: the emulator started by its CLI (hub → function worker →
 * hub), the bare server a few lines of node:http. The ratio is the emulator's overhead. Goal: ≤ 3×.
 */

const ROOT = path.resolve(__dirname, '..');
const WARMUP = 300;
const RUNS = 3000;
const BODY = JSON.stringify({ data: { ping: 1 } });

function makeNoopProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-noop-'));
  fs.mkdirSync(path.join(root, 'fns/noop'), { recursive: true });
  fs.writeFileSync(path.join(root, 'fns/noop/index.js'), 'exports.main = async (event) => ({ ok: true, data: event });\n');
  fs.writeFileSync(path.join(root, 'cloudbaserc.json'), JSON.stringify({ envId: 'demo-bench', functionRoot: './fns', functions: [{ name: 'noop', timeout: 5 }] }));
  return root;
}

/** Spawns a server process and resolves with the URL it prints (first match of `pattern`). */
function spawnServer(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

const BARE_SERVER = `
const body = '{"ok":true,"data":{}}';
require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
}).listen(0, '127.0.0.1', function () { console.log('listening http://127.0.0.1:' + this.address().port + '/'); });
`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`HTTP ${res.statusCode}: ${data}`))));
    });
    req.on('error', reject);
    req.end(BODY);
  });
}

async function time(url: string): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await post(url);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await post(url);
    samples.push(performance.now() - t);
  }
  return samples;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

export async function runFunctionInvokeBench() {
  const project = makeNoopProject();
  const bare = await spawnServer(['-e', BARE_SERVER], /listening (http:\S+)/);
  const emulator = await spawnServer(
    ['--import', 'tsx', 'emulator/src/cli.ts', 'start', '--project', project, '--data-dir', path.join(project, 'data'), '--port-hub', '0', '--port-admin', '0', '--port-http', '0', '--port-web', '0', '--port-realtime', '0', '--port-console', '0', '--no-timers'],
    /hub\s+(http:\S+)/,
  );
  try {
    // Interleave the two in rounds so a noisy neighbour hurts both alike.
    const loopbackSamples: number[] = [];
    const invokeSamples: number[] = [];
    for (let round = 0; round < 3; round++) {
      loopbackSamples.push(...(await time(bare.url)));
      invokeSamples.push(...(await time(`${emulator.url}/functions/noop:invoke`)));
    }
    const loopback = summarise(loopbackSamples);
    const invoke = summarise(invokeSamples);
    return { loopback, invoke, ratioP50: invoke.p50 / loopback.p50 };
  } finally {
    await Promise.all([stop(bare.child), stop(emulator.child)]);
    agent.destroy();
    fs.rmSync(project, { recursive: true, force: true });
  }
}

export function printFunctionInvokeBench(r: Awaited<ReturnType<typeof runFunctionInvokeBench>>): void {
  console.log(`warm no-op invoke via the hub (emulator process): p50 ${ms(r.invoke.p50)}, p95 ${ms(r.invoke.p95)} (${r.invoke.n} calls)`);
  console.log(`bare loopback HTTP round trip (server process):   p50 ${ms(r.loopback.p50)}, p95 ${ms(r.loopback.p95)} (${r.loopback.n} calls)`);
  console.log(`ratio (p50): ${r.ratioP50.toFixed(2)}× (goal ≤ 3×)`);
}

if (require.main === module) {
  runFunctionInvokeBench().then(printFunctionInvokeBench, (err) => {
    console.error(err);
    process.exit(1);
  });
}
