/**
 * Demo data generator: deterministic for a seed number, streamed collection by collection into a sink
 * (an emulator import folder, or an engine directly), so 100k customers and 1M tickets fit in bounded
 * memory: only one small record per customer is kept (see plan.ts) plus a few typed arrays.
 */
import { encryptField } from '@partner-desk/shared/crypto/field-cipher';
import { hashPassword, SALT_BYTES } from '@partner-desk/shared/crypto/password';
import { computeUsageBreakdown, type DailyUsage } from '@partner-desk/shared/customers/usage-score';
import { DEFAULT_EXPIRY_ALERT_DAYS, EXPIRED_ALERT_WITHIN_DAYS, expiredAlert, expiryAlert, UNRESOLVED_ALERT_AT, unresolvedAlert } from '@partner-desk/shared/customers/alerts';
import { messageIdOf } from '@partner-desk/shared/messages/message-id';
import type { NewMessage } from '@partner-desk/shared/messages/repository';
import { addDays, startOfBusinessDay } from '@partner-desk/shared/time';
import { chinaDayKey, chinaIsoDate, chinaStartOfDay, chinaWeekday } from './china-time';
import { COLLECTIONS } from '@partner-desk/database';
import { formatInviteCode } from '@partner-desk/shared/auth/invite-code';
import { demoInvites, demoPasswordReset, demoPasswordResetMessage } from './account-requests';
import { makePerson } from './people';
import { DEMO_PASSWORDS, EXPIRING_DAYS, planCustomers, planProviders, type PlannedCustomer } from './plan';
import { streamFor, type Prng } from './prng';
import type { SeedSink } from './sinks';
import { buildTicket, type TicketUpdateCandidate } from './tickets';
import { CHAT_EXCHANGES, SYSTEM_NOTIFICATIONS } from './vocabulary';

export interface SeedOptions {
  seed: number;
  providers: number;
  customers: number;
  tickets: number;
  /** Days of usage records per customer (the score needs 60; trends look better with 90). */
  usageDays: number;
  /** "Now" of the data set: statuses, ages and expiry alerts are relative to it. */
  now: Date;
  onProgress?: (collection: string, done: number, total: number) => void;
}

export const SCALES = {
  default: { providers: 3, customers: 300, tickets: 3000, usageDays: 90 },
  '100k': { providers: 10, customers: 100_000, tickets: 1_000_000, usageDays: 60 },
} as const;

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  provider: string;
}

export interface SeedSummary {
  counts: Record<string, number>;
  logins: DemoLogin[];
  /** Per provider, the invite code a new agent can register with (shown as XXXX-XXXX). */
  invites: { provider: string; code: string; expiresAt: Date }[];
  providers: { id: string; name: string }[];
  elapsedMs: number;
}

const DAY = 86400_000;
const MAX_TICKET_UPDATES_PER_PROVIDER = 400;

export async function generateSeed(options: SeedOptions, sink: SeedSink): Promise<SeedSummary> {
  const started = Date.now();
  const { seed, now } = options;
  const counts: Record<string, number> = {};
  const progressEvery = Math.max(1000, Math.floor(Math.max(options.customers, options.tickets) / 20));

  /** Streams one collection: `produce` calls `emit` per document; progress is reported against `total`. */
  async function collection(name: string, total: number, produce: (emit: (doc: Record<string, unknown>) => Promise<void> | void) => Promise<void> | void) {
    await sink.begin(name);
    let done = 0;
    const emit = (doc: Record<string, unknown>) => {
      done++;
      if (options.onProgress && done % progressEvery === 0 && done < total) options.onProgress(name, done, total);
      return sink.write(doc);
    };
    await produce(emit);
    await sink.end(name, done);
    options.onProgress?.(name, done, done);
    counts[name] = done;
  }

  const providers = planProviders(seed, options.providers, now);
  const customers = planCustomers(seed, options.customers, providers, now);
  const byProvider: PlannedCustomer[][] = providers.map(() => []);
  for (const c of customers) byProvider[c.provider].push(c);

  // ------------------------------------------------------------------ providers, users, settings
  await collection(COLLECTIONS.providers, providers.length, async (emit) => {
    for (const p of providers) {
      await emit({
        _id: p.id,
        name: p.name,
        contactPerson: encryptField(p.contact.name),
        phone: encryptField(p.contact.phone),
        email: encryptField(p.contact.email),
        region: p.region,
        externalId: p.code,
        status: 'active',
        createdAt: p.createdAt,
        updatedAt: addDays(now, -3),
      });
    }
  });
  // The vendor's provider codes (SP01 …): what the PC system and its simulator name the providers by.
  await collection(COLLECTIONS.providerCodes, providers.length, async (emit) => {
    for (const p of providers) await emit({ _id: p.code, providerId: p.id, createdAt: p.createdAt });
  });

  // Every account its own salt (derived from the seed, so the data set stays reproducible): users who share
  // a demo password must not share a hash. One scrypt per user, run in parallel on libuv's threads.
  const accounts = providers.flatMap((p) => p.users);
  const hashes = new Map(await Promise.all(accounts.map(async (u, i) => [u.id, await hashPassword(DEMO_PASSWORDS[u.role], passwordSalt(seed, i))] as const)));
  await collection(COLLECTIONS.users, providers.length * 3, async (emit) => {
    for (const p of providers) {
      for (const u of p.users) {
        await emit({
          _id: u.id,
          serviceProviderId: p.id,
          username: u.username,
          passwordHash: hashes.get(u.id)!,
          name: u.person.name,
          role: u.role,
          status: 'active',
          phone: encryptField(u.person.phone),
          email: encryptField(u.person.email),
          notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true },
          passwordChangedAt: p.createdAt,
          createdAt: p.createdAt,
          updatedAt: p.createdAt,
        });
      }
    }
  });

  await collection(COLLECTIONS.settings, providers.length, async (emit) => {
    for (const p of providers) await emit({ _id: p.id, expiringDays: EXPIRING_DAYS, expiryAlertDays: DEFAULT_EXPIRY_ALERT_DAYS, updatedAt: p.createdAt });
  });

  // ------------------------------------------------------------------ account requests: a pending password reset, invite codes
  const resetRequests = providers.map((p) => demoPasswordReset(seed, p, now));
  await collection(COLLECTIONS.passwordResets, resetRequests.length, async (emit) => {
    for (const request of resetRequests) await emit(request);
  });
  const invites = providers.map((p) => demoInvites(seed, p, now));
  await collection(COLLECTIONS.invites, invites.flat().length, async (emit) => {
    for (const invite of invites.flat()) await emit(invite);
  });

  // ------------------------------------------------------------------ usage records → score, last activity
  const usageScores = new Uint8Array(customers.length);
  const lastActive = new Float64Array(customers.length); // 0: never
  const today = startOfBusinessDay(now);
  await collection(COLLECTIONS.usageRecords, customers.length * options.usageDays, async (emit) => {
    for (const c of customers) {
      const records = usageOf(c, seed, today, options.usageDays);
      for (const r of records) {
        await emit({ _id: `ur_${c.id}_${chinaDayKey(r.date)}`, serviceProviderId: providers[c.provider].id, customerId: c.id, ...r });
      }
      usageScores[c.index] = computeUsageBreakdown(records, c.portCount, now).score;
      const last = records.length ? records[records.length - 1].date.getTime() : 0;
      // Last seen during that working day, never later than now.
      lastActive[c.index] = last ? Math.min(now.getTime() - 60_000, last + (9 + (c.index % 9)) * 3600_000 + (c.index % 60) * 60_000) : 0;
    }
  });

  // ------------------------------------------------------------------ tickets → unresolved counts, counters, updates
  const unresolved = new Int32Array(customers.length);
  const lastTicketAt = new Float64Array(customers.length);
  const counters = new Map<string, { providerId: string; day: string; next: number }>();
  const updates: TicketUpdateCandidate[][] = providers.map(() => []);
  await collection(COLLECTIONS.tickets, options.tickets, async (emit) => {
    for (let t = 0; t < options.tickets && customers.length; t++) {
      const rng = streamFor(seed, 'tickets', t);
      const customer = customers[Math.floor(rng.next() * customers.length)];
      const provider = providers[customer.provider];
      const { ticket, update } = buildTicket(rng, seed, t, customer, provider, now, (day) => {
        const key = `${provider.id}_${day}`;
        const counter = counters.get(key) ?? { providerId: provider.id, day, next: 0 };
        counter.next++;
        counters.set(key, counter);
        return counter.next;
      });
      if (ticket.status !== 'resolved') unresolved[customer.index]++;
      lastTicketAt[customer.index] = Math.max(lastTicketAt[customer.index], ticket.updatedAt.getTime());
      if (update && updates[customer.provider].length < MAX_TICKET_UPDATES_PER_PROVIDER) updates[customer.provider].push(update);
      await emit(ticket as unknown as Record<string, unknown>);
    }
  });

  await collection(COLLECTIONS.ticketCounters, counters.size, async (emit) => {
    for (const [id, c] of counters) await emit({ _id: id, next: c.next, serviceProviderId: c.providerId, day: c.day, updatedAt: now });
  });

  // ------------------------------------------------------------------ customers (now that scores and counts are known)
  await collection(COLLECTIONS.customers, customers.length, async (emit) => {
    for (const c of customers) {
      const contact = makePerson(streamFor(seed, 'customer-contact', c.index));
      const touched = Math.max(c.createdAt.getTime(), lastTicketAt[c.index], now.getTime() - ((c.index * 7919) % 90) * DAY);
      await emit({
        _id: c.id,
        serviceProviderId: providers[c.provider].id,
        serviceProviderName: providers[c.provider].name,
        externalId: c.externalId,
        name: c.name,
        contactPerson: encryptField(contact.name),
        phone: encryptField(contact.phone),
        email: encryptField(contact.email),
        region: c.region,
        industry: c.industry,
        softwareVersion: c.softwareVersion,
        portCount: c.portCount,
        purchaseDate: c.purchaseDate,
        expiryDate: c.expiryDate,
        status: c.status,
        usageScore: usageScores[c.index],
        unresolvedIssues: unresolved[c.index],
        lastActiveTime: lastActive[c.index] ? new Date(lastActive[c.index]) : null,
        createdAt: c.createdAt,
        // Distinct to the millisecond so "recently updated first" pages are stable.
        updatedAt: new Date(Math.min(now.getTime() - 1000, touched) - (c.index % 1000)),
      });
    }
  });

  // ------------------------------------------------------------------ messages
  await collection(COLLECTIONS.messages, customers.length, async (emit) => {
    const message = (rng: Prng, doc: { serviceProviderId: string; type: string; title: string; content: string; dedupeKey: string; createdAt: Date; relatedCustomerId?: string; relatedCustomerName?: string; relatedTicketId?: string }) => {
      const ageDays = (now.getTime() - doc.createdAt.getTime()) / DAY;
      const read = rng.chance(ageDays > 7 ? 0.85 : 0.3);
      return emit({
        // The id the functions give a message of this key (messageIdOf): raising it again, even inside a transaction, finds it.
        _id: messageIdOf(doc.serviceProviderId, doc.dedupeKey),
        relatedCustomerId: null,
        relatedCustomerName: null,
        relatedTicketId: null,
        ...doc,
        readStatus: read ? 'read' : 'unread',
        readAt: read ? new Date(Math.min(now.getTime() - 1000, doc.createdAt.getTime() + rng.int(10, 600) * 60_000)) : null,
      });
    };
    for (const request of resetRequests) {
      const doc = demoPasswordResetMessage(request);
      await emit({ _id: messageIdOf(doc.serviceProviderId, doc.dedupeKey), ...doc });
    }
    for (const p of providers) {
      const rng = streamFor(seed, 'system-messages', p.index);
      for (let i = 0; i < SYSTEM_NOTIFICATIONS.length; i++) {
        const [title, content] = SYSTEM_NOTIFICATIONS[i];
        await message(rng, { serviceProviderId: p.id, type: 'system_notification', title, content, dedupeKey: `system:${p.id}:${i}`, createdAt: addDays(now, -(i * 17 + rng.int(1, 10))) });
      }
    }
    for (const c of customers) {
      const p = providers[c.provider];
      const rng = streamFor(seed, 'customer-messages', c.index);
      // The alerts a sync would have raised over the last months, at the times it would have (alerts.ts: the same keys, so a sync finds them raised).
      const alertCustomer = { _id: c.id, name: c.name, softwareVersion: c.softwareVersion, portCount: c.portCount, expiryDate: c.expiryDate, unresolvedIssues: unresolved[c.index] };
      const raise = (alert: NewMessage, createdAt: Date) => message(rng, { serviceProviderId: p.id, ...alert, createdAt } as Parameters<typeof message>[1]);
      for (const days of DEFAULT_EXPIRY_ALERT_DAYS) {
        const at = new Date(chinaStartOfDay(c.expiryDate) - days * DAY + 9 * 3600_000);
        if (at > now || now.getTime() - at.getTime() > 120 * DAY) continue;
        await raise(expiryAlert(alertCustomer, days), at);
      }
      if (c.status === 'expired' && now.getTime() - c.expiryDate.getTime() < EXPIRED_ALERT_WITHIN_DAYS * DAY) await raise(expiredAlert(alertCustomer), new Date(c.expiryDate.getTime() + 9 * 3600_000));
      if (unresolved[c.index] >= UNRESOLVED_ALERT_AT) await raise(unresolvedAlert(alertCustomer), new Date(Math.max(now.getTime() - rng.int(1, 72) * 3600_000, c.createdAt.getTime())));
    }
    for (const [i, list] of updates.entries()) {
      const rng = streamFor(seed, 'ticket-messages', i);
      for (const u of list) {
        await message(rng, { serviceProviderId: providers[i].id, type: 'ticket_update', title: u.title, content: u.content, dedupeKey: `ticket:${u.ticketId}:${u.kind}`, createdAt: u.at, relatedCustomerId: u.customerId, relatedCustomerName: u.customerName, relatedTicketId: u.ticketId });
      }
    }
  });

  // ------------------------------------------------------------------ chat: conversations, then their messages (same plan, re-derived)
  const chatPlan = (c: PlannedCustomer) => planChat(seed, c, now);
  await collection(COLLECTIONS.chatConversations, customers.length, async (emit) => {
    for (const c of customers) {
      const chat = chatPlan(c);
      if (!chat) continue;
      const last = chat.messages[chat.messages.length - 1];
      await emit({
        _id: `conv_${c.id}`,
        serviceProviderId: providers[c.provider].id,
        customerId: c.id,
        customerName: c.name,
        lastMessage: last.content,
        lastSenderType: last.senderType,
        lastMessageAt: last.at,
        unreadCount: chat.waiting ? chat.messages.filter((m) => m.senderType === 'customer' && m.at >= chat.waiting!).length : 0,
        waitingSince: chat.waiting,
        status: 'open',
        escalatedTicketId: null,
        updatedAt: last.at,
      });
    }
  });
  await collection(COLLECTIONS.chatMessages, customers.length, async (emit) => {
    for (const c of customers) {
      const chat = chatPlan(c);
      if (!chat) continue;
      const p = providers[c.provider];
      const contact = makePerson(streamFor(seed, 'customer-contact', c.index));
      for (const [i, m] of chat.messages.entries()) {
        const id = `cm_${c.id}_${String(i + 1).padStart(3, '0')}`;
        const answered = !chat.waiting || m.at < chat.waiting;
        await emit({
          _id: id,
          serviceProviderId: p.id,
          serviceProviderName: p.name,
          customerId: c.id,
          customerName: c.name,
          senderType: m.senderType,
          senderName: m.senderType === 'customer' ? contact.name : p.users[1 + (i % 2)].person.name,
          content: m.content,
          status: m.senderType === 'customer' ? (answered ? 'read' : 'delivered') : i === chat.messages.length - 1 ? 'delivered' : 'read',
          externalMessageId: m.senderType === 'customer' ? `pc_${id}` : `pd_${id}`,
          timestamp: m.at,
        });
      }
    }
  });

  await sink.finish();
  return {
    counts,
    logins: providers.flatMap((p) => p.users.map((u) => ({ username: u.username, password: DEMO_PASSWORDS[u.role], role: u.role, provider: p.name }))),
    providers: providers.map((p) => ({ id: p.id, name: p.name })),
    invites: providers.map((p, i) => ({ provider: p.name, code: formatInviteCode(invites[i][0].code), expiresAt: invites[i][0].expiresAt })),
    elapsedMs: Date.now() - started,
  };
}

/** A 16-byte salt for the `index`-th account, from the run's seed alone. */
export function passwordSalt(seed: number, index: number): Buffer {
  const rng = streamFor(seed, 'password-salt', index);
  return Buffer.from(Array.from({ length: SALT_BYTES }, () => rng.int(0, 255)));
}

/**
 * Daily usage of one customer over `days` days up to today: seats in use × trend × weekday pattern ×
 * noise, nothing before purchase or after usage stopped; days without any use have no record.
 */
export function usageOf(c: PlannedCustomer, seed: number, today: Date, days: number): DailyUsage[] {
  const rng = streamFor(seed, 'usage', c.index);
  const records: DailyUsage[] = [];
  const seats = c.portCount > 0 ? c.portCount : 2; // unlicensed trial installs still see a little use
  const firstDay = chinaStartOfDay(c.purchaseDate);
  for (let ago = days - 1; ago >= 0; ago--) {
    const date = new Date(today.getTime() - ago * DAY);
    if (date.getTime() < firstDay || (c.usage.stoppedAt && date > c.usage.stoppedAt)) continue;
    const weekday = chinaWeekday(date);
    const weekend = weekday === 0 || weekday === 6 ? 0.15 : 1;
    const trend = Math.max(0.05, 1 + c.usage.slope * (days / 2 - ago));
    const activeUsers = Math.min(seats, Math.round(seats * c.usage.intensity * trend * weekend * rng.around(1, 0.2, 0.6, 1.4)));
    if (activeUsers <= 0) continue;
    records.push({
      date,
      activeUsers,
      logins: Math.round(activeUsers * rng.around(1.7, 0.6, 1, 3)),
      modulesUsed: Math.max(1, Math.min(12, Math.round(c.usage.modules * rng.around(1, 0.25, 0.5, 1.3)))),
      documentsCreated: Math.round(activeUsers * c.usage.documentsPerUser * rng.around(1, 0.35, 0.3, 1.8)),
    });
  }
  return records;
}

interface PlannedChat {
  messages: { senderType: 'customer' | 'service_provider'; content: string; at: Date }[];
  waiting: Date | null;
}

/** About a quarter of the customers consulted recently; some of those wait for an answer now. */
export function planChat(seed: number, c: PlannedCustomer, now: Date): PlannedChat | null {
  const rng = streamFor(seed, 'chat', c.index);
  if (!rng.chance(0.25)) return null;
  const exchanges = rng.int(1, 3);
  let at = now.getTime() - rng.int(1, 240) * 3600_000 - exchanges * 2 * 3600_000;
  const messages: PlannedChat['messages'] = [];
  let waiting: Date | null = null;
  for (let e = 0; e < exchanges; e++) {
    const [question, answer] = rng.pick(CHAT_EXCHANGES);
    at += rng.int(1, 30) * 60_000;
    messages.push({ senderType: 'customer', content: question, at: new Date(Math.min(at, now.getTime() - 60_000)) });
    const lastExchange = e === exchanges - 1;
    if (lastExchange && rng.chance(0.3)) {
      waiting = messages[messages.length - 1].at;
      break;
    }
    at += rng.int(2, 45) * 60_000;
    messages.push({ senderType: 'service_provider', content: answer, at: new Date(Math.min(at, now.getTime() - 30_000)) });
  }
  return { messages, waiting };
}

