/**
 * `POST /webhook`: where our outbox delivers (PD_PC_WEBHOOK_URL). It checks what the contract says a PC
 * system checks, with the protocol package's verifyRequest: signature and timestamp (401, nothing changes),
 * then the body (400 with the issues, nothing changes); a delivery id seen before is acknowledged (200) and
 * not applied again. Every request is logged and counted, so a script can tell after an outage that each
 * delivery arrived exactly once and in order per customer. The outage switch (error500 / close) answers
 * before any of that, like a server that is down.
 */
import { headerValues, DELIVERY_HEADER, outboundEventSchema, type HeaderSource, type OutboundEvent } from '@partner-desk/pc-protocol';
import { refusalBody, verifyRequest } from '@partner-desk/pc-protocol/signing';
import { applyOutboundEvent, customerOfEvent } from './inbox';
import { MAX_ACCEPTED, MAX_LOG_ENTRIES, type ReceivedEntry, type StateStore } from './state';

/** Bodies are kept in the log for the page, up to this many characters. */
const LOGGED_BODY_CHARS = 4000;

export interface WebhookAnswer {
  status: number;
  body: unknown;
}

function record(store: StateStore, entry: Omit<ReceivedEntry, 'seq'>): void {
  const webhook = store.state.webhook;
  const seq = webhook.nextSeq++;
  webhook.log.push({ seq, ...entry, body: entry.body.slice(0, LOGGED_BODY_CHARS) });
  if (webhook.log.length > MAX_LOG_ENTRIES) webhook.log.splice(0, webhook.log.length - MAX_LOG_ENTRIES);
  if (entry.outcome === 'applied' || entry.outcome === 'duplicate') {
    const { receivedAt, deliveryId, type, customerExternalId, occurredAt, outOfOrder, outcome } = entry;
    webhook.accepted.push({ seq, receivedAt, deliveryId, type, customerExternalId, occurredAt, outOfOrder, outcome });
    if (webhook.accepted.length > MAX_ACCEPTED) webhook.accepted.splice(0, webhook.accepted.length - MAX_ACCEPTED);
  }
  store.changed();
}

const blank = { deliveryId: null, type: null, customerExternalId: null, occurredAt: null, outOfOrder: false } as const;

/** The outage switch answered (500) or cut the connection: counted and logged, nothing else. */
export function recordOutage(store: StateStore, headers: HeaderSource, rawBody: string, now: Date, status: 500 | 0): void {
  store.state.webhook.counters.outage++;
  const deliveryId = headerValues(headers, DELIVERY_HEADER)[0] ?? null;
  record(store, { ...blank, deliveryId, receivedAt: now.toISOString(), outcome: 'outage', status, reason: status ? '模拟故障：返回 500' : '模拟故障：断开连接', body: rawBody });
}

export function receiveWebhook(store: StateStore, secret: string, headers: HeaderSource, rawBody: Buffer, now: Date): WebhookAnswer {
  const text = rawBody.toString('utf8');
  const receivedAt = now.toISOString();
  const counters = store.state.webhook.counters;
  const verified = verifyRequest(secret, headers, rawBody, now, outboundEventSchema);
  if (!verified.ok) {
    if (verified.status === 401) counters.unauthorized++;
    else counters.malformed++;
    const deliveryId = verified.status === 400 ? verified.deliveryId : null;
    record(store, { ...blank, deliveryId, receivedAt, outcome: verified.status === 401 ? 'unauthorized' : 'malformed', status: verified.status, reason: verified.reason, body: text });
    return { status: verified.status, body: refusalBody(verified) };
  }

  const event: OutboundEvent = verified.body;
  const customerExternalId = customerOfEvent(event);
  const about = { deliveryId: verified.deliveryId, type: event.type, customerExternalId, occurredAt: event.occurredAt };
  counters.total++;
  if (store.hasSeen(verified.deliveryId)) {
    counters.duplicates++;
    record(store, { ...about, receivedAt, outcome: 'duplicate', status: 200, outOfOrder: false, reason: '重复投递：已确认，未重复处理', body: text });
    return { status: 200, body: { ok: true, duplicate: true } };
  }

  store.markSeen(verified.deliveryId);
  counters.distinct++;
  counters.byType[event.type] = (counters.byType[event.type] ?? 0) + 1;
  const last = store.state.webhook.lastOccurredAt[customerExternalId];
  const outOfOrder = last !== undefined && Date.parse(event.occurredAt) < Date.parse(last);
  if (outOfOrder) counters.outOfOrder++;
  else store.state.webhook.lastOccurredAt[customerExternalId] = event.occurredAt;
  applyOutboundEvent(store.state, event, verified.deliveryId, receivedAt);
  record(store, { ...about, receivedAt, outcome: 'applied', status: 200, outOfOrder, reason: outOfOrder ? `顺序错乱：早于此前收到的 ${last}` : null, body: text });
  return { status: 200, body: { ok: true } };
}
