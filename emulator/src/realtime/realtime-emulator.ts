/**
 * CloudBase realtime database push (`db.collection(...).where(...).watch()`) for the web SDK: a WebSocket
 * server at ws://host:port/ws speaking js-sdk 3.7.0's protocol (see watch-protocol.ts), fed by the
 * database engine's committed change stream and filtered by the collections' security rules.
 *
 * Watches are indexed by collection, so a write only touches the watches of its own collection.
 * Browsers are its clients (any Origin), but a WebSocket upgrade naming a foreign Host is refused
 * (DNS rebinding), as every other request to its port.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { HttpEmulator, type HttpEmulatorOptions } from '../http-emulator';
import type { ChangeEvent, ClientAuthenticator, DatabaseEngine, SecurityRulesEngine } from '../types';
import { DatabaseError } from '../types';
import { RealtimeConnection, type WatchRegistry } from './realtime-connection';
import { errorMessage, RealtimeErrorCode, type InitWatchData, type RequestMessage } from './watch-protocol';
import { compileWatchFilter, decodeLimit, decodeOrderBy, decodeWatchFilter, InvalidWatchQuery } from './watch-query';
import { WatchSession } from './watch-session';
import { WatchWindow } from './watch-window';

export const REALTIME_PATH = '/ws';
/** CloudBase: one watch may cover at most 5,000 documents. */
export const MAX_DOCS_PER_WATCH = 5000;
const DEFAULT_HISTORY_SIZE = 10_000;
/** How long a watch whose socket dropped waits for REBUILD_WATCH before it is forgotten. */
const DEFAULT_DETACHED_TTL_MS = 5 * 60_000;

export interface RealtimeEmulatorOptions extends HttpEmulatorOptions {
  database: DatabaseEngine;
  rules: SecurityRulesEngine;
  authenticator: ClientAuthenticator;
  envId: string;
  maxDocsPerWatch?: number;
  /** Events kept per watch for REBUILD_WATCH (default 10,000). */
  historySize?: number;
  detachedTtlMs?: number;
}

export class RealtimeEmulator extends HttpEmulator implements WatchRegistry {
  readonly name = 'realtime' as const;
  protected readonly audience = 'browsers' as const;
  readonly envId: string;
  readonly authenticator: ClientAuthenticator;
  private wss?: WebSocketServer;
  private unsubscribe?: () => void;
  private sweepTimer?: NodeJS.Timeout;
  private readonly connections = new Set<RealtimeConnection>();
  private readonly sockets = new Set<WebSocket>();
  private readonly byCollection = new Map<string, Set<WatchSession>>();
  private readonly byQueryId = new Map<string, WatchSession>();
  /** Sequence of the newest change received: what an initial load taken now already contains. */
  private receivedSeq = 0;

  constructor(private readonly options: RealtimeEmulatorOptions) {
    super(options);
    this.envId = options.envId;
    this.authenticator = options.authenticator;
  }

  protected override get scheme(): string {
    return 'ws';
  }

  protected override get basePath(): string {
    return REALTIME_PATH;
  }

  /** The URL auth.wsWebSign hands to web clients. */
  get url(): string {
    return this.getInfo().url;
  }

  /** Plain HTTP requests (not upgrades) get a hint. */
  protected async handle(_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.writeHead(426, { 'content-type': 'text/plain' }).end(`CloudBase realtime emulator: connect a WebSocket to ${REALTIME_PATH}\n`);
  }

  protected override attach(server: http.Server): void {
    const wss = new WebSocketServer({
      server,
      path: REALTIME_PATH,
      verifyClient: (info, accept) => {
        const refusal = this.doorRefusal(info.req);
        if (!refusal) return accept(true);
        this.log.warn(`refused a WebSocket upgrade: ${refusal.code} (Host ${info.req.headers.host ?? '-'})`);
        accept(false, refusal.status, refusal.message);
      },
    });
    wss.on('connection', (socket, request) => this.onConnection(socket, request));
    this.wss = wss;
  }

  protected override async started(): Promise<void> {
    this.unsubscribe = this.options.database.onChange((change) => this.onChange(change));
    const ttl = this.options.detachedTtlMs ?? DEFAULT_DETACHED_TTL_MS;
    this.sweepTimer = setInterval(() => this.expireDetached(ttl), Math.min(ttl, 30_000));
    this.sweepTimer.unref();
  }

  protected override async stopping(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    for (const session of this.byQueryId.values()) session.close();
    this.byQueryId.clear();
    this.byCollection.clear();
    const wss = this.wss;
    this.wss = undefined;
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /**
   * Drops every client socket, as a network failure or a server restart would: with `terminate` the TCP
   * connection is cut (the browser sees code 1006), otherwise a close frame with 1012 (Service Restart)
   * is sent. The SDK reconnects and resumes each watch with REBUILD_WATCH. For tests.
   */
  dropConnections(mode: 'close' | 'terminate' = 'close'): number {
    const sockets = [...this.sockets];
    for (const socket of sockets) {
      if (mode === 'terminate') socket.terminate();
      else socket.close(1012, 'emulator dropped the connection');
    }
    return sockets.length;
  }

  /** Open watches (attached or waiting for a rebuild), for tests and the console. */
  stats(): { connections: number; watches: number; detached: number } {
    let detached = 0;
    for (const session of this.byQueryId.values()) if (session.detachedAt !== null) detached++;
    return { connections: this.connections.size, watches: this.byQueryId.size, detached };
  }

  // ------------------------------------------------------------ WatchRegistry

  async initWatch(connection: RealtimeConnection, request: RequestMessage): Promise<WatchSession | null> {
    const data = (request.msgData ?? {}) as InitWatchData;
    const fail = (code: RealtimeErrorCode, message: string) => {
      connection.send(errorMessage(request, code, message));
      return null;
    };
    if (data.envId && data.envId !== this.envId) return fail(RealtimeErrorCode.INVALID_ENV, `this emulator serves env ${this.envId}, not ${data.envId}`);
    const collection = data.collName;
    if (typeof collection !== 'string' || collection === '') return fail(RealtimeErrorCode.INVALID_PARAM, 'INIT_WATCH needs collName');
    try {
      const filter = decodeWatchFilter(data.query);
      const sort = decodeOrderBy(data.orderBy);
      const limit = decodeLimit(data.limit);
      if (!this.options.database.hasCollection(collection)) return fail(RealtimeErrorCode.COLLECTION_NOT_EXIST, `collection ${collection} does not exist`);
      // Narrowed by a basic permission (PRIVATE: the caller's own documents), or refused unless it is a subset
      // of a custom rule (DATABASE_PERMISSION_DENIED); '{openid}' filled in either way.
      const authorized = await this.options.rules.authorizeQuery(collection, filter, connection.auth, 'read');
      const compiled = compileWatchFilter(authorized);
      const max = this.options.maxDocsPerWatch ?? MAX_DOCS_PER_WATCH;
      const matching = await this.options.database.count(collection, authorized);
      if (matching > max) {
        return fail(RealtimeErrorCode.WATCH_DOCS_LIMIT_EXCEEDED, `the watch query matches ${matching} documents of ${collection}; a watch may cover at most ${max}: narrow the query`);
      }
      if (!connection.open) return null;
      // find() reads the store synchronously when called, and the session is registered in the same tick:
      // every later change reaches the session, none that the load already contains is applied twice.
      const docs = this.options.database.find(collection, authorized);
      const session = new WatchSession({
        queryID: randomUUID(),
        watchId: request.watchId!,
        collection,
        auth: connection.auth,
        filter: compiled,
        window: new WatchWindow(sort, limit),
        rules: this.options.rules,
        historySize: this.options.historySize ?? DEFAULT_HISTORY_SIZE,
        loadedSeq: this.receivedSeq,
        onError: (message, error) => this.reportError(message, error),
      });
      this.register(session);
      try {
        await session.init(connection, request.requestId, docs);
      } catch (error) {
        this.closeSession(session);
        throw error;
      }
      return session;
    } catch (error) {
      if (error instanceof InvalidWatchQuery) return fail(RealtimeErrorCode.INVALID_PARAM, error.message);
      if (error instanceof DatabaseError) {
        if (error.code === 'DATABASE_PERMISSION_DENIED') return fail(RealtimeErrorCode.COLLECTION_PERMISSION_DENIED, error.message);
        if (error.code === 'DATABASE_COLLECTION_NOT_EXIST') return fail(RealtimeErrorCode.COLLECTION_NOT_EXIST, error.message);
        return fail(RealtimeErrorCode.INVALID_PARAM, `${error.code}: ${error.message}`);
      }
      this.log.error('INIT_WATCH failed', error);
      return fail(RealtimeErrorCode.SYS_ERR, (error as Error).message ?? String(error));
    }
  }

  reportError(message: string, error: unknown): void {
    this.log.error(message, error);
  }

  findSession(queryID: string): WatchSession | undefined {
    return this.byQueryId.get(queryID);
  }

  closeSession(session: WatchSession): void {
    session.close();
    this.byQueryId.delete(session.queryID);
    const set = this.byCollection.get(session.collection);
    set?.delete(session);
    if (set && set.size === 0) this.byCollection.delete(session.collection);
  }

  // ------------------------------------------------------------ internals

  private register(session: WatchSession): void {
    this.byQueryId.set(session.queryID, session);
    let set = this.byCollection.get(session.collection);
    if (!set) this.byCollection.set(session.collection, (set = new Set()));
    set.add(session);
  }

  private onChange(change: ChangeEvent): void {
    this.receivedSeq = Math.max(this.receivedSeq, change.seq);
    const watchers = this.byCollection.get(change.collection);
    if (!watchers) return;
    for (const session of watchers) session.deliver(change);
  }

  private onConnection(socket: WebSocket, request: http.IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'http://realtime');
    const urlToken = url.searchParams.get('access_token') ?? url.searchParams.get('token');
    const connection = new RealtimeConnection(socket, this, urlToken);
    this.sockets.add(socket);
    this.connections.add(connection);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.connections.delete(connection);
      connection.detachAll(Date.now());
    });
  }

  private expireDetached(ttlMs: number): void {
    const now = Date.now();
    for (const session of [...this.byQueryId.values()]) {
      if (session.detachedAt !== null && now - session.detachedAt > ttlMs) this.closeSession(session);
    }
  }
}
