import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Doc } from '../../src/types';
import { cleanup, openTestDb, tempDir } from './helpers';

afterEach(cleanup);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(__dirname, 'fixtures', 'write-burst.ts');

/** Runs the writer, SIGKILLs it `killAfterMs` after it is ready, returns the acknowledged lines. */
function runAndKill(dataDir: string, killAfterMs: number): Promise<{ inserts: Map<string, number>; updates: Map<string, number> }> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` keeps it one process, so SIGKILL hits the writer itself (the tsx CLI would fork).
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.includes('READY\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited with ${code}/${signal}: ${err}`));
      const inserts = new Map<string, number>();
      const updates = new Map<string, number>();
      // Only complete lines count as acknowledged: a line cut by the kill was never fully reported.
      const lines = out.split('\n').slice(0, -1);
      for (const line of lines) {
        const [kind, id, value] = line.split(' ');
        if (kind === 'I') inserts.set(id, Number(value));
        if (kind === 'U') updates.set(id, Math.max(updates.get(id) ?? -1, Number(value)));
      }
      resolve({ inserts, updates });
    });
  });
}

describe('kill -9 during a write burst', () => {
  it.each([700, 1100])('keeps every acknowledged write and no torn document (killed after %i ms)', async (killAfterMs) => {
    const dir = tempDir('db-kill9-');
    const { inserts, updates } = await runAndKill(dir, killAfterMs);
    expect(inserts.size).toBeGreaterThan(50);

    const db = await openTestDb([], { dataDir: dir });
    const docs = await db.find('burst', {});
    const byId = new Map<string, Doc>(docs.map((d) => [d._id as string, d]));
    console.log(`acknowledged ${inserts.size}, recovered ${docs.length} (and ${updates.size} acknowledged updates verified)`);

    for (const [id, seq] of inserts) {
      const doc = byId.get(id);
      expect(doc).toBeDefined();
      expect(doc!.seq).toBe(seq);
    }
    for (const doc of docs) {
      // Whole documents only: every field present with its full value.
      const seq = doc.seq as number;
      expect(doc.payload).toBe('p'.repeat(200 + (seq % 97)));
      expect(doc.nested).toMatchObject({ a: seq, list: [seq, seq + 1, { deep: 'x' }] });
      expect(doc.at).toBeInstanceOf(Date);
      expect(Array.isArray(doc.history)).toBe(true);
    }
    for (const [id, n] of updates) {
      // A later, unacknowledged update may also have landed, never an older state.
      expect(byId.get(id)!.updatedTo as number).toBeGreaterThanOrEqual(n);
      expect(byId.get(id)!.history as number[]).toContain(n);
    }
    // The recovered store keeps working (log truncated cleanly, unique index rebuilt).
    await db.insert('burst', [{ seq: -1 }]);
    expect(await db.count('burst', { seq: -1 })).toBe(1);
  });
});
