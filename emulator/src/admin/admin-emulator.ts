/**
 * The server SDK endpoint: what wx-server-sdk / @cloudbase/node-sdk reach at TCB_CONTEXT_CNFG.URL
 * (`POST /admin?env=<env>&seqId=<id>`). Every answer is HTTP 200 with `{ requestId, … }` or
 * `{ code, message, requestId }`, except wx.openApi successes (protobuf bytes). Nothing a client sends
 * may crash the process: every request is handled inside a catch-all.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { jsonContentTypeRefusal, type Refusal } from '../door-policy';
import { HttpEmulator, type HttpEmulatorOptions } from '../http-emulator';
import { BodyTooLargeError, sendJson } from '../http-util';
import type { StorageService } from '../storage';
import type { DatabaseEngine, FunctionsRuntime, InvocationRecord, PhoneNumberRecord, SubscribeMessageRecord } from '../types';
import { secretIdFromHeaders } from './auth';
import { type ActionContext, RawResponse } from './context';
import { dispatch } from './dispatch';
import { ApiError, ApiErrorCode, isExpectedError, toErrorBody } from '../protocol';
import { readParams } from './request-body';

export interface AdminEmulatorOptions extends HttpEmulatorOptions {
  envId: string;
  database: DatabaseEngine;
  functions?: FunctionsRuntime;
  /** Cloud storage, for the storage.* actions. */
  storage?: StorageService;
  /** Largest accepted request body (default 5 MB); larger bodies are discarded and answered EXCEED_REQUEST_SIZE_LIMIT. */
  maxBodyBytes?: number;
  /** Subscribe messages kept in memory (default 1000, oldest dropped first); phone-number exchanges likewise. */
  maxSubscribeMessages?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const ADMIN_PATH = '/admin';

/**
 * Only the server SDKs (in function workers and in scripts) call this endpoint: the door refuses foreign
 * Host and Origin headers, and a body must be application/json, or multipart/form-data as the SDKs send
 * wx.openApi calls. Refusals are HTTP 403/415 (no SDK ever gets one).
 */
export class AdminEmulator extends HttpEmulator {
  readonly name = 'admin' as const;
  protected readonly audience = 'local-tools' as const;
  private readonly messages: SubscribeMessageRecord[] = [];
  private readonly listeners = new Set<(record: SubscribeMessageRecord) => void>();
  private messageSeq = 0;
  private readonly phoneNumbers: PhoneNumberRecord[] = [];
  /** getPhoneNumber codes already exchanged (a code works once); kept for the emulator's lifetime. */
  private readonly redeemedPhoneCodes = new Set<string>();
  private phoneSeq = 0;

  constructor(private readonly options: AdminEmulatorOptions) {
    super(options);
  }

  protected override get basePath(): string {
    return ADMIN_PATH;
  }

  protected override answerRefusal(res: http.ServerResponse, refusal: Refusal): void {
    sendJson(res, refusal.status, { code: refusal.code, message: refusal.message, requestId: randomUUID() });
  }

  /** Even an emulator bug answers in CloudBase's error shape, so the SDK reports it as an error. */
  protected override answerUnexpected(res: http.ServerResponse, err: unknown): void {
    sendJson(res, 200, toErrorBody(err, randomUUID()));
  }

  /** Subscribe messages sent through cloud.openapi.subscribeMessage.send, oldest first (bounded). */
  subscribeMessages(): SubscribeMessageRecord[] {
    return this.messages.map((m) => ({ ...m }));
  }

  /** Called for every recorded send (successful or rejected); returns an unsubscribe function. */
  onSubscribeMessage(listener: (record: SubscribeMessageRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clearSubscribeMessages(): void {
    this.messages.length = 0;
  }

  /** phonenumber.getPhoneNumber exchanges the functions made, oldest first (bounded like subscribe messages). */
  phoneNumberRequests(): PhoneNumberRecord[] {
    return this.phoneNumbers.map((r) => ({ ...r }));
  }

  private recordPhoneNumber(input: Omit<PhoneNumberRecord, 'id' | 'at'>): PhoneNumberRecord {
    const record: PhoneNumberRecord = { id: `phone-${++this.phoneSeq}`, at: new Date().toISOString(), ...input };
    this.phoneNumbers.push(record);
    const max = this.options.maxSubscribeMessages ?? 1000;
    if (this.phoneNumbers.length > max) this.phoneNumbers.splice(0, this.phoneNumbers.length - max);
    return record;
  }

  private redeemPhoneCode(code: string): boolean {
    if (this.redeemedPhoneCodes.has(code)) return false;
    this.redeemedPhoneCodes.add(code);
    return true;
  }

  private recordSubscribeMessage(input: Omit<SubscribeMessageRecord, 'id' | 'at'>): SubscribeMessageRecord {
    const record: SubscribeMessageRecord = { id: `msg-${++this.messageSeq}`, at: new Date().toISOString(), ...input };
    this.messages.push(record);
    const max = this.options.maxSubscribeMessages ?? 1000;
    if (this.messages.length > max) this.messages.splice(0, this.messages.length - max);
    for (const listener of this.listeners) {
      try {
        listener({ ...record });
      } catch (err) {
        this.log.error('subscribe message listener failed', err);
      }
    }
    return record;
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://admin');
    if (url.pathname !== ADMIN_PATH && url.pathname !== `${ADMIN_PATH}/`) {
      req.resume();
      return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}; the server SDK endpoint is POST ${ADMIN_PATH}`, requestId });
    }
    if (req.method !== 'POST') {
      req.resume();
      return sendJson(res, 405, { code: ApiErrorCode.INVALID_ACTION, message: `${req.method} is not supported; use POST ${ADMIN_PATH}`, requestId }, { allow: 'POST' });
    }
    const refusal = jsonContentTypeRefusal(req.headers['content-type'], { allowMultipart: true });
    if (refusal) {
      req.resume();
      return sendJson(res, refusal.status, { code: refusal.code, message: refusal.message, requestId });
    }

    const maxBytes = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const declared = Number(req.headers['content-length']);
    try {
      if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(`request body of ${declared} bytes exceeds the ${maxBytes} byte limit`);
      const params = await readParams(req, maxBytes);
      const action = params.action;
      if (typeof action !== 'string' || action === '') throw new ApiError(ApiErrorCode.INVALID_ACTION, 'Invalid action: the request has no action');
      const secretId = secretIdFromHeaders(req.headers);
      const ctx: ActionContext = {
        action,
        params,
        requestId,
        envId: this.options.envId,
        database: this.options.database,
        functions: this.options.functions,
        storage: this.options.storage,
        secretId,
        invocation: this.findInvocation(secretId),
        now: Date.now(),
        recordSubscribeMessage: (record) => this.recordSubscribeMessage(record),
        redeemPhoneCode: (code) => this.redeemPhoneCode(code),
        recordPhoneNumber: (record) => this.recordPhoneNumber(record),
      };
      const result = await dispatch(ctx);
      if (result instanceof RawResponse) {
        res.writeHead(200, { 'content-type': result.contentType, 'content-length': result.body.length, 'x-request-id': requestId });
        res.end(result.body);
        return;
      }
      sendJson(res, 200, { requestId, ...result });
    } catch (err) {
      if (!isExpectedError(err)) this.log.error(`action failed unexpectedly (${requestId})`, err);
      if (err instanceof BodyTooLargeError) {
        // Keep draining what the client still sends (bounded memory), then close the connection.
        req.resume();
        return sendJson(res, 200, toErrorBody(err, requestId), { connection: 'close' });
      }
      sendJson(res, 200, toErrorBody(err, requestId));
    }
  }

  private findInvocation(secretId: string | undefined): InvocationRecord | undefined {
    if (!secretId || !this.options.functions) return undefined;
    try {
      return this.options.functions.invocationForSecretId(secretId);
    } catch (err) {
      this.log.error('invocationForSecretId failed', err);
      return undefined;
    }
  }
}
