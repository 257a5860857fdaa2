/**
 * The storage service on its own: a StorageService over a temporary folder with a clock the test moves,
 * and its HTTP port (StorageEmulator) on a free port, for protocol tests that need to step past an
 * expiry or send requests no SDK would. The SDK contract tests run the whole suite instead.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { EmulatorLogger } from '../../src/logger';
import { StorageEmulator, StorageService } from '../../src/storage';
import type { StorageAccessDeclaration } from '../../src/types';

export const STORAGE_ENV_ID = 'demo-storage';

export interface StorageHarness {
  service: StorageService;
  http: StorageEmulator;
  /** http://127.0.0.1:<port> */
  url: string;
  dir: string;
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  /** Unexpected (emulator-bug) errors the service logged. */
  errors: unknown[];
  stop(): Promise<void>;
}

export async function startStorage(options: { access?: StorageAccessDeclaration; maxObjectBytes?: number; dir?: string } = {}): Promise<StorageHarness> {
  const dir = options.dir ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'storage-test-')), 'storage');
  let offset = 0;
  let httpService: StorageEmulator | undefined;
  const errors: unknown[] = [];
  const service = new StorageService({ envId: STORAGE_ENV_ID, dir, access: options.access, maxObjectBytes: options.maxObjectBytes, publicUrl: () => httpService!.getInfo().url, clock: () => Date.now() + offset });
  httpService = new StorageEmulator({
    host: '127.0.0.1',
    port: 0,
    service,
    logger: new EmulatorLogger('storage', { threshold: 'error', sink: (entry) => errors.push(entry.error ?? entry.message) }),
  });
  await httpService.start();
  return {
    service,
    http: httpService,
    url: httpService.getInfo().url,
    dir,
    advance: (ms) => (offset += ms),
    errors,
    stop: () => httpService!.stop(),
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** node:http, so the path, Host and every header go out exactly as written (fetch normalises `..`). */
export function rawRequest(url: string, options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: Buffer | string } = {}): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path ?? `${target.pathname}${target.search}`, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The <Code> of a COS XML error body. */
export const cosCode = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
