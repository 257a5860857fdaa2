/**
 * One WebSocket from a web client: LOGIN, then any number of watches multiplexed by watchId, plus PING.
 * The watch work itself lives in WatchSession; this class turns frames into calls on the emulator's
 * WatchRegistry and answers protocol errors the way the SDK expects them.
 */
import type { WebSocket } from 'ws';
import type { ClientAuth, ClientAuthenticator } from '../types';
import { errorMessage, parseRequest, RealtimeErrorCode, type CheckLastData, type LoginData, type RequestMessage, type ResponseMessage } from './watch-protocol';
import type { FrameSink, WatchSession } from './watch-session';

/** What a connection needs from the emulator (kept narrow so the connection can be tested alone). */
export interface WatchRegistry {
  envId: string;
  authenticator: ClientAuthenticator;
  initWatch(connection: RealtimeConnection, request: RequestMessage): Promise<WatchSession | null>;
  findSession(queryID: string): WatchSession | undefined;
  closeSession(session: WatchSession): void;
  /** Where a failure nobody can answer any more is reported (the emulator's logger). */
  reportError(message: string, error: unknown): void;
}

export class RealtimeConnection implements FrameSink {
  /** null until a successful LOGIN. */
  auth: ClientAuth | null = null;
  private loggedIn = false;
  /** This socket's watches by watchId. */
  private readonly sessions = new Map<string, WatchSession>();

  constructor(
    private readonly socket: WebSocket,
    private readonly registry: WatchRegistry,
    /** Token from the socket URL (?access_token=), if the web endpoint put one there. */
    private readonly urlToken: string | null,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.onFrame(data.toString()).catch((error) => this.registry.reportError('frame handling failed', error));
    });
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(message: ResponseMessage): void {
    if (this.open) this.socket.send(JSON.stringify(message));
  }

  /** The socket went away: its sessions stay (detached) for a REBUILD_WATCH from the next socket. */
  detachAll(now: number): WatchSession[] {
    const sessions = [...this.sessions.values()];
    for (const session of sessions) session.detach(this, now);
    this.sessions.clear();
    return sessions;
  }

  private async onFrame(raw: string): Promise<void> {
    const msg = parseRequest(raw);
    if (!msg) return;
    switch (msg.msgType) {
      case 'PING':
        return this.send({ watchId: msg.watchId, requestId: msg.requestId, msgType: 'PONG', msgData: null });
      case 'LOGIN':
        return this.login(msg);
    }
    if (!this.loggedIn) {
      // The SDK answers this family by logging in again and retrying.
      return this.send(errorMessage(msg, RealtimeErrorCode.CHECK_LOGIN_FAILED, 'not logged in: send LOGIN first'));
    }
    switch (msg.msgType) {
      case 'INIT_WATCH': {
        if (!msg.watchId) return this.send(errorMessage(msg, RealtimeErrorCode.INVALID_PARAM, 'INIT_WATCH needs a watchId'));
        const session = await this.registry.initWatch(this, msg);
        if (session) this.sessions.set(session.watchId, session);
        return;
      }
      case 'REBUILD_WATCH':
        return this.rebuild(msg);
      case 'CHECK_LAST': {
        const data = (msg.msgData ?? {}) as CheckLastData;
        const session = this.ownedSession(data.queryID);
        if (!session) return this.send(errorMessage(msg, RealtimeErrorCode.QUERYID_INVALID_ERROR, `unknown queryID ${data.queryID}`));
        return session.checkLast(this, msg.requestId);
      }
      case 'CLOSE_WATCH': {
        // The SDK does not wait for an answer to CLOSE_WATCH.
        const session = msg.watchId ? this.sessions.get(msg.watchId) : undefined;
        if (session) {
          this.sessions.delete(session.watchId);
          this.registry.closeSession(session);
        }
        return;
      }
      default:
        return this.send(errorMessage(msg, RealtimeErrorCode.INVALID_PARAM, `unknown msgType ${String(msg.msgType)}`));
    }
  }

  private login(msg: RequestMessage): void {
    const data = (msg.msgData ?? {}) as LoginData;
    const reply = (code?: string, message?: string) =>
      this.send({ watchId: undefined, requestId: msg.requestId, msgType: 'LOGIN_RES', msgData: code ? { envId: this.registry.envId, code, message } : { envId: this.registry.envId } });
    if (data.envId && data.envId !== this.registry.envId) return reply(RealtimeErrorCode.INVALID_ENV, `this emulator serves env ${this.registry.envId}, not ${data.envId}`);
    // js-sdk 3.7 sends the ticket from auth.wsWebSign as exMsgData.signStr; accessToken is deprecated ('').
    const candidates = [msg.exMsgData?.signStr, data.accessToken, this.urlToken].filter((t): t is string => typeof t === 'string' && t !== '');
    for (const token of candidates) {
      const auth = this.registry.authenticator.verifyAccessToken(token);
      if (auth) {
        this.auth = auth;
        this.loggedIn = true;
        return reply();
      }
    }
    this.auth = null;
    this.loggedIn = false;
    reply(RealtimeErrorCode.CHECK_LOGIN_FAILED, 'access token missing, invalid or expired: sign in again');
  }

  private async rebuild(msg: RequestMessage): Promise<void> {
    const data = (msg.msgData ?? {}) as { queryID?: string; eventID?: number };
    const session = typeof data.queryID === 'string' ? this.registry.findSession(data.queryID) : undefined;
    if (!session || session.isClosed || !sameCaller(session.auth, this.auth)) {
      // Not retryable for the SDK: the listener ends with onError and the app watches again.
      return this.send(errorMessage(msg, RealtimeErrorCode.QUERYID_INVALID_ERROR, `queryID ${String(data.queryID)} is unknown or expired: watch again`));
    }
    if (typeof data.eventID !== 'number' || !Number.isInteger(data.eventID)) {
      return this.send(errorMessage(msg, RealtimeErrorCode.INVALID_PARAM, 'REBUILD_WATCH needs an integer eventID'));
    }
    const watchId = msg.watchId ?? session.watchId;
    this.sessions.set(watchId, session);
    await session.rebuild(this, watchId, msg.requestId, data.eventID);
  }

  /** A session this caller may act on: CHECK_LAST arrives on the socket that holds the watch. */
  private ownedSession(queryID: unknown): WatchSession | undefined {
    if (typeof queryID !== 'string') return undefined;
    for (const session of this.sessions.values()) if (session.queryID === queryID) return session;
    return undefined;
  }
}

function sameCaller(a: ClientAuth | null, b: ClientAuth | null): boolean {
  if (!a || !b) return a === b;
  return (a.uid ?? null) === (b.uid ?? null) && (a.openid ?? null) === (b.openid ?? null);
}
