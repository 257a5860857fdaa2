/**
 * One watch (one INIT_WATCH), alive across reconnects: it keeps computing events while its client is
 * away, so REBUILD_WATCH can hand over exactly what was missed.
 *
 * Everything a session does (initial load, each change, rebuild, check) runs through one promise chain,
 * so events keep commit order even though the rules' canRead is asynchronous.
 */
import type { ChangeEvent, ClientAuth, Doc, SecurityRulesEngine } from '../types';
import { EventHistory } from './event-history';
import type { ResponseMessage, WireEvent } from './watch-protocol';
import { toWatchJson } from './watch-query';
import type { Query } from 'mingo';
import { WatchWindow, type WindowChange } from './watch-window';

/** Where a session's frames go: the socket it is attached to. */
export interface FrameSink {
  readonly open: boolean;
  send(message: ResponseMessage): void;
}

export interface WatchSessionOptions {
  queryID: string;
  watchId: string;
  collection: string;
  auth: ClientAuth | null;
  filter: Query;
  window: WatchWindow;
  rules: SecurityRulesEngine;
  /** Events kept for REBUILD_WATCH. */
  historySize: number;
  /** Changes with a sequence at or below this were already in the initial load. */
  loadedSeq: number;
  /** Where a failed watch task is reported (the realtime emulator's logger). */
  onError: (message: string, error: unknown) => void;
}

// JSON of a document is computed once per change, however many watches send it.
const docJsonCache = new WeakMap<Doc, string>();
function docJson(doc: Doc): string {
  let json = docJsonCache.get(doc);
  if (json === undefined) docJsonCache.set(doc, (json = toWatchJson(doc)));
  return json;
}

let serverRequestCounter = 0;
/** Pushed frames need a requestId that can never match a pending client request (those are `<ms>_<random>`). */
function serverRequestId(): string {
  return `server_${++serverRequestCounter}`;
}

export class WatchSession {
  readonly queryID: string;
  watchId: string;
  readonly collection: string;
  readonly auth: ClientAuth | null;
  private sink: FrameSink | null = null;
  private readonly history: EventHistory;
  /** ID of the newest snapshot; the client holds this once it is caught up. */
  private lastEventId = 0;
  private initialised = false;
  private closed = false;
  private tail: Promise<void> = Promise.resolve();
  private outbox: WireEvent[] = [];
  private flushScheduled = false;
  /** Every id that was ever in the window: what a client far behind might still hold (see reinit). */
  private readonly everInWindow = new Set<string>();
  /** When the client went away (ms), for expiry of abandoned sessions. */
  detachedAt: number | null = null;

  constructor(private readonly options: WatchSessionOptions) {
    this.queryID = options.queryID;
    this.watchId = options.watchId;
    this.collection = options.collection;
    this.auth = options.auth;
    this.history = new EventHistory(options.historySize);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Loads the initial documents and answers INIT_WATCH with INIT_EVENT. */
  init(sink: FrameSink, requestId: string, docs: Promise<Doc[]>): Promise<void> {
    this.sink = sink;
    return this.enqueue(async () => {
      const loaded: { id: string; doc: Doc }[] = [];
      for (const doc of await docs) if (await this.readable(doc)) loaded.push({ id: String(doc._id), doc });
      const windowDocs = this.options.window.load(loaded);
      this.initialised = true;
      for (const doc of windowDocs) this.everInWindow.add(String(doc._id));
      this.sink?.send({
        watchId: this.watchId,
        requestId,
        msgType: 'INIT_EVENT',
        msgData: { queryID: this.queryID, currEvent: this.lastEventId, events: windowDocs.map((doc) => initEvent(doc, 0)) },
      });
    });
  }

  /** A committed change in this session's collection. */
  deliver(change: ChangeEvent): void {
    if (this.closed || change.seq <= this.options.loadedSeq) return;
    void this.enqueue(async () => {
      if (!this.initialised) return;
      const belongs = change.type !== 'remove' && change.doc !== undefined && this.options.filter.test(change.doc) && (await this.readable(change.doc));
      const changes = this.options.window.apply(change.id, change.type, belongs ? change.doc! : null, change);
      if (changes.length === 0) return;
      const id = ++this.lastEventId;
      const events = changes.map((c) => toWireEvent(c, id));
      for (const c of changes) if (c.queueType === 'enqueue') this.everInWindow.add(c.id);
      this.history.append(events);
      if (this.sink) this.queueForSending(events);
    });
  }

  /**
   * REBUILD_WATCH: attach to the (new) socket and send everything after `eventID` in one NEXT_EVENT. When
   * those events are no longer kept, the client is re-initialised in place: 'init' events under the next ID
   * reset its document list (the SDK starts a new list at the first init event it meets).
   */
  rebuild(sink: FrameSink, watchId: string, requestId: string, eventID: number): Promise<void> {
    return this.enqueue(async () => {
      this.attach(sink, watchId);
      let events = this.history.since(eventID, this.lastEventId);
      if (events === null) events = this.reinitEvents(eventID);
      sink.send({
        watchId: this.watchId,
        requestId,
        msgType: 'NEXT_EVENT',
        msgData: { queryID: this.queryID, currEvent: this.lastEventId, events },
      });
    });
  }

  /** CHECK_LAST: tell the client the newest event ID, so it can rebuild if it is missing some. */
  checkLast(sink: FrameSink, requestId: string): Promise<void> {
    return this.enqueue(async () => {
      // Anything computed but not yet flushed goes first, so the ID we report is already on its way.
      this.flush();
      sink.send({ watchId: this.watchId, requestId, msgType: 'CHECK_EVENT', msgData: { queryID: this.queryID, currEvent: this.lastEventId } });
    });
  }

  attach(sink: FrameSink, watchId: string): void {
    // Events queued for a previous socket are in the history; the caller replays from there.
    this.outbox = [];
    this.sink = sink;
    this.watchId = watchId;
    this.detachedAt = null;
  }

  /** The socket `sink` went away; a session already re-attached to a newer socket is left alone. */
  detach(sink: FrameSink, now: number): void {
    if (this.sink !== sink) return;
    this.sink = null;
    this.outbox = [];
    this.detachedAt = now;
  }

  close(): void {
    this.closed = true;
    this.sink = null;
    this.outbox = [];
    this.history.clear();
  }

  private reinitEvents(eventID: number): WireEvent[] {
    const id = eventID + 1;
    this.lastEventId = id;
    this.history.clear();
    const windowDocs = this.options.window.windowDocs();
    let events: WireEvent[];
    if (windowDocs.length > 0) {
      events = windowDocs.map((doc) => initEvent(doc, id));
    } else {
      // An empty window has no init event to reset the client's list with: dequeue whatever it may hold.
      // (The SDK logs and skips a dequeue of a document it does not have.)
      events = [...this.everInWindow].map((docId) => ({ ID: id, DataType: 'remove', QueueType: 'dequeue', DocID: docId, Doc: '' }));
    }
    this.everInWindow.clear();
    for (const doc of windowDocs) this.everInWindow.add(String(doc._id));
    if (events.length > 0) this.history.append(events);
    else this.lastEventId = eventID;
    return events;
  }

  private readable(doc: Doc): Promise<boolean> | boolean {
    return this.options.rules.canRead(this.collection, doc, this.auth);
  }

  private queueForSending(events: WireEvent[]): void {
    for (const e of events) this.outbox.push(e);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Batch a burst (one insert of many documents, many writes in one tick) into one NEXT_EVENT frame;
    // the client turns each event ID into its own snapshot either way.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.outbox.length === 0 || !this.sink) return;
    const events = this.outbox;
    this.outbox = [];
    if (!this.sink.open) return;
    this.sink.send({
      watchId: this.watchId,
      requestId: serverRequestId(),
      msgType: 'NEXT_EVENT',
      msgData: { queryID: this.queryID, currEvent: events[events.length - 1].ID, events },
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(() => (this.closed ? undefined : task()));
    this.tail = run.catch((error) => {
      this.options.onError(`watch ${this.queryID} on ${this.collection} failed`, error);
    });
    return run;
  }
}

function initEvent(doc: Doc, id: number): WireEvent {
  return { ID: id, DataType: 'init', QueueType: 'init', DocID: String(doc._id), Doc: docJson(doc) };
}

function toWireEvent(change: WindowChange, id: number): WireEvent {
  const event: WireEvent = { ID: id, DataType: change.dataType, QueueType: change.queueType, DocID: change.id, Doc: change.doc ? docJson(change.doc) : '' };
  if (change.updatedFields) event.UpdatedFields = toWatchJson(change.updatedFields);
  // Only when non-empty: the SDK JSON.parses `removedFields` whenever it is truthy.
  if (change.removedFields && change.removedFields.length > 0) event.removedFields = JSON.stringify(change.removedFields);
  return event;
}
