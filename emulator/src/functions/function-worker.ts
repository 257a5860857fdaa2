/**
 * One warm function instance: a forked Node process running worker-main.cjs, serving one invocation at a
 * time (identity is process-wide environment, so concurrency inside a worker would mix callers up).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { ClientRequestRecord } from '../types';

const WORKER_MAIN = path.join(__dirname, 'worker-main.cjs');

/** Node boot before the first event is not the function's time; this only catches a wedged boot. */
const BOOT_LIMIT_MS = 30_000;
const STDERR_TAIL_CHARS = 4000;

export type WorkerOutcome =
  | { kind: 'ok'; result: unknown }
  | { kind: 'error'; message: string; loadFailed: boolean }
  | { kind: 'timeout'; message: string }
  | { kind: 'crashed'; message: string };

export interface FunctionWorkerOptions {
  functionName: string;
  bundleFile: string;
  exportName: string;
  cwd: string;
  env: Record<string, string>;
  memorySize: number;
  timeoutSeconds: number;
  secretId: string;
  /** Console lines and raw stdout/stderr, attributed to the invocation that was running (or ran last). */
  onOutput(invocationId: string | undefined, level: string, message: string, at: number): void;
  /** Requests the function sent to the admin endpoint, timed in the worker (see worker-main.cjs). */
  onClientRequests?(invocationId: string, requests: ClientRequestRecord[]): void;
  onExit(worker: FunctionWorker): void;
}

interface Pending {
  id: string;
  resolve(outcome: WorkerOutcome): void;
  timer?: NodeJS.Timeout;
  message: { t: 'invoke'; id: string; event: unknown; env: Record<string, string> };
}

export class FunctionWorker {
  readonly secretId: string;
  /** Bundle version this worker loaded (see WorkerPool's reload check). */
  bundleStamp = '';
  private readonly child: ChildProcess;
  private ready = false;
  private alive = true;
  private pending: Pending | undefined;
  private lastInvocationId: string | undefined;
  private fatalMessage: string | undefined;
  private stderrTail = '';
  private readonly exited: Promise<void>;

  constructor(private readonly options: FunctionWorkerOptions) {
    this.secretId = options.secretId;
    this.child = fork(WORKER_MAIN, [options.bundleFile, options.exportName], {
      cwd: options.cwd,
      env: options.env,
      // Explicit so the emulator's own flags (tsx loader, jest, inspector) never reach function code.
      // Source maps: bundles are built with linked maps, so stacks point at the TypeScript sources.
      execArgv: [`--max-old-space-size=${options.memorySize}`, '--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.pipeLines(this.child.stdout, 'stdout');
    this.pipeLines(this.child.stderr, 'stderr');
    this.child.on('message', (message: WorkerMessage) => this.onMessage(message));
    // A failed spawn or a broken channel shows up here; exit handling below settles any invocation.
    this.child.on('error', (err) => {
      this.fatalMessage ??= `Function worker error: ${err.message}`;
    });
    this.exited = new Promise((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        this.onExited(code, signal);
        resolve();
      };
      // 'close' waits for stdout/stderr to drain (crash messages need the stderr tail); 'exit' plus a short
      // grace covers a grandchild holding the pipes open.
      this.child.on('close', finish);
      this.child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 500).unref());
      // A worker that could not even be spawned gets neither; settle it anyway.
      this.child.on('error', () => {
        if (this.child.pid === undefined) finish(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  get isBusy(): boolean {
    return this.pending !== undefined;
  }

  /** The invocation this worker is serving right now. */
  get currentInvocationId(): string | undefined {
    return this.pending?.id;
  }

  run(id: string, event: unknown, env: Record<string, string>): Promise<WorkerOutcome> {
    if (!this.alive) return Promise.resolve({ kind: 'crashed', message: 'Function worker is not running' });
    if (this.pending) throw new Error('FunctionWorker.run while busy'); // pool bug, never user-facing
    return new Promise<WorkerOutcome>((resolve) => {
      const pending: Pending = { id, resolve, message: { t: 'invoke', id, event, env } };
      this.pending = pending;
      this.lastInvocationId = id;
      if (this.ready) this.dispatch(pending);
      else pending.timer = setTimeout(() => this.expire(pending, 'Function worker did not start in time'), BOOT_LIMIT_MS);
    });
  }

  /** SIGKILL and wait for the process to be gone. */
  kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  private dispatch(pending: Pending): void {
    const timeoutMs = this.options.timeoutSeconds * 1000;
    if (pending.timer) clearTimeout(pending.timer);
    pending.timer = setTimeout(
      () => this.expire(pending, `Invoking task timed out after ${this.options.timeoutSeconds} seconds`),
      timeoutMs,
    );
    try {
      this.child.send(pending.message, (err) => {
        if (err) this.settle(pending, { kind: 'crashed', message: `Could not send the event to the function worker: ${err.message}` });
      });
    } catch (err) {
      this.settle(pending, { kind: 'crashed', message: `Could not send the event to the function worker: ${(err as Error).message}` });
    }
  }

  private expire(pending: Pending, message: string): void {
    if (this.pending !== pending) return;
    this.settle(pending, { kind: 'timeout', message });
    // The handler may be stuck in a busy loop; only SIGKILL is sure to stop it.
    this.child.kill('SIGKILL');
  }

  private settle(pending: Pending, outcome: WorkerOutcome): void {
    if (this.pending !== pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(outcome);
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.t) {
      case 'ready':
        this.ready = true;
        if (this.pending) this.dispatch(this.pending);
        return;
      case 'log':
        this.options.onOutput(message.id ?? this.currentOrLast(), message.level, message.message, message.at);
        return;
      case 'fatal':
        this.fatalMessage = message.message;
        this.options.onOutput(message.id ?? this.currentOrLast(), 'error', message.message, Date.now());
        return;
      case 'request':
        if (message.id && message.request) this.options.onClientRequests?.(message.id, [message.request]);
        return;
      case 'result': {
        if (Array.isArray(message.requests) && message.requests.length) this.options.onClientRequests?.(message.id, message.requests);
        const pending = this.pending;
        if (!pending || pending.id !== message.id) return;
        if (message.ok) {
          let result: unknown;
          try {
            result = JSON.parse(message.json);
          } catch {
            result = null;
          }
          this.settle(pending, { kind: 'ok', result });
        } else {
          this.settle(pending, { kind: 'error', message: message.message, loadFailed: Boolean(message.loadFailed) });
        }
        return;
      }
    }
  }

  private onExited(code: number | null, signal: NodeJS.Signals | null): void {
    this.alive = false;
    const pending = this.pending;
    if (pending) this.settle(pending, { kind: 'crashed', message: this.crashMessage(code, signal) });
    this.options.onExit(this);
  }

  private crashMessage(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (/heap out of memory|Allocation failed/i.test(this.stderrTail)) {
      return `Function ${this.options.functionName} exceeded its memory limit (${this.options.memorySize} MB): JavaScript heap out of memory. The function process ${how}.`;
    }
    const reason = this.fatalMessage ? `\n${this.fatalMessage}` : this.stderrTail.trim() ? `\n${this.stderrTail.trim()}` : '';
    return `Function ${this.options.functionName} process ${how} before returning a result${reason}`;
  }

  private currentOrLast(): string | undefined {
    return this.pending?.id ?? this.lastInvocationId;
  }

  private pipeLines(stream: NodeJS.ReadableStream | null, level: 'stdout' | 'stderr'): void {
    if (!stream) return;
    stream.setEncoding('utf8');
    let partial = '';
    stream.on('data', (chunk: string) => {
      if (level === 'stderr') this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      const at = Date.now();
      for (const line of lines) this.options.onOutput(this.currentOrLast(), level, line, at);
    });
    stream.on('end', () => {
      if (partial) this.options.onOutput(this.currentOrLast(), level, partial, Date.now());
      partial = '';
    });
  }
}

type WorkerMessage =
  | { t: 'ready' }
  | { t: 'log'; id: string | null; level: string; message: string; at: number }
  | { t: 'fatal'; id: string | null; message: string }
  | { t: 'request'; id: string; request: ClientRequestRecord }
  | { t: 'result'; id: string; ok: true; json: string; requests?: ClientRequestRecord[] }
  | { t: 'result'; id: string; ok: false; message: string; loadFailed?: boolean; requests?: ClientRequestRecord[] };
