/**
 * The offline outbox's pure part: what an item is, how its status moves, what is due, what survives in
 * storage. No I/O here (state/outbox.ts sends, persists and listens for the network).
 *
 * An item is one write the user made (a chat reply, a ticket reply) that must reach the cloud exactly once
 * however often it is tried: it carries a client id chosen once, when it is written, and sent with every try
 * (chat.send's clientMessageId: a retry answers the same message and writes nothing).
 */

/** What the outbox can send. Each kind has its payload (below) and a sender in state/outbox.ts. */
export const OUTBOX_KINDS = ['chat.reply', 'tickets.reply'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxPayloads {
  /** chat.send without clientMessageId (the outbox adds the item's clientId). */
  'chat.reply': { customerId: string; content: string; images: string[] };
  /** tickets.reply. */
  'tickets.reply': { id: string; content: string; images: string[] };
}

/**
 * pending: not yet accepted by the cloud (waiting for the network, or being sent); sent: the cloud accepted
 * it; failed: the cloud refused it (a typed error, e.g. the ticket is closed): it stays with the reason until
 * retried or discarded. A network failure never makes an item failed.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxItem<K extends OutboxKind = OutboxKind> {
  /** Chosen once on this device; sent with every try, so the cloud writes the item once. */
  clientId: string;
  kind: K;
  payload: OutboxPayloads[K];
  /** What the item belongs to, for the page that shows it: `chat:<customerId>`, `ticket:<ticketId>`. */
  thread: string;
  /** The signed-in user who wrote it: an item is only ever sent as its writer. */
  userId: string;
  status: OutboxStatus;
  /** Why the cloud refused it (status failed): the contract's code and its Chinese message. */
  error: { code: string; message: string } | null;
  /** ISO times. */
  createdAt: string;
  sentAt: string | null;
  /** Tries that reached no answer or a refusal (for display and tests; retries are not capped by it). */
  attempts: number;
  /** The id the cloud answered for it (chat.send's messageId), so a page can drop the local copy once the list has it. */
  resultId: string | null;
}

export function threadOf<K extends OutboxKind>(kind: K, payload: OutboxPayloads[K]): string {
  if (kind === 'chat.reply') return `chat:${(payload as OutboxPayloads['chat.reply']).customerId}`;
  return `ticket:${(payload as OutboxPayloads['tickets.reply']).id}`;
}

/**
 * A client id as chat.send's clientMessageId accepts it ([A-Za-z0-9_.:-], ≤ 64): time and randomness, so
 * two devices or two launches never choose the same one.
 */
export function newClientId(now: Date = new Date(), random: () => number = Math.random): string {
  let tail = '';
  while (tail.length < 12) tail += Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  return `c-${now.getTime().toString(36)}-${tail.slice(0, 12)}`;
}

export function newItem<K extends OutboxKind>(kind: K, payload: OutboxPayloads[K], userId: string, now: Date, clientId: string = newClientId(now)): OutboxItem<K> {
  return { clientId, kind, payload, thread: threadOf(kind, payload), userId, status: 'pending', error: null, createdAt: now.toISOString(), sentAt: null, attempts: 0, resultId: null };
}

const replace = (items: readonly OutboxItem[], clientId: string, update: (item: OutboxItem) => OutboxItem): OutboxItem[] =>
  items.map((item) => (item.clientId === clientId ? update(item) : item));

export function markSent(items: readonly OutboxItem[], clientId: string, at: Date, resultId: string | null): OutboxItem[] {
  return replace(items, clientId, (item) => ({ ...item, status: 'sent', error: null, sentAt: at.toISOString(), resultId, attempts: item.attempts + 1 }));
}

export function markRefused(items: readonly OutboxItem[], clientId: string, error: { code: string; message: string }): OutboxItem[] {
  return replace(items, clientId, (item) => ({ ...item, status: 'failed', error: { code: error.code, message: error.message }, attempts: item.attempts + 1 }));
}

/** A try that got no answer: the item stays pending for the next try. */
export function markUnanswered(items: readonly OutboxItem[], clientId: string): OutboxItem[] {
  return replace(items, clientId, (item) => ({ ...item, attempts: item.attempts + 1 }));
}

/** 重试 on a failed item: pending again, with the same client id. */
export function markForRetry(items: readonly OutboxItem[], clientId: string): OutboxItem[] {
  return replace(items, clientId, (item) => (item.status === 'failed' ? { ...item, status: 'pending', error: null } : item));
}

/** What a flush sends for `userId`: pending items of that user, oldest first (the order they were written in). */
export function dueItems(items: readonly OutboxItem[], userId: string): OutboxItem[] {
  return items.filter((item) => item.status === 'pending' && item.userId === userId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Sent items are kept this long (the page has refetched by then) and then forgotten. */
export const SENT_KEPT_MS = 24 * 3600_000;

export function pruneSent(items: readonly OutboxItem[], now: Date): OutboxItem[] {
  return items.filter((item) => item.status !== 'sent' || now.getTime() - Date.parse(item.sentAt ?? item.createdAt) < SENT_KEPT_MS);
}

/** Items of two sources (storage and memory) with one per client id; the one further along wins. */
export function mergeItems(a: readonly OutboxItem[], b: readonly OutboxItem[]): OutboxItem[] {
  const rank: Record<OutboxStatus, number> = { pending: 0, failed: 1, sent: 2 };
  const byId = new Map<string, OutboxItem>();
  for (const item of [...a, ...b]) {
    const seen = byId.get(item.clientId);
    if (!seen || rank[item.status] > rank[seen.status] || (rank[item.status] === rank[seen.status] && item.attempts > seen.attempts)) byId.set(item.clientId, item);
  }
  return [...byId.values()].sort((x, y) => x.createdAt.localeCompare(y.createdAt));
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function isPayload(kind: OutboxKind, p: unknown): boolean {
  if (!p || typeof p !== 'object') return false;
  const v = p as Record<string, unknown>;
  if (!isString(v.content) || !isStringArray(v.images)) return false;
  return kind === 'chat.reply' ? isString(v.customerId) : isString(v.id);
}

/** One stored item, checked field by field: storage outlives app versions, and a bad entry must not stop the rest. */
export function isOutboxItem(value: unknown): value is OutboxItem {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    isString(v.clientId) &&
    (OUTBOX_KINDS as readonly unknown[]).includes(v.kind) &&
    isPayload(v.kind as OutboxKind, v.payload) &&
    isString(v.thread) &&
    isString(v.userId) &&
    (v.status === 'pending' || v.status === 'sent' || v.status === 'failed') &&
    (v.error === null || (typeof v.error === 'object' && isString((v.error as Record<string, unknown>).code) && isString((v.error as Record<string, unknown>).message))) &&
    isString(v.createdAt) &&
    (v.sentAt === null || isString(v.sentAt)) &&
    typeof v.attempts === 'number' &&
    (v.resultId === null || isString(v.resultId))
  );
}

/** The items of what storage held (anything else read as none). */
export function parseStoredItems(value: unknown): OutboxItem[] {
  return Array.isArray(value) ? value.filter(isOutboxItem) : [];
}
