import type { StorageService } from '../storage';
import type { DatabaseEngine, FunctionsRuntime, InvocationRecord, PhoneNumberRecord, SubscribeMessageRecord } from '../types';
import type { RequestParams } from './request-body';

/** Everything an action handler may use; built once per request by the HTTP layer. */
export interface ActionContext {
  action: string;
  params: RequestParams;
  requestId: string;
  envId: string;
  database: DatabaseEngine;
  functions?: FunctionsRuntime;
  /** Cloud storage (storage.* actions). */
  storage?: StorageService;
  /** Secret id of the caller (TC3 Authorization header), if any. */
  secretId?: string;
  /** The invocation the calling function worker is serving, if the secret id maps to one. */
  invocation?: InvocationRecord;
  /** Server time for this request (serverDate). */
  now: number;
  recordSubscribeMessage(record: Omit<SubscribeMessageRecord, 'id' | 'at'>): SubscribeMessageRecord;
  /**
   * Redeems a getPhoneNumber code: true the first time a code is seen, false after (WeChat: each code
   * works once). Records the exchange with what was answered.
   */
  redeemPhoneCode(code: string): boolean;
  recordPhoneNumber(record: Omit<PhoneNumberRecord, 'id' | 'at'>): PhoneNumberRecord;
}

/** A non-JSON answer (wx.openApi answers protobuf bytes). */
export class RawResponse {
  constructor(
    public readonly body: Buffer,
    public readonly contentType: string,
  ) {}
}

/** JSON handlers return the body without requestId (the dispatcher adds it). */
export type ActionResult = Record<string, unknown> | RawResponse;
export type ActionHandler = (ctx: ActionContext) => Promise<ActionResult>;
