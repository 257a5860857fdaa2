/**
 * Shared setup for the admin contract tests: a real engine in a temp folder, an AdminEmulator on a free
 * port, and process.env pointing the real server SDKs (wx-server-sdk 4.0.2, @cloudbase/node-sdk 3.18.3)
 * at it exactly as a deployed function would be configured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AdminEmulator } from '../../src/admin';
import { openDatabase } from '../../src/database';
import { EmulatorLogger } from '../../src/logger';
import type { DatabaseEngine, FunctionsRuntime, InvocationRecord, InvokeRequest, InvokeResult } from '../../src/types';

export const ENV_ID = 'local-env';
export const SECRET_ID = 'worker-secret-1';

export interface AdminHarness {
  admin: AdminEmulator;
  database: DatabaseEngine;
  url: string;
  errors: unknown[];
  stop(): Promise<void>;
}

export function setSdkEnv(url: string, secretId = SECRET_ID): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url });
  process.env.TENCENTCLOUD_SECRETID = secretId;
  process.env.TENCENTCLOUD_SECRETKEY = 'dummy-secret-key';
  process.env.TENCENTCLOUD_RUNENV = 'SCF';
  process.env.TENCENTCLOUD_REGION = 'ap-shanghai';
  process.env.SCF_NAMESPACE = ENV_ID;
  process.env.TCB_ENV = ENV_ID;
  process.env.SILENCE = 'true'; // no slow-query warnings from the SDK
}

export async function startAdmin(options: { functions?: FunctionsRuntime; maxBodyBytes?: number } = {}): Promise<AdminHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-test-'));
  const database = await openDatabase({ dataDir, collections: [] });
  const errors: unknown[] = [];
  const admin = new AdminEmulator({
    host: '127.0.0.1',
    port: 0,
    envId: ENV_ID,
    database,
    functions: options.functions,
    maxBodyBytes: options.maxBodyBytes,
    // Unexpected (emulator-bug) errors are collected, so a test can say there were none.
    logger: new EmulatorLogger('admin', { threshold: 'error', sink: (entry) => errors.push(entry.error ?? entry.message) }),
  });
  await admin.start();
  const url = admin.getInfo().url;
  setSdkEnv(url);
  return {
    admin,
    database,
    url,
    errors,
    async stop() {
      await admin.stop();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POST a raw body to the admin endpoint (for malformed-request tests). */
export async function rawPost(url: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(`${url}?env=${ENV_ID}&seqId=raw`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

/**
 * A stand-in FunctionsRuntime for unit-level tests only (the real runtime is tested end to end elsewhere):
 * canned results per function name, one "running" invocation mapped to SECRET_ID.
 */
export class FakeFunctionsRuntime implements FunctionsRuntime {
  readonly requests: InvokeRequest[] = [];
  readonly current: InvocationRecord = {
    id: 'inv-caller-1',
    functionName: 'caller',
    source: 'hub',
    wxContext: { OPENID: 'o-user-1', APPID: 'wx-app-1', UNIONID: 'u-1' },
    startedAt: Date.now(),
    coldStart: false,
    status: 'running',
    logs: [],
    operations: [],
  };

  constructor(private readonly handlers: Record<string, (request: InvokeRequest) => InvokeResult | Promise<InvokeResult>> = {}) {}

  listFunctions(): string[] {
    return Object.keys(this.handlers);
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    this.requests.push(request);
    const handler = this.handlers[request.functionName];
    if (!handler) return { ok: false, code: 'FUNCTION_NOT_FOUND', message: `function ${request.functionName} not found` };
    return handler(request);
  }

  invocations(): InvocationRecord[] {
    return [this.current];
  }

  invocation(id: string): InvocationRecord | undefined {
    return id === this.current.id ? this.current : undefined;
  }

  invocationForSecretId(secretId: string): InvocationRecord | undefined {
    return secretId === SECRET_ID ? this.current : undefined;
  }
}
