/**
 * Everything the simulator knows, as one JSON-serialisable value: the existing system's data set, the
 * customers' chats, the deliveries it sends to our gateway, and what it received on its webhook (HQ
 * cases, bounces, resolutions, the raw log and the counters scripts read).
 * Kept in memory; with a data file it is written there (debounced, atomically) so a restart keeps it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExistingSystemCustomer, InboundEventType, OutboundEventType, ProcessingStep, ProtocolIssue, TicketUpdatedData, TranscriptEntry } from '@partner-desk/pc-protocol';

export interface ProviderRecord {
  /** The vendor's provider code (providerExternalId). */
  code: string;
  name: string;
}

export type CustomerRecord = ExistingSystemCustomer;

export type ChatAuthor = 'customer' | 'bot' | 'provider' | 'system';

export interface ChatEntry {
  id: string;
  from: ChatAuthor;
  content: string;
  at: string;
  /** The provider's agent (chat.reply senderName) or the bot's name. */
  senderName?: string;
  providerName?: string;
  /** A customer message handed to the provider: the delivery that carries it (see `outgoing`). */
  deliveryId?: string;
  /** Our message id of a provider reply (chat.reply messageId). */
  messageId?: string;
}

export interface Conversation {
  customerExternalId: string;
  /** bot: the FAQ bot answers; human: every message goes to the owning provider. */
  mode: 'bot' | 'human';
  entries: ChatEntry[];
  escalatedTicketId: string | null;
  bouncedAt: string | null;
  updatedAt: string;
}

export type DeliveryState = 'pending' | 'sending' | 'retrying' | 'delivered' | 'rejected' | 'failed';

/** One signed request to our gateway: the same body and delivery id on every try. */
export interface OutgoingDelivery {
  deliveryId: string;
  type: InboundEventType;
  /** Deliveries with one key go out in order: the customer they are about. */
  key: string;
  /** The exact JSON sent on every try. */
  body: string;
  summary: string;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  issues: ProtocolIssue[] | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

export type HqCaseStatus = 'escalated' | 'processing' | 'resolved';

export interface HqUpdate {
  status: TicketUpdatedData['status'];
  note: string | null;
  operatorName: string;
  at: string;
  deliveryId: string;
}

/** A ticket escalated to HQ (chat.escalated or ticket.escalated) and what happened to it since. */
export interface HqCase {
  ticketId: string;
  ticketNo: string | null;
  source: 'chat' | 'ticket';
  customerExternalId: string;
  customerName: string | null;
  providerName: string | null;
  title: string;
  content: string;
  ticketType: string | null;
  reason: string;
  transcript: TranscriptEntry[];
  processingHistory: ProcessingStep[];
  status: HqCaseStatus;
  escalatedAt: string;
  /** The provider resolved it (ticket.resolved). */
  resolvedByProvider: { at: string; note: string | null } | null;
  updates: HqUpdate[];
}

export interface BounceRecord {
  deliveryId: string;
  customerExternalId: string;
  customerName: string | null;
  providerName: string | null;
  conversationId: string;
  waitingSince: string;
  reason: string;
  receivedAt: string;
}

export interface ResolutionRecord {
  deliveryId: string;
  ticketId: string;
  ticketNo: string | null;
  customerExternalId: string;
  resolvedAt: string;
  note: string | null;
  receivedAt: string;
}

export type ReceiveOutcome = 'applied' | 'duplicate' | 'unauthorized' | 'malformed' | 'outage';

/** One request that reached POST /webhook, whatever became of it. */
export interface ReceivedEntry {
  seq: number;
  receivedAt: string;
  outcome: ReceiveOutcome;
  status: number;
  deliveryId: string | null;
  type: OutboundEventType | null;
  customerExternalId: string | null;
  occurredAt: string | null;
  /** The event's occurredAt is earlier than one received before for the same customer. */
  outOfOrder: boolean;
  reason: string | null;
  body: string;
}

/** An accepted delivery (applied or a duplicate), without its body: what scripts check exactly-once and order with. */
export type AcceptedDelivery = Pick<ReceivedEntry, 'seq' | 'receivedAt' | 'deliveryId' | 'type' | 'customerExternalId' | 'occurredAt' | 'outOfOrder'> & { outcome: 'applied' | 'duplicate' };

export type WebhookMode = 'normal' | 'error500' | 'close';

export interface WebhookCounters {
  /** Signed, valid deliveries answered 200, a retried one each time it came. */
  total: number;
  /** Distinct delivery ids among them. */
  distinct: number;
  /** Deliveries that came again with an id seen before (acknowledged, not applied again). */
  duplicates: number;
  unauthorized: number;
  malformed: number;
  /** Requests answered 500 or cut off by the outage switch. */
  outage: number;
  /** First receipts whose occurredAt is earlier than one already received for the same customer. */
  outOfOrder: number;
  byType: Partial<Record<OutboundEventType, number>>;
}

export interface SimulatorState {
  version: 1;
  /** Where the existing system's data set came from, shown on the page. */
  seededFrom: string | null;
  providers: ProviderRecord[];
  customers: CustomerRecord[];
  conversations: Record<string, Conversation>;
  outgoing: OutgoingDelivery[];
  hqCases: HqCase[];
  bounces: BounceRecord[];
  resolutions: ResolutionRecord[];
  webhook: {
    mode: WebhookMode;
    counters: WebhookCounters;
    seenDeliveryIds: string[];
    /** Per customer: the latest occurredAt received, to count deliveries out of order. */
    lastOccurredAt: Record<string, string>;
    /** Every request, with its body, for the page: the latest MAX_LOG_ENTRIES. */
    log: ReceivedEntry[];
    /** Accepted deliveries in arrival order, for scripts: the latest MAX_ACCEPTED. */
    accepted: AcceptedDelivery[];
    nextSeq: number;
  };
}

export const emptyCounters = (): WebhookCounters => ({ total: 0, distinct: 0, duplicates: 0, unauthorized: 0, malformed: 0, outage: 0, outOfOrder: 0, byType: {} });

export function emptyState(): SimulatorState {
  return {
    version: 1,
    seededFrom: null,
    providers: [],
    customers: [],
    conversations: {},
    outgoing: [],
    hqCases: [],
    bounces: [],
    resolutions: [],
    webhook: { mode: 'normal', counters: emptyCounters(), seenDeliveryIds: [], lastOccurredAt: {}, log: [], accepted: [], nextSeq: 1 },
  };
}

/**
 * How many requests the page's log keeps (with bodies), and how many accepted deliveries scripts can list
 * (an outage test sends thousands, and its retries must not push the early ones out); counters are never trimmed.
 */
export const MAX_LOG_ENTRIES = 2000;
export const MAX_ACCEPTED = 100_000;

/**
 * The state in memory and, with a file, on disk: `changed()` after every mutation schedules one write
 * (debounced) and tells the listeners (the page's live stream).
 */
export class StateStore {
  private writeTimer: NodeJS.Timeout | undefined;
  private listeners = new Set<() => void>();
  private seen: Set<string>;

  constructor(
    readonly state: SimulatorState,
    private readonly file: string | null,
    private readonly writeDelayMs = 250,
  ) {
    this.seen = new Set(state.webhook.seenDeliveryIds);
  }

  /** Loads the file when there is one (a corrupt file is an error, not a silent reset). */
  static open(file: string | null): StateStore {
    if (!file || !fs.existsSync(file)) return new StateStore(emptyState(), file);
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SimulatorState;
    if (parsed.version !== 1) throw new Error(`${file}: unknown state version ${String(parsed.version)}`);
    return new StateStore({ ...emptyState(), ...parsed, webhook: { ...emptyState().webhook, ...parsed.webhook } }, file);
  }

  hasSeen(deliveryId: string): boolean {
    return this.seen.has(deliveryId);
  }

  markSeen(deliveryId: string): void {
    this.seen.add(deliveryId);
    this.state.webhook.seenDeliveryIds.push(deliveryId);
  }

  forgetSeen(): void {
    this.seen.clear();
    this.state.webhook.seenDeliveryIds = [];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
    if (!this.file || this.writeTimer) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      this.flush();
    }, this.writeDelayMs);
  }

  /** Writes now (to a temporary file, then renamed: a crash mid-write leaves the previous state). */
  flush(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.state));
    fs.renameSync(temp, this.file);
  }
}
