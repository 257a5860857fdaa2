/**
 * A bare WebSocket client speaking the realtime protocol the way js-sdk 3.7.0 does (same frames, same
 * fields), so protocol tests can look at every frame. Also a stand-in identity + rules pair for tests that
 * run the realtime emulator without the web endpoint.
 */
import { WebSocket } from 'ws';
import { DatabaseError, type ClientAuth, type ClientAuthenticator, type Doc, type SecurityRulesEngine } from '../../src/types';
import type { ResponseMessage, WireEvent } from '../../src/realtime';

let counter = 0;
export function requestId(): string {
  return `${Date.now()}_${Math.random()}_${++counter}`;
}

export class ProtocolClient {
  readonly frames: ResponseMessage[] = [];
  private waiters: { test: (m: ResponseMessage) => boolean; resolve: (m: ResponseMessage) => void }[] = [];
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ResponseMessage;
      this.frames.push(msg);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(msg)) return true;
        w.resolve(msg);
        return false;
      });
    });
    socket.on('close', () => (this.closed = true));
  }

  static async connect(url: string): Promise<ProtocolClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new ProtocolClient(socket);
  }

  send(msg: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(msg));
  }

  waitFor(test: (m: ResponseMessage) => boolean, timeoutMs = 5000): Promise<ResponseMessage> {
    const already = this.frames.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; frames: ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Sends a request and waits for the frame answering it (same requestId). */
  async request(msgType: string, msgData: unknown, extra: Record<string, unknown> = {}): Promise<ResponseMessage> {
    const id = requestId();
    this.send({ watchId: undefined, requestId: id, msgType, msgData, ...extra });
    return this.waitFor((m) => m.requestId === id);
  }

  login(token: string, envId = 'test-env'): Promise<ResponseMessage> {
    return this.request('LOGIN', { envId, accessToken: '', referrer: 'web', sdkVersion: '', dataVersion: '' }, { exMsgData: { runtime: 'web', signStr: token, secretVersion: '' } });
  }

  initWatch(watchId: string, collName: string, query: Doc, options: { limit?: number; orderBy?: Record<string, string> } = {}): Promise<ResponseMessage> {
    return this.request('INIT_WATCH', { envId: 'test-env', collName, query: JSON.stringify(query), ...options }, { watchId });
  }

  /** Every pushed event of a watch, in arrival order. */
  events(watchId: string): WireEvent[] {
    return this.frames.filter((f) => f.watchId === watchId && f.msgType === 'NEXT_EVENT' && f.requestId.startsWith('server_')).flatMap((f) => (f.msgData as { events: WireEvent[] }).events);
  }

  async waitForEventId(watchId: string, id: number, timeoutMs = 5000): Promise<WireEvent[]> {
    await this.waitFor((f) => f.watchId === watchId && f.msgType === 'NEXT_EVENT' && (f.msgData as { events: WireEvent[] }).events.some((e) => e.ID >= id), timeoutMs);
    return this.events(watchId);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Tokens 'token-<uid>' belong to <uid>; anything else is refused. */
export const fakeAuthenticator: ClientAuthenticator = {
  verifyAccessToken: (token) => (token.startsWith('token-') ? { uid: token.slice('token-'.length), loginType: 'ANONYMOUS' } : null),
};

/**
 * notes: owner rule (query must carry _openid: '{openid}'); feed: anyone may query, but a document is
 * readable only when public or addressed to the caller; secret: no client access.
 */
export const fakeRules: SecurityRulesEngine = {
  async authorizeQuery(collection, filter, auth) {
    if (collection === 'secret') throw new DatabaseError('DATABASE_PERMISSION_DENIED', 'Permission denied');
    if (collection === 'notes') {
      if (filter._openid !== '{openid}' || !auth?.uid) throw new DatabaseError('DATABASE_PERMISSION_DENIED', 'Permission denied: the query must be limited to _openid == {openid}');
      return { ...filter, _openid: auth.uid };
    }
    return filter;
  },
  async canRead(collection, doc: Doc, auth: ClientAuth | null) {
    if (collection === 'secret') return false;
    if (collection === 'notes') return doc._openid === auth?.uid;
    if (collection === 'feed') return doc.public === true || doc.to === auth?.uid;
    return true;
  },
  async authorizeWrite() {},
  async authorizeAggregation() {
    throw new DatabaseError('DATABASE_PERMISSION_DENIED', 'watches never aggregate');
  },
};
