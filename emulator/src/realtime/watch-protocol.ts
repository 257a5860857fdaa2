/**
 * The realtime (watch) wire protocol of @cloudbase/js-sdk 3.7.0, as read in its realtime module
 * (websocket-client.ts, virtual-websocket-client.ts) and @cloudbase/types/realtime.d.ts. Every frame is
 * one JSON object `{ watchId, requestId, msgType, msgData }`.
 *
 * What the client relies on (and the emulator must therefore honour):
 * - A reply is matched to its request by `requestId` only (LOGIN_RES, INIT_EVENT, the REBUILD_WATCH
 *   answer, ERROR); pushed frames (NEXT_EVENT, CHECK_EVENT) are routed by `watchId`, then `queryID`.
 * - Event IDs of one watch rise by exactly 1 per snapshot. Several events may share one ID: they form one
 *   snapshot (one onChange). A gap makes the client send REBUILD_WATCH with the last ID it applied.
 * - INIT_EVENT: `currEvent` is the ID of the init snapshot; the client rewrites every init event's ID to it.
 * - `Doc` and `UpdatedFields` are JSON strings; `removedFields` (lower case!) is a JSON string the client
 *   JSON.parses (it ignores `RemovedFields` except as a presence flag, so never send that one alone).
 *   An empty `Doc` ('' or '{}') means "take the document from the client's own copy".
 */
import { parseJsonWithinDepth } from '../json-depth';

export type RequestMsgType = 'LOGIN' | 'INIT_WATCH' | 'REBUILD_WATCH' | 'CHECK_LAST' | 'CLOSE_WATCH' | 'PING';
export type ResponseMsgType = 'LOGIN_RES' | 'INIT_EVENT' | 'NEXT_EVENT' | 'CHECK_EVENT' | 'PONG' | 'ERROR';

export interface RequestMessage {
  watchId?: string;
  requestId: string;
  msgType: RequestMsgType;
  msgData: unknown;
  exMsgData?: { runtime?: string; signStr?: string; secretVersion?: string };
}

export interface LoginData {
  envId?: string;
  /** Deprecated by the SDK: always ''. The token travels as exMsgData.signStr (from auth.wsWebSign). */
  accessToken?: string;
  referrer?: string;
}

export interface InitWatchData {
  envId?: string;
  collName: string;
  /** JSON.stringify of the SDK's encoded filter (see watch-query.ts for the dialect). */
  query: string;
  limit?: number;
  /** field → 'asc' | 'desc', in priority order. */
  orderBy?: Record<string, string>;
}

export interface RebuildWatchData {
  envId?: string;
  collName: string;
  queryID: string;
  /** The last event ID the client applied. */
  eventID: number;
}

export interface CheckLastData {
  queryID: string;
  eventID: number;
}

export type DataType = 'init' | 'add' | 'update' | 'replace' | 'remove' | 'limit';
export type QueueType = 'init' | 'enqueue' | 'update' | 'dequeue';

/** One change as sent on the wire (IDBEvent). */
export interface WireEvent {
  ID: number;
  DataType: DataType;
  QueueType: QueueType;
  DocID: string;
  Doc: string;
  UpdatedFields?: string;
  removedFields?: string;
}

export interface ResponseMessage {
  watchId?: string;
  requestId: string;
  msgType: ResponseMsgType;
  msgData: unknown;
}

/**
 * ERROR codes. The first group is what the SDK's handleCommonError knows: the CHECK_LOGIN_FAILED / SIGN_*
 * family makes it log in again and retry; everything else (listed or not) ends the watch with onError.
 */
export const RealtimeErrorCode = {
  CHECK_LOGIN_FAILED: 'CHECK_LOGIN_FAILED',
  SIGN_INVALID_ERROR: 'SIGN_INVALID_ERROR',
  INVALID_ENV: 'INVALIID_ENV', // sic: the SDK spells it this way
  COLLECTION_PERMISSION_DENIED: 'COLLECTION_PERMISSION_DENIED',
  QUERYID_INVALID_ERROR: 'QUERYID_INVALID_ERROR',
  SYS_ERR: 'SYS_ERR',
  // Emulator codes for refusals CloudBase reports in its own words; the SDK treats them as not retryable.
  INVALID_PARAM: 'INVALID_PARAM',
  COLLECTION_NOT_EXIST: 'DATABASE_COLLECTION_NOT_EXIST',
  WATCH_DOCS_LIMIT_EXCEEDED: 'WATCH_DOCS_LIMIT_EXCEEDED',
} as const;
export type RealtimeErrorCode = (typeof RealtimeErrorCode)[keyof typeof RealtimeErrorCode];

export function errorMessage(request: Pick<RequestMessage, 'watchId' | 'requestId'>, code: RealtimeErrorCode, message: string): ResponseMessage {
  return { watchId: request.watchId, requestId: request.requestId, msgType: 'ERROR', msgData: { code, message } };
}

/** Parses one client frame; null when it is not a protocol message at all. */
export function parseRequest(raw: string): RequestMessage | null {
  let value: unknown;
  try {
    // Frames are bounded like every HTTP door's body: a frame nested thousands of levels deep is dropped
    // before anything walks it.
    value = parseJsonWithinDepth(raw, 'frame');
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const msg = value as RequestMessage;
  if (typeof msg.msgType !== 'string' || typeof msg.requestId !== 'string') return null;
  return msg;
}
