/**
 * The PC system's door: `POST <HTTP access>/pc/events` (the HTTP-triggered function pcGateway), the
 * protocol of docs/pc-protocol.md. In this order, so a request that fails a step changes nothing:
 *  1. signature and timestamp (PD_PC_SECRET, 300 s): 401;
 *  2. the body: JSON, a valid event (packages/pc-protocol's schemas, and what the import refuses too): 400,
 *     saying what is wrong;
 *  3. applied once per delivery id (recorded in the transaction of the change): 200, or 200 duplicate for a
 *     delivery seen before; an event about a customer or provider code we don't know yet is parked (202)
 *     and applied when it arrives; HQ's update of a ticket that is not ours is 404, one the ticket's state
 *     refuses 409 (the same answer until the ticket changes: not worth retrying).
 * Errors never carry internals: anything unexpected is logged and answered 500 (retry later).
 */
import { inboundEventSchema, type ConsultationMessageData, type CustomerUpsertedData, type InboundEvent, type TicketUpdatedData } from '@partner-desk/pc-protocol';
import { refusalBody, verifyRequest } from '@partner-desk/pc-protocol/signing';
import { COLLECTIONS } from '@partner-desk/database';
import { storeCustomerMessage } from '../chat/receive-customer-message';
import { findCustomersByExternalIds } from '../customers/repository';
import { fromUpsertedEvent, vendorCustomerProblem } from '../customers/vendor-customer';
import { findWithOwner } from '../data/tenant-scope';
import { AppError } from '../errors';
import { ownersRepository } from '../providers/owners';
import { applyHqUpdate } from '../tickets/hq-update';
import { HQ_REFUSALS, type HqRefusal } from '../tickets/ticket-state';
import { storeVendorCustomers } from './arrivals';
import { applyOnce, deliveriesRepository, type Delivery } from './deliveries';
import { errorAnswer, headersOf, jsonAnswer, rawBodyOf, type HttpAccessEvent, type HttpAnswer } from './http';
import { park, PARK_REASON_TEXT } from './parked-events';

/** The HTTP access path of the gateway (cloudbaserc.json's servicePaths). */
export const GATEWAY_PATH = '/pc/events';

export interface GatewayOptions {
  /** PD_PC_SECRET (or several while it is rotated). */
  secret: string | readonly string[];
  now?: Date;
  log?: (message: string, err?: unknown) => void;
}

const applied = () => jsonAnswer(200, { ok: true });
const duplicate = () => jsonAnswer(200, { ok: true, duplicate: true });
const parked = (reason: 'unknown_customer' | 'unknown_provider', id: string) => jsonAnswer(202, { ok: true, parked: true, reason, message: PARK_REASON_TEXT[reason](id) });

/** What the import also refuses, though each field is valid on its own: a 400 with the field's path. */
function semanticProblem(event: InboundEvent): { path: string; message: string } | null {
  if (event.type !== 'customer.upserted') return null;
  const problem = vendorCustomerProblem(fromUpsertedEvent(event.data, event.occurredAt));
  return problem ? { path: 'data.expiryDate', message: problem } : null;
}

async function receiveConsultation(delivery: Delivery, event: InboundEvent & { data: ConsultationMessageData }, rawBody: string, now: Date): Promise<HttpAnswer> {
  const { customerExternalId } = event.data;
  const [seen, customers] = await Promise.all([deliveriesRepository().seen(delivery.id), findCustomersByExternalIds([customerExternalId])]);
  if (seen) return duplicate();
  const customer = customers.get(customerExternalId);
  if (!customer) return (await park(delivery, event, rawBody, 'unknown_customer', { customerExternalId })) ? parked('unknown_customer', customerExternalId) : duplicate();
  const stored = await storeCustomerMessage(
    { tenant: { serviceProviderId: customer.serviceProviderId }, customer },
    { externalMessageId: event.data.externalMessageId, content: event.data.content, sentAt: new Date(event.data.sentAt) },
    { now, guard: applyOnce(delivery, { checkedUnseen: true }) },
  );
  return stored ? applied() : duplicate();
}

async function receiveTicketUpdate(delivery: Delivery, data: TicketUpdatedData, now: Date): Promise<HttpAnswer> {
  const [seen, owned] = await Promise.all([deliveriesRepository().seen(delivery.id), findWithOwner(COLLECTIONS.tickets, data.ticketId)]);
  if (seen) return duplicate();
  const unknown = () => errorAnswer(404, 'UNKNOWN_TICKET', `没有工单 ${data.ticketId} / no ticket ${data.ticketId} here: ticketId must be one we sent in chat.escalated or ticket.escalated`);
  if (!owned) return unknown();
  try {
    const result = await applyHqUpdate(owned.tenant, { ticketId: data.ticketId, status: data.status, note: data.note, operatorName: data.operatorName, updateId: delivery.id }, { now, guard: applyOnce(delivery, { checkedUnseen: true }) });
    return result ? applied() : duplicate();
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return unknown();
    const details = err instanceof AppError ? (err.details as { code?: HqRefusal; status?: string } | undefined) : undefined;
    if (details?.code && details.code in HQ_REFUSALS) {
      return errorAnswer(409, details.code, `${HQ_REFUSALS[details.code]} / the ticket's state refuses this update (status ${details.status}); it will be refused until the ticket changes`, { ticketStatus: details.status });
    }
    throw err;
  }
}

async function receiveCustomer(delivery: Delivery, event: InboundEvent & { data: CustomerUpsertedData }, rawBody: string, now: Date): Promise<HttpAnswer> {
  const code = event.data.providerExternalId;
  const [seen, owners] = await Promise.all([deliveriesRepository().seen(delivery.id), ownersRepository().ownersByCodes([code])]);
  if (seen) return duplicate();
  const owner = owners.get(code);
  if (!owner) return (await park(delivery, event, rawBody, 'unknown_provider', { providerExternalId: code })) ? parked('unknown_provider', code) : duplicate();
  const guard = applyOnce(delivery, { checkedUnseen: true });
  const { results } = await storeVendorCustomers([{ owner, customer: fromUpsertedEvent(event.data, event.occurredAt) }], { now, source: 'customer.upserted', guard: () => guard });
  return results[0] ? applied() : duplicate();
}

/** One request to the gateway, answered as an HTTP access integration response. */
export async function handleGatewayRequest(request: HttpAccessEvent, options: GatewayOptions): Promise<HttpAnswer> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((message, err) => console.error(`[pcGateway] ${message}`, err ?? ''));
  const method = (request.httpMethod ?? 'POST').toUpperCase();
  if (request.path && request.path.replace(/\/+$/, '') !== GATEWAY_PATH) return errorAnswer(404, 'NOT_FOUND', `没有这个地址 / no such path: events go to POST ${GATEWAY_PATH}`);
  if (method !== 'POST') return { ...errorAnswer(405, 'METHOD_NOT_ALLOWED', `只接受 POST / only POST ${GATEWAY_PATH}`), headers: { ...jsonAnswer(405, null).headers, allow: 'POST' } };
  try {
    const raw = rawBodyOf(request);
    const verified = verifyRequest(options.secret, headersOf(request), raw, now, inboundEventSchema);
    if (!verified.ok) return jsonAnswer(verified.status, refusalBody(verified));
    const event = verified.body;
    const problem = semanticProblem(event);
    if (problem) return errorAnswer(400, 'INVALID_EVENT', `请求体不符合协议 / the body is not a valid event: ${problem.path}: ${problem.message}`, { issues: [problem] });

    const delivery: Delivery = { id: verified.deliveryId, type: event.type, subject: '', receivedAt: now };
    const rawBody = raw.toString('utf8');
    switch (event.type) {
      case 'consultation.message':
        return await receiveConsultation({ ...delivery, subject: event.data.customerExternalId }, event, rawBody, now);
      case 'ticket.updated':
        return await receiveTicketUpdate({ ...delivery, subject: event.data.ticketId }, event.data, now);
      case 'customer.upserted':
        return await receiveCustomer({ ...delivery, subject: event.data.externalId }, event, rawBody, now);
    }
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return errorAnswer(503, 'BUSY', '系统繁忙，请稍后重试 / busy: send the same delivery again later');
    log('unexpected error', err);
    return errorAnswer(500, 'INTERNAL', '网关内部错误，请稍后重试 / internal error: send the same delivery again later');
  }
}
