import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmulators } from '../emulator/src/suite';
import { ms, summarise } from './stats';

/**
 * Warm no-op function call through the emulator (hub → worker → back) against a bare loopback HTTP round
 * trip made by the same client: the ratio is the emulator's own overhead. Goal: ≤ 3×.
 */

const WARMUP = 200;
const RUNS = 2000;

function makeNoopProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-noop-'));
  fs.mkdirSync(path.join(root, 'fns/noop'), { recursive: true });
  fs.writeFileSync(path.join(root, 'fns/noop/index.js'), 'exports.main = async (event) => ({ ok: true, data: event });\n');
  fs.writeFileSync(path.join(root, 'cloudbaserc.json'), JSON.stringify({ envId: 'demo-bench', functionRoot: './fns', functions: [{ name: 'noop', timeout: 5 }] }));
  return root;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve(data));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function runFunctionInvokeBench() {
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = '{"ok":true,"data":{}}';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  const root = makeNoopProject();
  const emu = await startEmulators({ root, ports: { hub: 0, admin: 0, http: 0 }, timers: false });
  const body = JSON.stringify({ data: { ping: 1 } });
  try {
    const loopback = summarise(await time(() => post(bareUrl, body)));
    const invoke = summarise(await time(() => post(`${emu.hubUrl}/functions/noop:invoke`, body)));
    return { loopback, invoke, ratioP50: invoke.p50 / loopback.p50 };
  } finally {
    await emu.stop();
    bare.close();
    agent.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runFunctionInvokeBench().then((r) => {
    console.log(`warm no-op invoke via hub: p50 ${ms(r.invoke.p50)}, p95 ${ms(r.invoke.p95)} (${r.invoke.n} calls)`);
    console.log(`bare loopback HTTP:        p50 ${ms(r.loopback.p50)}, p95 ${ms(r.loopback.p95)}`);
    console.log(`ratio (p50): ${r.ratioP50.toFixed(2)}× (goal ≤ 3×)`);
    process.exit(0);
  });
}
