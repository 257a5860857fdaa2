/**
 * The JSON API of the simulator's own page (`/api/*`) and of scripts that drive or watch it: the customer
 * chat, the HQ desk, the existing system's data set, the webhook's switch, log and counters. Unsigned: it
 * is a local tool behind the same door as the emulator's console (server.ts).
 */
import * as z from 'zod';
import { customerUpsertedDataSchema, parseWith, type CustomerUpsertedData } from '@partner-desk/pc-protocol';
import { addCustomer, editCustomer, listCustomers } from './customers';
import { customerSays, endConversation, handOff, type ChatDeps } from './customer-chat';
import { invalid, notFound, SimulatorError } from './errors';
import { FAQS } from './faq-bot';
import { updateTicket } from './hq-desk';
import type { OutgoingQueue } from './outgoing';
import { emptyCounters, type StateStore, type WebhookMode } from './state';

export interface PageApiDeps extends ChatDeps {
  store: StateStore;
  outgoing: OutgoingQueue;
  now: () => Date;
  /** Addresses shown on the page. */
  addresses: () => { webhookUrl: string; existingSystemUrl: string; gatewayUrl: string | null };
}

export interface ApiRequest {
  method: string;
  /** Path segments after /api, decoded. */
  parts: string[];
  query: URLSearchParams;
  body: unknown;
}

const WEBHOOK_MODES = ['normal', 'error500', 'close'] as const satisfies readonly WebhookMode[];

const intParam = (query: URLSearchParams, name: string, fallback: number, min: number, max: number): number => {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${name} 需为 ${min}–${max} 的整数`);
  return value;
};

function stats(deps: PageApiDeps) {
  const { webhook, outgoing } = deps.store.state;
  const byState: Record<string, number> = { pending: 0, sending: 0, retrying: 0, delivered: 0, rejected: 0, failed: 0 };
  for (const d of outgoing) byState[d.state]++;
  return { webhook: { mode: webhook.mode, ...webhook.counters }, outgoing: byState };
}

export async function handlePageApi(deps: PageApiDeps, req: ApiRequest): Promise<unknown> {
  const { method, parts, query, body } = req;
  const { state } = deps.store;
  const is = (m: string, ...pattern: (string | null)[]) => method === m && parts.length === pattern.length && pattern.every((p, i) => p === null || p === parts[i]);

  if (is('GET', 'overview')) {
    return { ...deps.addresses(), seededFrom: state.seededFrom, providers: state.providers, customerCount: state.customers.length, stats: stats(deps) };
  }
  if (is('GET', 'stats')) return stats(deps);
  if (is('POST', 'stats', 'reset')) {
    // A fresh measurement for a script: counters, log, dedupe memory and order marks; cases and chats stay.
    Object.assign(state.webhook, { counters: emptyCounters(), log: [], accepted: [], lastOccurredAt: {} });
    deps.store.forgetSeen();
    deps.store.changed();
    return stats(deps);
  }
  if (is('PUT', 'webhook', 'mode')) {
    const parsed = parseWith(z.object({ mode: z.enum(WEBHOOK_MODES) }).strict(), body);
    if (!parsed.ok) throw invalid('mode 需为 normal、error500 或 close', parsed.issues);
    state.webhook.mode = parsed.value.mode;
    deps.store.changed();
    return { mode: state.webhook.mode };
  }
  if (is('GET', 'deliveries')) {
    // Accepted deliveries in arrival order, for scripts checking exactly-once and order after an outage.
    const after = intParam(query, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(query, 'limit', 1000, 1, 5000);
    const rows = state.webhook.accepted.filter((e) => e.seq > after).slice(0, limit);
    return { deliveries: rows, next: rows.length ? rows[rows.length - 1].seq : after };
  }
  if (is('GET', 'log')) {
    const limit = intParam(query, 'limit', 200, 1, 2000);
    return { entries: state.webhook.log.slice(-limit).reverse() };
  }
  if (is('GET', 'outgoing')) {
    const customer = query.get('customer');
    const limit = intParam(query, 'limit', 200, 1, 2000);
    return { deliveries: state.outgoing.filter((d) => !customer || d.key === customer).slice(-limit).reverse() };
  }
  if (is('POST', 'outgoing', null, 'retry')) return { delivery: deps.outgoing.retry(parts[1]) };

  if (is('GET', 'faqs')) return { faqs: FAQS.map(({ id, question }) => ({ id, question })) };
  if (is('GET', 'providers')) return { providers: state.providers };
  if (is('GET', 'customers')) {
    return listCustomers(state.customers, state.providers, {
      q: query.get('q') ?? undefined,
      provider: query.get('provider') ?? undefined,
      page: intParam(query, 'page', 1, 1, 100_000),
      pageSize: intParam(query, 'pageSize', 20, 1, 500),
    });
  }
  if (is('POST', 'customers')) {
    const customer = addCustomer(state.customers, body, deps.now());
    deps.store.changed();
    return { customer };
  }
  if (is('GET', 'customers', null)) {
    const customer = state.customers.find((c) => c.externalId === parts[1]);
    if (!customer) throw notFound(`现有系统中没有客户 ${parts[1]}`);
    return { customer };
  }
  if (is('PUT', 'customers', null)) {
    const customer = editCustomer(state.customers, parts[1], body, deps.now());
    deps.store.changed();
    return { customer };
  }
  if (is('POST', 'customers', null, 'push')) {
    // customer.upserted: the change now, instead of at the next sync.
    const customer = state.customers.find((c) => c.externalId === parts[1]);
    if (!customer) throw notFound(`现有系统中没有客户 ${parts[1]}`);
    const data: CustomerUpsertedData = customerUpsertedDataSchema.parse(customer);
    return { delivery: deps.outgoing.enqueue('customer.upserted', customer.externalId, data, `推送客户资料 ${customer.name}`) };
  }

  if (is('GET', 'conversations')) {
    const names = new Map(state.customers.map((c) => [c.externalId, c.name]));
    const conversations = Object.values(state.conversations)
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
      .map((c) => ({ customerExternalId: c.customerExternalId, customerName: names.get(c.customerExternalId) ?? null, mode: c.mode, last: c.entries.at(-1) ?? null, updatedAt: c.updatedAt }));
    return { conversations };
  }
  if (is('GET', 'chat', null)) {
    const customer = state.customers.find((c) => c.externalId === parts[1]);
    if (!customer) throw notFound(`现有系统中没有客户 ${parts[1]}`);
    const conversation = state.conversations[customer.externalId] ?? null;
    const ids = new Set(conversation?.entries.map((e) => e.deliveryId).filter(Boolean));
    const providerName = state.providers.find((p) => p.code === customer.providerExternalId)?.name ?? null;
    return { customer: { ...customer, providerName }, conversation, deliveries: state.outgoing.filter((d) => ids.has(d.deliveryId)) };
  }
  if (is('POST', 'chat', null, 'messages')) {
    const content = (body as { content?: unknown } | undefined)?.content;
    return { conversation: customerSays(deps, parts[1], content) };
  }
  if (is('POST', 'chat', null, 'handoff')) return { conversation: handOff(deps, parts[1]) };
  if (is('POST', 'chat', null, 'end')) return { conversation: endConversation(deps, parts[1]) };

  if (is('GET', 'hq')) {
    const deliveries = new Map(state.outgoing.map((d) => [d.deliveryId, d]));
    const cases = state.hqCases.map((c) => ({ ...c, updates: c.updates.map((u) => ({ ...u, delivery: deliveries.get(u.deliveryId) ?? null })) }));
    return { cases, bounces: state.bounces, resolutions: state.resolutions };
  }
  if (is('POST', 'hq', 'tickets', null, 'status')) return { case: updateTicket(deps, parts[2], body) };

  throw new SimulatorError(404, 'NOT_FOUND', `没有这个接口 / no API ${method} /api/${parts.join('/')}`);
}
