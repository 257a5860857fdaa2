import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../emulator/src/database/index';
import type { Doc } from '../emulator/src/types';
import { ms, summarise } from './stats';

/**
 * Equality + range + sort + limit 20 over 100k documents, served by a compound index vs the same query on
 * an identical collection without it (full scan + in-memory sort). Goal: p95 ≤ 10 ms with the index.
 */

const DOCS = 100_000;
const RUNS = 1000;
const WARMUP = 50;
const PROVIDERS = 200;
const STATUSES = ['active', 'expired', 'pending', 'suspended'];
const REGIONS = ['ap-shanghai', 'ap-guangzhou', 'ap-beijing', 'ap-chengdu', 'ap-nanjing'];
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);

function makeDocs(): Doc[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: DOCS }, (_, i) => ({
    providerId: `provider-${Math.floor(random() * PROVIDERS)}`,
    status: STATUSES[Math.floor(random() * STATUSES.length)],
    region: REGIONS[Math.floor(random() * REGIONS.length)],
    expiresAt: new Date(NOW + Math.floor((random() - 0.5) * 365 * DAY)),
    name: `lease ${i}`,
  }));
}

export async function runDatabaseIndexBench() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-'));
  const index = { name: 'provider_status_expires', unique: false, keys: [{ name: 'providerId', direction: 1 as const }, { name: 'status', direction: 1 as const }, { name: 'expiresAt', direction: 1 as const }] };
  const db = await openDatabase({ dataDir, collections: [{ name: 'leases', indexes: [index] }, { name: 'leases_unindexed', indexes: [] }] });
  try {
    const docs = makeDocs();
    let t = performance.now();
    await db.insert('leases', docs);
    const seedIndexedMs = performance.now() - t;
    t = performance.now();
    await db.insert('leases_unindexed', docs);
    const seedUnindexedMs = performance.now() - t;

    const query = (i: number) => ({ providerId: `provider-${i % PROVIDERS}`, status: 'active', expiresAt: { $gte: new Date(NOW) } });
    const options = { sort: { expiresAt: 1 as const }, limit: 20 };
    const time = async (collection: string, runs: number) => {
      for (let i = 0; i < Math.min(WARMUP, runs); i++) await db.find(collection, query(i), options);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await db.find(collection, query(i), options);
        samples.push(performance.now() - start);
      }
      return summarise(samples);
    };
    const plan = db.explain('leases', query(7), options.sort, options.limit);
    const withIndex = await time('leases', RUNS);
    const withoutIndex = await time('leases_unindexed', RUNS);

    t = performance.now();
    await db.close();
    const closeMs = performance.now() - t;
    t = performance.now();
    const reopened = await openDatabase({ dataDir, collections: [] });
    const reopenMs = performance.now() - t;
    await reopened.close();
    return { docs: DOCS, runs: RUNS, plan, withIndex, withoutIndex, speedupP50: withoutIndex.p50 / withIndex.p50, seedIndexedMs, seedUnindexedMs, closeMs, reopenMs };
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runDatabaseIndexBench().then((r) => {
    console.log(`${r.docs} docs; query: providerId = x AND status = 'active' AND expiresAt >= t, sort expiresAt, limit 20 (${r.runs} runs)`);
    console.log(`with index (${r.plan.index}, examines ${r.plan.scanned} docs):  p50 ${ms(r.withIndex.p50)}, p95 ${ms(r.withIndex.p95)}  (goal p95 ≤ 10 ms)`);
    console.log(`without index (full scan + sort):  p50 ${ms(r.withoutIndex.p50)}, p95 ${ms(r.withoutIndex.p95)}`);
    console.log(`speed-up (p50): ${r.speedupP50.toFixed(0)}×`);
    console.log(`seed 100k docs in one insert: ${r.seedIndexedMs.toFixed(0)} ms with index, ${r.seedUnindexedMs.toFixed(0)} ms without`);
    console.log(`close (snapshot of 200k docs): ${r.closeMs.toFixed(0)} ms; reopen: ${r.reopenMs.toFixed(0)} ms`);
    process.exit(0);
  });
}
