import http from 'node:http';
import { hasBody, jsonContentTypeRefusal } from './door-policy';
import { withSequentialRoundTrips } from './functions/round-trips';
import { HttpEmulator, type HttpEmulatorOptions } from './http-emulator';
import { BodyTooLargeError, readBody, sendJson } from './http-util';
import { JsonTooDeepError, parseJsonWithinDepth } from './json-depth';
import type { DatabaseEngine, EmulatorInfo, EmulatorService, FunctionsRuntime, InvokeResult, PhoneNumberRecord, SubscribeMessageRecord } from './types';

/**
 * The hub is how tools and tests find the other emulators (GET /emulators) and act as the console:
 * invoke a function as a given caller, fire a timer, read recorded subscribe messages and phone-number
 * exchanges, export data.
 * It acts with the console's full rights, so only local tools may call it: the door refuses foreign
 * Host and Origin headers, and a body must be application/json.
 */
export interface HubDependencies {
  envId: string;
  services: () => EmulatorService[];
  functions: FunctionsRuntime;
  database: DatabaseEngine;
  fireTimer?: (functionName: string, triggerName?: string) => Promise<InvokeResult>;
  listTimers?: () => unknown[];
  subscribeMessages?: () => SubscribeMessageRecord[];
  phoneNumbers?: () => PhoneNumberRecord[];
  /** Writes the stored files beside the collections of an export (storage/objects/). */
  exportStorage?: (dir: string) => Promise<void>;
}

const MAX_INVOKE_BODY = 6 * 1024 * 1024; // CloudBase's event payload limit

class HubRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class HubEmulator extends HttpEmulator {
  readonly name = 'hub' as const;
  protected readonly audience = 'local-tools' as const;

  constructor(
    options: HttpEmulatorOptions,
    private readonly deps: HubDependencies,
  ) {
    super(options);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (err) {
      if (!(err instanceof HubRequestError)) throw err;
      if (err.status === 413 || err.status === 415) req.resume();
      sendJson(res, err.status, { error: { code: err.code, message: err.message } });
    }
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const p = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'GET' && (p === '/emulators' || p === '/')) return sendJson(res, 200, this.describe());

    const invoke = /^\/functions\/([^/:]+):invoke$/.exec(p);
    if (method === 'POST' && invoke) return this.invoke(decodeURIComponent(invoke[1]), req, res);

    if (method === 'GET' && p === '/functions') return sendJson(res, 200, { functions: this.deps.functions.listFunctions() });
    if (method === 'GET' && p === '/functions/invocations') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, 1000);
      const name = url.searchParams.get('function');
      const all = this.deps.functions.invocations().filter((r) => !name || r.functionName === name);
      return sendJson(res, 200, { invocations: all.slice(-limit).map(withSequentialRoundTrips) });
    }
    const invocation = /^\/functions\/invocations\/([^/]+)$/.exec(p);
    if (method === 'GET' && invocation) {
      const record = this.deps.functions.invocation(decodeURIComponent(invocation[1]));
      return record ? sendJson(res, 200, withSequentialRoundTrips(record)) : sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no such invocation' } });
    }

    const fire = /^\/timers\/([^/:]+)(?:\/([^/:]+))?:fire$/.exec(p);
    if (method === 'POST' && fire && this.deps.fireTimer) {
      await this.readJson(req); // no parameters; a body, if any, must still be JSON
      const result = await this.deps.fireTimer(decodeURIComponent(fire[1]), fire[2] && decodeURIComponent(fire[2]));
      return this.answerInvoke(res, result);
    }
    if (method === 'GET' && p === '/timers') return sendJson(res, 200, { timers: this.deps.listTimers?.() ?? [] });

    if (method === 'GET' && p === '/openapi/subscribe-messages') {
      return sendJson(res, 200, { messages: this.deps.subscribeMessages?.() ?? [] });
    }
    if (method === 'GET' && p === '/openapi/phone-numbers') {
      return sendJson(res, 200, { requests: this.deps.phoneNumbers?.() ?? [] });
    }

    if (method === 'GET' && p === '/database/collections') {
      return sendJson(res, 200, { collections: await this.deps.database.listCollections() });
    }
    if (method === 'POST' && p === '/database:export') {
      const body = await this.readJson(req);
      if (typeof body.dir !== 'string') throw new HubRequestError(400, 'INVALID_ARGUMENT', 'dir (string) is required');
      await this.deps.database.exportTo(body.dir);
      await this.deps.exportStorage?.(body.dir);
      return sendJson(res, 200, { exported: body.dir });
    }

    req.resume();
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no hub route ${method} ${p}` } });
  }

  private describe() {
    const emulators: Record<string, EmulatorInfo & { functions?: string[] }> = {};
    for (const service of this.deps.services()) {
      const info = service.getInfo();
      if (info) emulators[info.name] = info;
    }
    return { envId: this.deps.envId, emulators, functions: this.deps.functions.listFunctions() };
  }

  /** The JSON object body ({} when there is none); anything else is a HubRequestError. */
  private async readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    if (!hasBody(req.headers)) return {};
    const refusal = jsonContentTypeRefusal(req.headers['content-type']);
    if (refusal) throw new HubRequestError(refusal.status, refusal.code, refusal.message);
    let parsed: unknown;
    try {
      const raw = await readBody(req, MAX_INVOKE_BODY);
      parsed = raw.length ? parseJsonWithinDepth(raw) : {};
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new HubRequestError(413, 'PAYLOAD_TOO_LARGE', err.message);
      if (err instanceof JsonTooDeepError) throw new HubRequestError(400, 'JSON_TOO_DEEP', err.message);
      throw new HubRequestError(400, 'INVALID_ARGUMENT', `body is not valid JSON: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HubRequestError(400, 'INVALID_ARGUMENT', 'body must be a JSON object');
    return parsed as Record<string, unknown>;
  }

  /** POST /functions/<name>:invoke  { data, wxContext? } → the function's return value as the body. */
  private async invoke(functionName: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await this.readJson(req);
    const wxContext = body.wxContext;
    if (wxContext !== undefined && (typeof wxContext !== 'object' || wxContext === null || Array.isArray(wxContext))) {
      throw new HubRequestError(400, 'INVALID_ARGUMENT', 'wxContext must be an object of strings');
    }
    const result = await this.deps.functions.invoke({
      functionName,
      event: body.data ?? {},
      wxContext: stringValues(wxContext as Record<string, unknown> | undefined),
      source: 'hub',
    });
    this.answerInvoke(res, result);
  }

  private answerInvoke(res: http.ServerResponse, result: InvokeResult): void {
    if (result.ok) {
      return sendJson(res, 200, result.result ?? null, { 'x-invocation-id': result.invocationId, 'x-duration-ms': String(result.durationMs) });
    }
    const status = result.code === 'FUNCTION_NOT_FOUND' ? 404 : 500;
    sendJson(res, status, { error: { code: result.code, message: result.message, invocationId: result.invocationId } });
  }
}

function stringValues(input: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!input) return undefined;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}
