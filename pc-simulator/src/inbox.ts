/**
 * What our outbound events do on the PC side once a delivery is accepted: a provider's reply appears in
 * the customer's chat; an escalation opens a case on the HQ desk (with the chat transcript); a bounce puts
 * the consultation back at HQ; a resolution closes the case. Each is applied once per delivery id (the
 * webhook dedupes before calling here); an event about a ticket or a message seen before updates it in place.
 */
import { randomUUID } from 'node:crypto';
import type { OutboundEvent } from '@partner-desk/pc-protocol';
import type { Conversation, HqCase, SimulatorState } from './state';

export const newEntryId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

/** The customer's chat, opened when an event names a customer who never wrote here. */
export function conversationOf(state: SimulatorState, customerExternalId: string, now: string): Conversation {
  return (state.conversations[customerExternalId] ??= { customerExternalId, mode: 'bot', entries: [], escalatedTicketId: null, bouncedAt: null, updatedAt: now });
}

function systemNote(conversation: Conversation, content: string, at: string): void {
  conversation.entries.push({ id: newEntryId('sys'), from: 'system', content, at });
  conversation.updatedAt = at;
}

function upsertCase(state: SimulatorState, incoming: HqCase): HqCase {
  const existing = state.hqCases.find((c) => c.ticketId === incoming.ticketId);
  if (!existing) {
    state.hqCases.unshift(incoming);
    return incoming;
  }
  // Escalated again after it was resolved: the case is open again, its history kept.
  Object.assign(existing, { ...incoming, updates: existing.updates, status: 'escalated', resolvedByProvider: null });
  return existing;
}

export function applyOutboundEvent(state: SimulatorState, event: OutboundEvent, deliveryId: string, receivedAt: string): void {
  switch (event.type) {
    case 'chat.reply': {
      const d = event.data;
      const conversation = conversationOf(state, d.customerExternalId, receivedAt);
      if (conversation.entries.some((e) => e.messageId === d.messageId)) return;
      conversation.entries.push({ id: newEntryId('rep'), from: 'provider', content: d.content, at: d.sentAt, senderName: d.senderName, providerName: d.providerName, messageId: d.messageId });
      // The provider answered: the customer is talking to a person now.
      conversation.mode = 'human';
      conversation.bouncedAt = null;
      conversation.updatedAt = receivedAt;
      return;
    }
    case 'chat.escalated': {
      const d = event.data;
      const hqCase = upsertCase(state, {
        ticketId: d.ticketId,
        ticketNo: d.ticketNo ?? null,
        source: 'chat',
        customerExternalId: d.customerExternalId,
        customerName: d.customerName ?? customerName(state, d.customerExternalId),
        providerName: d.providerName ?? null,
        title: `咨询升级：${d.customerName ?? customerName(state, d.customerExternalId) ?? d.customerExternalId}`,
        content: d.content ?? '',
        ticketType: 'issue_escalation',
        reason: d.reason,
        transcript: d.transcript,
        processingHistory: [],
        status: 'escalated',
        escalatedAt: event.occurredAt,
        resolvedByProvider: null,
        updates: [],
      });
      const conversation = conversationOf(state, d.customerExternalId, receivedAt);
      conversation.escalatedTicketId = hqCase.ticketId;
      systemNote(conversation, `服务商已将本次咨询升级为总部工单${hqCase.ticketNo ? ` ${hqCase.ticketNo}` : ''}：${d.reason}`, receivedAt);
      return;
    }
    case 'chat.bounced': {
      const d = event.data;
      state.bounces.unshift({
        deliveryId,
        customerExternalId: d.customerExternalId,
        customerName: d.customerName ?? customerName(state, d.customerExternalId),
        providerName: d.providerName ?? null,
        conversationId: d.conversationId,
        waitingSince: d.waitingSince,
        reason: d.reason,
        receivedAt,
      });
      const conversation = conversationOf(state, d.customerExternalId, receivedAt);
      conversation.bouncedAt = receivedAt;
      systemNote(conversation, `服务商未及时回复，咨询已转回总部：${d.reason}`, receivedAt);
      return;
    }
    case 'ticket.escalated': {
      const d = event.data;
      upsertCase(state, {
        ticketId: d.ticketId,
        ticketNo: d.ticketNo ?? null,
        source: 'ticket',
        customerExternalId: d.customerExternalId,
        customerName: d.customerName ?? customerName(state, d.customerExternalId),
        providerName: d.providerName ?? null,
        title: d.title,
        content: d.content,
        ticketType: d.type,
        reason: d.reason,
        transcript: [],
        processingHistory: d.processingHistory,
        status: 'escalated',
        escalatedAt: event.occurredAt,
        resolvedByProvider: null,
        updates: [],
      });
      return;
    }
    case 'ticket.resolved': {
      const d = event.data;
      state.resolutions.unshift({ deliveryId, ticketId: d.ticketId, ticketNo: d.ticketNo ?? null, customerExternalId: d.customerExternalId, resolvedAt: d.resolvedAt, note: d.note ?? null, receivedAt });
      const hqCase = state.hqCases.find((c) => c.ticketId === d.ticketId);
      if (hqCase) {
        hqCase.status = 'resolved';
        hqCase.resolvedByProvider = { at: d.resolvedAt, note: d.note ?? null };
      }
      const conversation = state.conversations[d.customerExternalId];
      if (conversation && conversation.escalatedTicketId === d.ticketId) {
        conversation.escalatedTicketId = null;
        systemNote(conversation, `工单${d.ticketNo ? ` ${d.ticketNo}` : ''} 已由服务商解决${d.note ? `：${d.note}` : ''}`, receivedAt);
      }
      return;
    }
  }
}

function customerName(state: SimulatorState, externalId: string): string | null {
  return state.customers.find((c) => c.externalId === externalId)?.name ?? null;
}

/** The customer an outbound event is about (every outbound event names one). */
export function customerOfEvent(event: OutboundEvent): string {
  return event.data.customerExternalId;
}
