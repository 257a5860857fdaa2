/**
 * The functions runtime: runs each deployed function bundle the way Tencent SCF does (warm worker
 * processes, one event at a time each, CloudBase's injected environment), records every invocation, and
 * maps worker credentials back to invocations so the admin endpoint can attribute database calls.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type {
  EmulatorInfo,
  EmulatorService,
  FunctionConfig,
  FunctionsRuntime,
  InvocationRecord,
  InvokeRequest,
  InvokeResult,
} from '../types';
import { EmulatorLogger } from '../logger';
import { invocationEnvironment, parseHandler, unresolvedEnvironmentProblem, workerEnvironment } from './function-environment';
import { FunctionWorker, type WorkerOutcome } from './function-worker';
import { InvocationLog } from './invocation-log';
import { WorkerPool } from './worker-pool';

export interface FunctionsEmulatorOptions {
  functions: FunctionConfig[];
  envId: string;
  /** Where the SDKs inside functions send API calls, e.g. http://127.0.0.1:4401/admin */
  adminUrl: string;
  region?: string;
  maxWorkersPerFunction?: number;
  invocationHistory?: number;
  /** One debug line per invocation (printed with --verbose); a warning per unset {{env.X}} at start. */
  logger?: EmulatorLogger;
}

interface DeployedFunction {
  config: FunctionConfig;
  pool: WorkerPool;
  spawned: number;
}

type FailureCode = Extract<InvokeResult, { ok: false }>['code'];

export class FunctionsEmulator implements EmulatorService, FunctionsRuntime {
  readonly name = 'functions' as const;
  private readonly functions = new Map<string, DeployedFunction>();
  private readonly workersBySecretId = new Map<string, FunctionWorker>();
  private readonly history: InvocationLog;
  private readonly region: string;
  private readonly maxWorkers: number;
  private readonly log: EmulatorLogger;

  constructor(private readonly options: FunctionsEmulatorOptions) {
    this.log = options.logger ?? new EmulatorLogger('functions');
    this.region = options.region ?? 'ap-shanghai';
    this.maxWorkers = Math.max(1, options.maxWorkersPerFunction ?? 4);
    this.history = new InvocationLog(Math.max(1, options.invocationHistory ?? 500));
    for (const config of options.functions) this.deploy(config);
  }

  async start(): Promise<void> {
    // Workers start on first invocation (cold start), as on SCF. What will stop a function from starting
    // is said now, once per variable, so nobody first meets it as a failed call.
    const byVariable = new Map<string, string[]>();
    for (const { config } of this.functions.values()) {
      for (const name of config.unresolvedEnv ?? []) byVariable.set(name, [...(byVariable.get(name) ?? []), config.name]);
    }
    for (const [name, functions] of byVariable) {
      this.log.warn(
        `${name} is not set (environment, .env, .env.local): function${functions.length > 1 ? 's' : ''} ${functions.join(', ')} ` +
          `will refuse to start until it is, because cloudbaserc.json gives envVariables "{{env.${name}}}"`,
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.functions.values()].map((fn) => fn.pool.stop()));
  }

  getInfo(): EmulatorInfo | null {
    return null;
  }

  listFunctions(): string[] {
    return [...this.functions.keys()];
  }

  invocations(): InvocationRecord[] {
    return this.history.all();
  }

  invocation(id: string): InvocationRecord | undefined {
    return this.history.get(id);
  }

  invocationForSecretId(secretId: string): InvocationRecord | undefined {
    const id = this.workersBySecretId.get(secretId)?.currentInvocationId;
    return id === undefined ? undefined : this.history.get(id);
  }

  /** Live worker count per function (for the console and tests). */
  workerCount(functionName: string): number {
    return this.functions.get(functionName)?.pool.size ?? 0;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const fn = this.functions.get(request.functionName);
    if (!fn) {
      return {
        ok: false,
        code: 'FUNCTION_NOT_FOUND',
        message: `FunctionName parameter could not be found: no function "${request.functionName}" in env ${this.options.envId}`,
      };
    }
    const id = randomUUID();
    const record: InvocationRecord = {
      id,
      functionName: request.functionName,
      source: request.source,
      wxContext: { ...(request.wxContext ?? {}) },
      webUid: request.extraEnv?.TCB_UUID || undefined,
      startedAt: performance.timeOrigin + performance.now(),
      coldStart: false,
      status: 'running',
      logs: [],
      operations: [],
      clientRequests: [],
    };
    this.history.add(record);
    const problem = unresolvedEnvironmentProblem(fn.config);
    if (problem) return this.finish(record, { kind: 'error', message: problem, loadFailed: true });
    try {
      fn.pool.refreshIfBundleChanged();
      const lease = await fn.pool.acquire();
      record.coldStart = lease.coldStart;
      const env = invocationEnvironment(request, this.options.envId, id.replace(/-/g, '').slice(0, 16));
      const outcome = await lease.worker.run(id, request.event ?? {}, env);
      if (outcome.kind === 'ok' || (outcome.kind === 'error' && !outcome.loadFailed)) fn.pool.release(lease.worker);
      else fn.pool.retire(lease.worker);
      return this.finish(record, outcome);
    } catch (err) {
      return this.finish(record, { kind: 'crashed', message: (err as Error).message });
    }
  }

  private finish(record: InvocationRecord, outcome: WorkerOutcome): InvokeResult {
    const endedAt = performance.timeOrigin + performance.now();
    record.endedAt = endedAt;
    record.durationMs = endedAt - record.startedAt;
    const base = { invocationId: record.id, durationMs: record.durationMs };
    let result: InvokeResult;
    if (outcome.kind === 'ok') {
      record.status = 'ok';
      result = { ok: true, result: outcome.result, ...base };
    } else {
      const [status, code] = FAILURES[outcome.kind];
      record.status = status;
      record.errorMessage = outcome.message;
      result = { ok: false, code, message: outcome.message, ...base };
    }
    if (this.log.enabled('debug')) {
      this.log.debug(
        `${record.functionName} ${record.source} ${record.status} ${record.durationMs.toFixed(1)}ms` +
          `${record.coldStart ? ' (cold start)' : ''} ${record.id}` +
          (record.errorMessage ? ` — ${record.errorMessage.split('\n')[0]}` : ''),
      );
    }
    return result;
  }

  private deploy(config: FunctionConfig): void {
    const { file, exportName } = parseHandler(config.handler);
    const bundleFile = path.resolve(config.dir, file.endsWith('.js') ? file : `${file}.js`);
    const deployed: DeployedFunction = {
      config,
      spawned: 0,
      pool: new WorkerPool(bundleFile, this.maxWorkers, () => {
        deployed.spawned += 1;
        const secretId = `emu-${config.name}-${deployed.spawned}`;
        const worker = new FunctionWorker({
          functionName: config.name,
          bundleFile,
          exportName,
          cwd: config.dir,
          env: workerEnvironment(config, { envId: this.options.envId, adminUrl: this.options.adminUrl, region: this.region }, secretId),
          memorySize: config.memorySize,
          timeoutSeconds: config.timeout,
          secretId,
          onOutput: (invocationId, level, message, at) => this.history.appendLog(invocationId, level, message, at),
          onClientRequests: (invocationId, requests) => this.history.appendClientRequests(invocationId, requests),
          onExit: (exited) => {
            if (this.workersBySecretId.get(exited.secretId) === exited) this.workersBySecretId.delete(exited.secretId);
            deployed.pool.forget(exited);
          },
        });
        this.workersBySecretId.set(secretId, worker);
        return worker;
      }),
    };
    this.functions.set(config.name, deployed);
  }
}

const FAILURES: Record<Exclude<WorkerOutcome['kind'], 'ok'>, [InvocationRecord['status'], FailureCode]> = {
  error: ['error', 'FUNCTIONS_EXECUTE_FAIL'],
  timeout: ['timeout', 'FUNCTIONS_TIME_LIMIT_EXCEEDED'],
  crashed: ['crashed', 'FUNCTIONS_CRASHED'],
};
