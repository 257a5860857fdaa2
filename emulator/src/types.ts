/**
 * The contracts between the emulator's services. Each service module (database, admin, functions,
 * http-access, timers, hub) depends on these interfaces, not on each other's classes, so the hub can
 * start them in order and tests can drive any one of them alone.
 */

// ---------------------------------------------------------------- services

export interface EmulatorInfo {
  name: EmulatorName;
  host: string;
  port: number;
  /** Base URL clients use, e.g. http://127.0.0.1:4401/admin */
  url: string;
}

export type EmulatorName = 'hub' | 'admin' | 'functions' | 'http' | 'timers' | 'database' | 'web' | 'realtime' | 'console' | 'storage';

/** One class per service, like firebase-tools' EmulatorInstance. */
export interface EmulatorService {
  readonly name: EmulatorName;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Endpoint description for GET /emulators; null for in-process services with no port. */
  getInfo(): EmulatorInfo | null;
}

// ---------------------------------------------------------------- configuration (cloudbaserc.json, .env files)

export interface FunctionConfig {
  name: string;
  /** Absolute folder holding the deployable bundle (index.js + package.json). */
  dir: string;
  /** "index.main" style handler: file without .js, then export name. */
  handler: string;
  /** Seconds, 1–60 as on CloudBase (default 3 on CloudBase; cloudbaserc usually sets it). */
  timeout: number;
  /** MB, 128–2048. */
  memorySize: number;
  runtime: string;
  envVariables: Record<string, string>;
  /**
   * Names X of `{{env.X}}` templates in envVariables that resolved to nothing (set neither in the
   * process environment nor in the project's .env / .env.local): the function refuses to start, naming them.
   */
  unresolvedEnv?: string[];
  triggers: TimerTriggerConfig[];
}

export interface TimerTriggerConfig {
  functionName: string;
  name: string;
  /** 7 fields: second minute hour day month weekday year, evaluated in Asia/Shanghai. */
  config: string;
}

export interface HttpRouteConfig {
  /** Path prefix, e.g. "/pc" */
  path: string;
  functionName: string;
}

export interface IndexKey {
  name: string;
  direction: 1 | -1;
}

export interface IndexDeclaration {
  name: string;
  unique: boolean;
  keys: IndexKey[];
}

/** CloudBase simple permission modes, or a custom rule object ({ read, write } expressions). */
export type SecurityRule = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY' | Record<string, unknown>;

export interface CollectionDeclaration {
  name: string;
  indexes: IndexDeclaration[];
  rule?: SecurityRule;
}

/** Basic storage permission modes, or CUSTOM with security rules (the values of `tcb storage rules update --acl`). */
export type StorageAcl = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY' | 'CUSTOM';

/** The storage bucket's permission: cloudbaserc.json's `storage` entry (see config.ts). */
export type StorageAccessDeclaration = { acl: Exclude<StorageAcl, 'CUSTOM'> } | { acl: 'CUSTOM'; rules: Record<string, unknown> };

export interface ProjectConfig {
  envId: string;
  /** Absolute path of the project root (where cloudbaserc.json lives). */
  root: string;
  functions: FunctionConfig[];
  httpRoutes: HttpRouteConfig[];
  collections: CollectionDeclaration[];
  /** The storage permission; absent when the project declares none (CloudBase's default applies). */
  storage?: StorageAccessDeclaration;
}

// ---------------------------------------------------------------- observability

/** One database call made while serving an invocation (or directly by a client). */
export interface DatabaseOperationRecord {
  action: string;
  collection?: string;
  startedAt: number; // epoch ms, high resolution (performance.timeOrigin + performance.now())
  endedAt: number;
  ok: boolean;
  code?: string;
}

/**
 * One HTTP(S) request a function sent to the admin endpoint (database and other API calls), timed in the
 * function worker — the caller — from issuing it to having the whole response (or the failure). Requests
 * the function sends together overlap here even when a busy worker makes the server see them one by one.
 */
export interface ClientRequestRecord {
  startedAt: number; // epoch ms, high resolution, same clock as DatabaseOperationRecord
  endedAt: number;
  /** Path and query of the admin URL the SDK called. */
  path: string;
  /** The API action named in the request body (e.g. database.getDocument), when found in its first 16 KB. */
  action?: string;
  /** Only when not POST. */
  method?: string;
  /** HTTP status of the response, absent when none arrived. */
  status?: number;
  /** Why the request ended without a complete response. */
  error?: string;
}

export interface InvocationRecord {
  id: string;
  functionName: string;
  /** 'hub' | 'admin' (server SDK invokeFunction) | 'http' | 'timer' | 'web' */
  source: string;
  wxContext: Record<string, string>;
  /** CloudBase uid of a web caller (TCB_UUID), when the invocation came through the web SDK. */
  webUid?: string;
  startedAt: number;
  endedAt?: number;
  durationMs?: number;
  coldStart: boolean;
  status: 'running' | 'ok' | 'error' | 'timeout' | 'crashed';
  errorMessage?: string;
  logs: { level: string; message: string; at: number }[];
  operations: DatabaseOperationRecord[];
  /**
   * Requests to the admin endpoint as the function's worker timed them (see ClientRequestRecord); the
   * figure to count sequential round trips from (countSequentialRoundTrips). Absent on records not made
   * by the functions runtime.
   */
  clientRequests?: ClientRequestRecord[];
}

/**
 * Who issued a database request: lets the admin endpoint attribute the call to the invocation that the
 * calling worker is serving (workers sign requests with their own secret id).
 */
export interface CallerAttribution {
  /** Secret id from the TC3 Authorization header, if any. */
  secretId?: string;
}

// ---------------------------------------------------------------- database engine

export type Doc = Record<string, unknown> & { _id?: unknown };

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  /** Already resolved by the caller (server default 100, clamp 1000). */
  limit?: number;
  projection?: Record<string, unknown>;
}

export interface UpdateOptions {
  multi: boolean;
  upsert: boolean;
  /** true: `data` is an update document ($set …, or plain fields merged); false: replace the whole document. */
  merge: boolean;
}

export interface UpdateResult {
  matched: number;
  updated: number;
  upsertedId?: string;
}

/** A change as seen by realtime watchers (issue 4) and the console. */
export interface ChangeEvent {
  collection: string;
  type: 'insert' | 'update' | 'replace' | 'remove';
  id: string;
  /** Full document after the change (absent for remove). */
  doc?: Doc;
  /** For update: changed top-level-or-dotted fields and removed fields. */
  updatedFields?: Record<string, unknown>;
  removedFields?: string[];
  /** Monotonic sequence of committed changes across the database. */
  seq: number;
}

/** Error with a CloudBase database code (DATABASE_COLLECTION_NOT_EXIST, DATABASE_TRANSACTION_CONFLICT, …). */
export class DatabaseError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** How a query was served: for tests, benchmarks and the console. */
export interface ExplainResult {
  /** Index used to find candidates (`a+b` for an `$or` served by several), null for a collection scan. */
  index: string | null;
  /** Documents examined by the filter. */
  scanned: number;
  /** Whether the index order produced the sort (no in-memory sort). */
  sortServed: boolean;
  /** Whether the index bounds alone decided the matches, so no document was tested by the filter. */
  exact: boolean;
  returned: number;
}

/**
 * The document store. Values inside documents are native JS (number, string, boolean, null, Date, RegExp,
 * arrays, plain objects); EJSON lives only at the wire edges. All methods are synchronous in effect (the
 * store is in-process and single-threaded) but return promises so a future engine can be async.
 */
export interface DatabaseEngine {
  createCollection(name: string): Promise<void>;
  dropCollection(name: string): Promise<void>;
  listCollections(): Promise<{ name: string; count: number }[]>;
  hasCollection(name: string): boolean;

  find(collection: string, filter: Doc, options?: FindOptions, txId?: string): Promise<Doc[]>;
  count(collection: string, filter: Doc, txId?: string): Promise<number>;
  insert(collection: string, docs: Doc[], txId?: string): Promise<string[]>;
  update(collection: string, filter: Doc, update: Doc, options: UpdateOptions, txId?: string): Promise<UpdateResult>;
  remove(collection: string, filter: Doc, options: { multi: boolean }, txId?: string): Promise<number>;
  aggregate(collection: string, pipeline: Doc[]): Promise<Doc[]>;

  startTransaction(): Promise<string>;
  commitTransaction(txId: string): Promise<void>;
  abortTransaction(txId: string): Promise<void>;

  /** Subscribe to committed changes; returns an unsubscribe function. */
  onChange(listener: (event: ChangeEvent) => void): () => void;

  /** Write every collection to `dir` (one EJSON-lines file per collection + metadata); read it back. */
  exportTo(dir: string): Promise<void>;
  importFrom(dir: string): Promise<void>;

  /** Strict mode: a find/count/update/remove whose filter+sort no declared index covers throws EMULATOR_INDEX_REQUIRED. */
  setStrictIndexes(strict: boolean): void;
  /** Puts index entries deferred by bulk writes in place now (it also happens by itself once writes pause). */
  settleIndexes(): void;
  /** Runs the query (never refused by strict mode) and tells how it was served. */
  explain(collection: string, filter: Doc, sort?: Record<string, 1 | -1>, limit?: number): ExplainResult;

  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Folder for persistence; created if missing. */
  dataDir: string;
  collections: CollectionDeclaration[];
  strictIndexes?: boolean;
}

// ---------------------------------------------------------------- functions

export interface InvokeRequest {
  functionName: string;
  event: unknown;
  /** OPENID / APPID / UNIONID / CLIENTIP … for a WeChat caller; empty for the console. */
  wxContext?: Record<string, string>;
  /** Extra environment for this invocation, e.g. TCB_UUID for web callers, TRIGGER_SRC=timer. */
  extraEnv?: Record<string, string>;
  source: string;
}

export type InvokeResult =
  | { ok: true; result: unknown; invocationId: string; durationMs: number }
  | { ok: false; code: 'FUNCTION_NOT_FOUND' | 'FUNCTIONS_EXECUTE_FAIL' | 'FUNCTIONS_TIME_LIMIT_EXCEEDED' | 'FUNCTIONS_CRASHED'; message: string; invocationId?: string; durationMs?: number };

export interface FunctionsRuntime {
  listFunctions(): string[];
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  /** Invocation history, newest last (bounded). */
  invocations(): InvocationRecord[];
  invocation(id: string): InvocationRecord | undefined;
  /** Map a worker's secret id to the invocation it is serving right now. */
  invocationForSecretId(secretId: string): InvocationRecord | undefined;
}

// ---------------------------------------------------------------- WeChat open API (subscribe messages)

export interface SubscribeMessageRecord {
  id: string;
  at: string; // ISO time
  touser: string;
  templateId: string;
  page?: string;
  data: unknown;
  miniprogramState?: string;
  lang?: string;
  /** The invocation that sent it, if known. */
  invocationId?: string;
  /** What was answered: errCode 0 for success. */
  errCode: number;
  errMsg: string;
}

/** One `phonenumber.getPhoneNumber` exchange a function made (wx.openApi), as the hub shows it. */
export interface PhoneNumberRecord {
  id: string;
  at: string; // ISO time
  /** The code the function passed (the mini-program's getPhoneNumber button hands it out). */
  code: string;
  /** The number answered (none for a refused code). */
  purePhoneNumber?: string;
  /** The watermark's appid: the calling invocation's APPID. */
  appid: string;
  invocationId?: string;
  /** What was answered: errCode 0 for success, 40029 for an invalid or used code. */
  errCode: number;
  errMsg: string;
}

// ---------------------------------------------------------------- client identity and security rules (web SDK, realtime)

/** Who a client request comes from, as security rules see it (`auth` in a rule). */
export interface ClientAuth {
  /** CloudBase uid of a web caller. */
  uid?: string;
  /** OPENID of a WeChat caller. */
  openid?: string;
  /** e.g. 'ANONYMOUS' for an anonymous web sign-in, 'WECHAT-OPEN' … */
  loginType: string;
}

/** Resolves the bearer/access token a web client presents (REST calls and the realtime LOGIN). */
export interface ClientAuthenticator {
  verifyAccessToken(token: string): ClientAuth | null;
}

export type ClientOperation = 'read' | 'create' | 'update' | 'delete';

/**
 * The database permissions of every collection, applied to client traffic only (server SDK traffic is
 * admin): a basic permission (READONLY, PRIVATE, ADMINWRITE, ADMINONLY: the server narrows the request to
 * what it allows) or a custom security rule (the request must be a subset of the rule). Refusals throw
 * DatabaseError('DATABASE_PERMISSION_DENIED', …).
 */
export interface SecurityRulesEngine {
  /**
   * The filter a client query may run with, the `'{openid}'` placeholder replaced by the caller's openid
   * or uid: under a basic permission narrowed to the caller's own documents where it requires that; under
   * a custom rule as asked, once the query is known to be a subset of the rule.
   */
  authorizeQuery(collection: string, filter: Doc, auth: ClientAuth | null, operation: ClientOperation): Promise<Doc>;
  /**
   * The pipeline a client aggregation may run: refused when any stage, at any depth, reaches another
   * collection or writes; otherwise with the documents entering it authorized as a read query.
   */
  authorizeAggregation(collection: string, pipeline: Doc[], auth: ClientAuth | null): Promise<Doc[]>;
  /** Whether one stored document may be seen by this client (used for watch events and single-doc reads). */
  canRead(collection: string, doc: Doc, auth: ClientAuth | null): Promise<boolean>;
  /** Checks a create (doc = the new document, with _openid stamped) or an update/delete of one document. */
  authorizeWrite(collection: string, operation: Exclude<ClientOperation, 'read'>, auth: ClientAuth | null, doc: Doc): Promise<void>;
}
