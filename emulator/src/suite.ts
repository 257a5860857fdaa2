import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AdminEmulator } from './admin/admin-emulator';
import { ConfigError, loadProjectConfig } from './config';
import { createConsole, type ConsoleEmulator } from './console';
import { DEFAULT_HOST, DEFAULT_PORTS, DEFAULT_REGION, DUMMY_SECRET_ID, DUMMY_SECRET_KEY } from './constants';
import { openDatabase } from './database';
import { lockDataDir } from './data-dir-lock';
import { FunctionsEmulator } from './functions/functions-emulator';
import { HttpAccessEmulator } from './http-access/http-access-emulator';
import { HubEmulator } from './hub';
import { EmulatorLogger, type LogSink, type LogThreshold } from './logger';
import { RealtimeEmulator } from './realtime';
import { RuleSyntaxError, SecurityRules } from './rules';
import { StorageEmulator, StorageService } from './storage';
import { TimersEmulator } from './timers/timers-emulator';
import { WebEmulator } from './web';
import type { DatabaseEngine, EmulatorInfo, EmulatorName, EmulatorService, FunctionsRuntime, InvokeRequest, ProjectConfig } from './types';

export interface StartEmulatorsOptions {
  /** Project root holding cloudbaserc.json (default: found from cwd). */
  root?: string;
  /**
   * Persistence folder; default: a fresh temporary folder removed on stop. One suite per folder: a second
   * start on a folder in use fails with DataDirLockedError.
   */
  dataDir?: string;
  /** Folder written by an export, loaded before anything starts. */
  importDir?: string;
  host?: string;
  /** Port per service; 0 picks a free one (tests), undefined uses the fixed defaults. */
  ports?: Partial<Record<EmulatorName, number>>;
  /** Fail queries that no declared index covers (on in tests). */
  strictIndexes?: boolean;
  /** Run cron triggers on their schedule (default true); fire on demand works either way. */
  timers?: boolean;
  envId?: string;
  /** Shorthand for logLevel 'debug' (one line per invocation, each timer run …). */
  verbose?: boolean;
  /** Lowest level each emulator's logger prints (default info; debug with verbose). */
  logLevel?: LogThreshold;
  /** Where log lines go (default: the console, `[name] message`). */
  logSink?: LogSink;
  /** The environment `{{env.X}}` in cloudbaserc.json resolves against, over .env / .env.local (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Largest object the storage service keeps (default 50 MB). */
  maxObjectBytes?: number;
}

export interface RunningEmulators {
  config: ProjectConfig;
  dataDir: string;
  database: DatabaseEngine;
  functions: FunctionsEmulator;
  admin: AdminEmulator;
  http: HttpAccessEmulator;
  timers: TimersEmulator;
  web: WebEmulator;
  /** Realtime watch WebSocket (ws://host:port/ws), the URL auth.wsWebSign hands to web clients. */
  realtime: RealtimeEmulator;
  /** Security rules of config.collections, applied to every client (web, realtime) request. */
  rules: SecurityRules;
  hub: HubEmulator;
  /** The local console (stand-in for the CloudBase console): one page and its /api, over the hub's services. */
  console: ConsoleEmulator;
  /** Cloud storage (files in <data>/storage), reached by the admin and web endpoints and its own port. */
  storage: StorageService;
  /** The storage service's port: uploads and temporary URLs (http://127.0.0.1:4408). */
  storageHttp: StorageEmulator;
  hubUrl: string;
  adminUrl: string;
  /** What a process needs to point the real server SDKs at these emulators (exported by emulators:exec). */
  env: Record<string, string>;
  infos(): EmulatorInfo[];
  /** Writes every collection and every stored file to `dir` (load it with `importDir` / --import). */
  exportTo(dir: string): Promise<void>;
  stop(): Promise<void>;
}

/** A storage rule that does not parse is a mistake in cloudbaserc.json: reported as such at start. */
function openStorage(options: ConstructorParameters<typeof StorageService>[0]): StorageService {
  try {
    return new StorageService(options);
  } catch (err) {
    if (err instanceof RuleSyntaxError) throw new ConfigError(`cloudbaserc.json: storage: ${err.message}`);
    throw err;
  }
}

/**
 * The admin endpoint needs the functions runtime (invokeFunction) and the runtime needs the admin URL
 * (its workers call back into it); this forwarder breaks the cycle without mutable wiring in either class.
 */
function forwardTo(get: () => FunctionsRuntime): FunctionsRuntime {
  return {
    listFunctions: () => get().listFunctions(),
    invoke: (request: InvokeRequest) => get().invoke(request),
    invocations: () => get().invocations(),
    invocation: (id) => get().invocation(id),
    invocationForSecretId: (secretId) => get().invocationForSecretId(secretId),
  };
}

export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<RunningEmulators> {
  const config = await loadProjectConfig(options.root, options.env);
  const envId = options.envId ?? config.envId;
  const host = options.host ?? DEFAULT_HOST;
  const port = (name: EmulatorName) => options.ports?.[name] ?? DEFAULT_PORTS[name];
  const logs = new EmulatorLogger('emulators', { threshold: options.logLevel ?? (options.verbose ? 'debug' : 'info'), sink: options.logSink });
  const logger = (name: EmulatorName) => logs.forEmulator(name);
  const temporaryData = !options.dataDir;
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'cloudbase-emulator-'));

  // Before anything reads the folder: a second suite on it is refused, never a second writer on its log.
  const lock = lockDataDir(dataDir);
  const started: EmulatorService[] = [];
  let database: DatabaseEngine | undefined;
  const stopAll = async () => {
    // Reverse start order: nothing keeps calling a service that is already gone.
    for (const service of [...started].reverse()) await service.stop().catch((err) => logger(service.name).error('stop failed', err));
    await database?.close();
    lock.release();
    if (temporaryData) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    database = await openDatabase({ dataDir, collections: config.collections, strictIndexes: options.strictIndexes, logger: logger('database') });
    if (options.importDir) await database.importFrom(path.resolve(options.importDir));

    // Storage hands out URLs of its own port, known once that is bound: started before anyone can ask.
    let storageHttp: StorageEmulator | undefined;
    const storage = openStorage({ envId, dir: path.join(dataDir, 'storage'), access: config.storage, publicUrl: () => storageHttp!.getInfo().url, maxObjectBytes: options.maxObjectBytes });
    if (options.importDir) storage.importFrom(path.resolve(options.importDir));
    storageHttp = new StorageEmulator({ host, port: port('storage'), service: storage, logger: logger('storage') });
    await storageHttp.start();
    started.push(storageHttp);

    let functions: FunctionsEmulator | undefined;
    const admin = new AdminEmulator({ host, port: port('admin'), envId, database, functions: forwardTo(() => functions!), storage, logger: logger('admin') });
    await admin.start();
    started.push(admin);
    const adminUrl = admin.getInfo().url;

    functions = new FunctionsEmulator({ functions: config.functions, envId, adminUrl, region: DEFAULT_REGION, logger: logger('functions') });
    await functions.start();
    started.push(functions);

    const rules = new SecurityRules(config.collections, database);
    // The web endpoint answers auth.wsWebSign with the realtime URL, known once realtime has its port.
    let realtime: RealtimeEmulator | undefined;
    const web = new WebEmulator({ host, port: port('web'), envId, database, functions, rules, storage, dataDir, realtimeUrl: () => realtime?.url, logger: logger('web') });
    await web.start();
    started.push(web);

    realtime = new RealtimeEmulator({ host, port: port('realtime'), database, rules, authenticator: web.auth, envId, logger: logger('realtime') });
    await realtime.start();
    started.push(realtime);

    const http = new HttpAccessEmulator({ host, port: port('http'), routes: config.httpRoutes, functions, envId, logger: logger('http') });
    await http.start();
    started.push(http);

    const triggers = config.functions.flatMap((f) => f.triggers);
    const timers = new TimersEmulator({ triggers, functions, enabled: options.timers ?? true, logger: logger('timers') });
    await timers.start();
    started.push(timers);

    const hub = new HubEmulator(
      { host, port: port('hub'), logger: logger('hub') },
      {
        envId,
        services: () => started,
        functions,
        database,
        fireTimer: (fn, trigger) => timers.fire(fn, trigger),
        listTimers: () => timers.list(),
        subscribeMessages: () => admin.subscribeMessages(),
        phoneNumbers: () => admin.phoneNumberRequests(),
        exportStorage: async (dir) => storage.exportTo(dir),
      },
    );
    await hub.start();
    started.push(hub);
    const hubUrl = hub.getInfo().url;

    // The local console page reads the same services as the hub; started last, it only observes.
    const consoleEmulator = createConsole({ host, port: port('console'), envId, database, functions, timers, admin, storage, services: () => started, strictIndexes: options.strictIndexes, logger: logger('console') });
    await consoleEmulator.start();
    started.push(consoleEmulator);

    const env: Record<string, string> = {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
      TENCENTCLOUD_SECRETID: DUMMY_SECRET_ID,
      TENCENTCLOUD_SECRETKEY: DUMMY_SECRET_KEY,
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: DEFAULT_REGION,
      SCF_NAMESPACE: envId,
      TCB_ENV: envId,
      TCB_EMULATOR_HUB: hubUrl,
      // What a browser page passes to app.registerHost(host, 'http') to use the web emulator.
      TCB_EMULATOR_WEB_HOST: `${web.getInfo().host}:${web.getInfo().port}`,
    };

    return {
      config: { ...config, envId },
      dataDir,
      database,
      functions,
      admin,
      http,
      timers,
      web,
      realtime,
      rules,
      hub,
      console: consoleEmulator,
      storage,
      storageHttp,
      hubUrl,
      adminUrl,
      env,
      infos: () => started.map((s) => s.getInfo()).filter((i): i is EmulatorInfo => i !== null),
      exportTo: async (dir) => {
        await database!.exportTo(dir);
        storage.exportTo(dir);
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
