/**
 * Warm instances of one function, SCF style: reuse an idle worker, otherwise cold-start a new one up to
 * the concurrency limit, otherwise wait in FIFO order. Also notices a rebuilt bundle and retires workers
 * that loaded the old code.
 */
import * as fs from 'node:fs';
import type { FunctionWorker } from './function-worker';

export interface Lease {
  worker: FunctionWorker;
  coldStart: boolean;
}

interface Waiter {
  resolve(lease: Lease): void;
  reject(err: Error): void;
}

export class WorkerPool {
  private readonly workers = new Set<FunctionWorker>();
  /** Most recently used last: reusing the hottest worker is what SCF does and keeps the others reclaimable. */
  private readonly idle: FunctionWorker[] = [];
  private readonly waiting: Waiter[] = [];
  private stamp: string;
  private stopped = false;

  constructor(
    private readonly bundleFile: string,
    private readonly maxWorkers: number,
    private readonly spawn: () => FunctionWorker,
  ) {
    this.stamp = this.readStamp();
  }

  get size(): number {
    return this.workers.size;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Checking on every invocation (a cached stat, a few µs) is simpler and more reliable than fs.watch,
   * which misses atomic renames on some platforms and fires repeatedly during a write.
   */
  refreshIfBundleChanged(): void {
    const stamp = this.readStamp();
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    for (const worker of this.idle.splice(0)) this.retire(worker);
    // Busy workers finish their invocation and are retired on release.
  }

  acquire(): Promise<Lease> {
    if (this.stopped) return Promise.reject(new Error('Functions emulator is stopping'));
    const worker = this.idle.pop();
    if (worker) return Promise.resolve({ worker, coldStart: false });
    if (this.workers.size < this.maxWorkers) {
      try {
        return Promise.resolve(this.coldStart());
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  release(worker: FunctionWorker): void {
    if (!worker.isAlive || worker.bundleStamp !== this.stamp || this.stopped) {
      this.retire(worker);
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve({ worker, coldStart: false });
    else this.idle.push(worker);
  }

  /** Drop a worker (crashed, timed out, stale); a waiter then gets a fresh one in its place. */
  retire(worker: FunctionWorker): void {
    this.forget(worker);
    if (worker.isAlive) void worker.kill();
  }

  /** Called when a worker process has gone away for any reason. */
  forget(worker: FunctionWorker): void {
    const wasKnown = this.workers.delete(worker);
    const idleIndex = this.idle.indexOf(worker);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    if (wasKnown && !this.stopped && this.waiting.length > 0 && this.workers.size < this.maxWorkers) {
      const waiter = this.waiting.shift()!;
      try {
        waiter.resolve(this.coldStart());
      } catch (err) {
        waiter.reject(err as Error);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('Functions emulator stopped'));
    const all = [...this.workers];
    this.workers.clear();
    this.idle.length = 0;
    await Promise.all(all.map((worker) => worker.kill()));
  }

  private coldStart(): Lease {
    const worker = this.spawn();
    worker.bundleStamp = this.stamp;
    this.workers.add(worker);
    return { worker, coldStart: true };
  }

  private readStamp(): string {
    try {
      const stat = fs.statSync(this.bundleFile);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return 'missing';
    }
  }
}
