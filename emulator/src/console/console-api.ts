/**
 * The console page's JSON API under /api/. Every handler answers { status, body }; bad input is a 400
 * with a readable message, never an exception that reaches the server (the console must not take the
 * emulators down). Documents travel as relaxed EJSON (see document-json.ts).
 */
import type { HubDependencies } from '../hub';
import { isPreviewableImage, SERVER_CALLER, type StorageService } from '../storage';
import { DatabaseError, type Doc, type IndexDeclaration, type InvocationRecord } from '../types';
import { withSequentialRoundTrips } from '../functions/round-trips';
import { fromRelaxedEjson, toRelaxedEjson } from './document-json';

export const PAGE_SIZE = 20;
const MAX_QUERY_LIMIT = 1000;
const DEFAULT_INVOCATION_LIMIT = 200;

/** The hub's dependencies; the engine may also describe its indexes and query plans (LocalDatabaseEngine does). */
export interface ConsoleDependencies extends HubDependencies {
  database: HubDependencies['database'] & {
    listIndexes?(collection: string): IndexDeclaration[];
    explain?(collection: string, filter: Doc, sort?: Record<string, 1 | -1>, limit?: number): { index: string | null; scanned: number; returned: number };
  };
  /** Cloud storage: the 云存储 page lists, previews and deletes files as the administrator. */
  storage?: StorageService;
}

export interface ApiRequest {
  method: string;
  /** Path below /api, e.g. "/collections/users/documents". */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** A failure meant for the person at the console: code + Chinese/English message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new ApiError(400, 'INVALID_ARGUMENT', message);
const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);

export class ConsoleApi {
  constructor(
    private readonly deps: ConsoleDependencies,
    private readonly strictIndexes: () => boolean | undefined = () => undefined,
  ) {}

  async handle(req: ApiRequest): Promise<ApiResponse> {
    try {
      return { status: 200, body: await this.route(req) };
    } catch (err) {
      return errorResponse(err);
    }
  }

  private async route({ method, path, query, body }: ApiRequest): Promise<unknown> {
    const parts = path.split('/').filter(Boolean).map(decodeSegment);
    const [head, name, sub, id] = parts;
    const is = (m: string, ...shape: (string | null)[]) =>
      method === m && parts.length === shape.length && shape.every((s, i) => s === null || s === parts[i]);

    if (is('GET', 'overview')) return this.overview();
    if (is('GET', 'collections')) return { collections: await this.collections() };
    if (head === 'collections' && name !== undefined) {
      if (is('GET', 'collections', null, 'documents')) return this.browse(name, query.get('page'));
      if (is('POST', 'collections', null, 'query')) return this.query(name, body);
      if (is('POST', 'collections', null, 'documents')) return this.insert(name, body);
      if (is('GET', 'collections', null, 'documents', null)) return { document: await this.getDocument(name, id) };
      if (is('PUT', 'collections', null, 'documents', null)) return this.replace(name, id, body);
      if (is('DELETE', 'collections', null, 'documents', null)) return this.remove(name, id);
    }
    if (is('GET', 'invocations')) return this.invocations(query);
    if (is('GET', 'invocations', null)) {
      const record = this.deps.functions.invocation(name);
      if (!record) throw notFound(`调用记录不存在 / no such invocation: ${name}`);
      return { invocation: withSequentialRoundTrips(record) };
    }
    if (is('GET', 'storage')) return this.storageFiles();
    if (is('DELETE', 'storage', 'files')) return this.deleteStorageFile(query.get('key'));
    if (is('GET', 'subscribe-messages')) return { messages: [...(this.deps.subscribeMessages?.() ?? [])].reverse() };
    if (is('GET', 'timers')) return { timers: this.deps.listTimers?.() ?? [] };
    // POST /timers/<function>/fire or /timers/<function>/<trigger>/fire
    if (head === 'timers' && method === 'POST' && (parts.length === 3 || parts.length === 4) && parts[parts.length - 1] === 'fire') {
      return this.fireTimer(name, parts.length === 4 ? sub : undefined);
    }
    throw notFound(`没有这个接口 / no console API ${method} /api${path}`);
  }

  // ------------------------------------------------------------ overview

  private overview() {
    const emulators = this.deps
      .services()
      .map((s) => s.getInfo())
      .filter((info) => info !== null);
    return { envId: this.deps.envId, emulators, functions: this.deps.functions.listFunctions(), strictIndexes: this.strictIndexes() ?? null };
  }

  // ------------------------------------------------------------ database

  private async collections() {
    const list = await this.deps.database.listCollections();
    return list.map((c) => ({ ...c, indexes: this.indexesOf(c.name) }));
  }

  private indexesOf(collection: string): IndexDeclaration[] {
    try {
      return this.deps.database.listIndexes?.(collection) ?? [];
    } catch {
      return [];
    }
  }

  private requireCollection(name: string): void {
    if (!this.deps.database.hasCollection(name)) throw notFound(`集合不存在 / collection not found: ${name}`);
  }

  /** GET /collections/<name>/documents?page=N: storage order, PAGE_SIZE per page (an empty filter needs no index). */
  private async browse(name: string, pageParam: string | null) {
    this.requireCollection(name);
    const page = pageParam === null ? 1 : Number(pageParam);
    if (!Number.isInteger(page) || page < 1) throw badRequest(`page 必须是正整数 / page must be a positive integer, got ${pageParam}`);
    const total = await this.deps.database.count(name, {});
    const docs = await this.deps.database.find(name, {}, { skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    return { collection: name, page, pageSize: PAGE_SIZE, total, documents: docs.map(toRelaxedEjson) };
  }

  /** POST /collections/<name>/query { filter?, sort?, skip?, limit? }: runs through the engine, strict index mode included. */
  private async query(name: string, body: unknown) {
    this.requireCollection(name);
    const input = requireObject(body, '查询 query');
    const filter = input.filter === undefined ? {} : (fromRelaxedEjson(requireObject(input.filter, 'filter')) as Doc);
    const sort = input.sort === undefined ? undefined : parseSort(input.sort);
    const limit = optionalInteger(input.limit, 'limit', 1, MAX_QUERY_LIMIT) ?? PAGE_SIZE;
    const skip = optionalInteger(input.skip, 'skip', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const started = performance.now();
    const docs = await this.deps.database.find(name, filter, { sort, limit, skip });
    const durationMs = performance.now() - started;
    const total = await this.deps.database.count(name, filter);
    const plan = this.explain(name, filter, sort, limit + skip);
    return { collection: name, total, skip, limit, durationMs, plan, documents: docs.map(toRelaxedEjson) };
  }

  private explain(name: string, filter: Doc, sort: Record<string, 1 | -1> | undefined, limit: number) {
    try {
      const result = this.deps.database.explain?.(name, filter, sort, limit);
      return result ? { index: result.index, scanned: result.scanned } : null;
    } catch {
      return null;
    }
  }

  private async getDocument(name: string, id: string): Promise<unknown> {
    this.requireCollection(name);
    const [doc] = await this.deps.database.find(name, { _id: id }, { limit: 1 });
    if (!doc) throw notFound(`文档不存在 / document not found: ${id}`);
    return toRelaxedEjson(doc);
  }

  /** PUT /collections/<name>/documents/<id> with the whole document: replaces it (the _id cannot change). */
  private async replace(name: string, id: string, body: unknown) {
    this.requireCollection(name);
    const doc = fromRelaxedEjson(requireObject(body, '文档 document')) as Doc;
    if (doc._id !== undefined && doc._id !== id) throw badRequest(`不能修改 _id / _id cannot change (${String(doc._id)} ≠ ${id})`);
    const { _id: _ignored, ...fields } = doc;
    const result = await this.deps.database.update(name, { _id: id }, fields, { multi: false, upsert: false, merge: false });
    if (result.matched === 0) throw notFound(`文档不存在 / document not found: ${id}`);
    return { document: await this.getDocument(name, id) };
  }

  private async remove(name: string, id: string) {
    this.requireCollection(name);
    const removed = await this.deps.database.remove(name, { _id: id }, { multi: false });
    if (removed === 0) throw notFound(`文档不存在 / document not found: ${id}`);
    return { removed };
  }

  /** POST /collections/<name>/documents with a document (an _id is optional). */
  private async insert(name: string, body: unknown) {
    this.requireCollection(name);
    const doc = fromRelaxedEjson(requireObject(body, '文档 document')) as Doc;
    const [id] = await this.deps.database.insert(name, [doc]);
    return { id, document: await this.getDocument(name, id) };
  }

  // ------------------------------------------------------------ storage

  private requireStorage(): StorageService {
    if (!this.deps.storage) throw new ApiError(501, 'UNSUPPORTED', '云存储未启用 / storage is not running');
    return this.deps.storage;
  }

  /** GET /storage: the bucket, its permission and every file, newest first (the page previews images by /storage/object?key=). */
  private storageFiles() {
    const storage = this.requireStorage();
    const files = storage.list().map((f) => ({
      key: f.key,
      fileId: storage.fileIdOf(f.key),
      size: f.size,
      contentType: f.contentType,
      owner: f.owner,
      uploadedAt: f.uploadedAt,
      previewable: isPreviewableImage(f.contentType),
    }));
    return { envId: storage.envId, bucket: storage.bucket, access: storage.rules.declaration, maxObjectBytes: storage.maxObjectBytes, files };
  }

  /** DELETE /storage/files?key=<cloud path>: as the administrator (rules never apply to the console). */
  private async deleteStorageFile(key: string | null) {
    const storage = this.requireStorage();
    if (!key) throw badRequest('key 必填 / key (the cloud path) is required');
    const [outcome] = await storage.deleteFiles(SERVER_CALLER, [storage.fileIdOf(key)]);
    if (!outcome.ok) {
      if (outcome.code === 'STORAGE_FILE_NONEXIST') throw notFound(`文件不存在 / no such file: ${key}`);
      throw badRequest(outcome.message);
    }
    return { removed: key };
  }

  // ------------------------------------------------------------ functions, messages, timers

  private invocations(query: URLSearchParams) {
    const fn = query.get('function');
    const limitParam = query.get('limit');
    const limit = limitParam === null ? DEFAULT_INVOCATION_LIMIT : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1) throw badRequest(`limit 必须是正整数 / limit must be a positive integer, got ${limitParam}`);
    const records = this.deps.functions.invocations().filter((r) => !fn || r.functionName === fn);
    return { invocations: records.slice(-limit).reverse().map(summarise), functions: this.deps.functions.listFunctions() };
  }

  private async fireTimer(functionName: string, trigger: string | undefined) {
    if (!this.deps.fireTimer) throw new ApiError(501, 'UNSUPPORTED', '定时触发器未启用 / timers are not available');
    const known = (this.deps.listTimers?.() ?? []) as { functionName?: string; name?: string }[];
    if (!known.some((t) => t.functionName === functionName && (trigger === undefined || t.name === trigger))) {
      throw notFound(`没有这个定时触发器 / no timer trigger ${functionName}${trigger ? '/' + trigger : ''}`);
    }
    return { result: await this.deps.fireTimer(functionName, trigger) };
  }
}

/** The list view of an invocation: who called, when, how long, how it ended (logs and operations stay in the detail). */
export function summarise(record: InvocationRecord) {
  return {
    id: record.id,
    functionName: record.functionName,
    source: record.source,
    caller: callerOf(record),
    startedAt: record.startedAt,
    durationMs: record.durationMs ?? null,
    coldStart: record.coldStart,
    status: record.status,
    errorMessage: record.errorMessage ?? null,
    operationCount: record.operations.length,
    logCount: record.logs.length,
  };
}

/** OPENID for WeChat callers, the CloudBase uid for web callers; null for the console/timers. */
function callerOf(record: InvocationRecord): string | null {
  if (record.wxContext.OPENID) return record.wxContext.OPENID;
  return record.webUid ? `uid:${record.webUid}` : null;
}

function errorResponse(err: unknown): ApiResponse {
  if (err instanceof ApiError) return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  if (err instanceof DatabaseError) {
    const status = err.code === 'DATABASE_COLLECTION_NOT_EXIST' ? 404 : 400;
    return { status, body: { error: { code: err.code, message: err.message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: (err as Error)?.message ?? String(err) } } };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`路径编码错误 / malformed path segment: ${segment}`);
  }
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${what} 必须是 JSON 对象 / must be a JSON object`);
  return value as Record<string, unknown>;
}

function parseSort(value: unknown): Record<string, 1 | -1> {
  const sort = requireObject(value, '排序 sort');
  for (const [field, direction] of Object.entries(sort)) {
    if (direction !== 1 && direction !== -1) throw badRequest(`排序方向只能是 1 或 -1 / sort direction of "${field}" must be 1 or -1`);
  }
  return sort as Record<string, 1 | -1>;
}

function optionalInteger(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${name} 必须是 ${min}–${max} 之间的整数 / ${name} must be an integer in ${min}..${max}`);
  }
  return value;
}
