/**
 * Arranging product tests: tenants with signed-in users, customers, tickets and usage, written straight
 * into the emulator's database engine (so each domain's tests stand on their own), as the product would
 * store them (contact fields encrypted, the same document shapes).
 */
import type { UserRole } from '@partner-desk/contract';
import { COLLECTIONS, type CustomerDoc, type ProviderDoc, type TicketDoc, type UsageRecordDoc, type UserDoc } from '@partner-desk/database';
import { addDays, encryptField, hashPassword, startOfBusinessDay } from '@partner-desk/shared';
import type { RunningEmulators } from '../emulator/src/suite';
import { uniqueId } from './ids';

export interface SeededTenant {
  provider: ProviderDoc;
  users: Record<string, UserDoc & { password: string }>;
}

/**
 * A provider with accounts (`username → role`), all with password `Passw0rd!<username>`, and a vendor's
 * provider code (`provider.externalId`, claimed in provider_codes as admin.createProvider claims it).
 */
export async function seedTenant(emu: RunningEmulators, name: string, accounts: Record<string, UserRole> = { [`${name}-admin`]: 'admin' }): Promise<SeededTenant> {
  const now = new Date();
  const code = uniqueId('SP', '-');
  const provider: ProviderDoc = {
    _id: uniqueId('sp'),
    name,
    contactPerson: encryptField(`${name}联系人`),
    phone: encryptField('13800000000'),
    email: encryptField('contact@example.com'),
    region: '上海',
    externalId: code,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  await emu.database.insert(COLLECTIONS.providers, [provider]);
  await emu.database.insert(COLLECTIONS.providerCodes, [{ _id: code, providerId: provider._id, createdAt: now }]);
  const users: SeededTenant['users'] = {};
  for (const [username, role] of Object.entries(accounts)) {
    const password = `Passw0rd!${username}`;
    const user: UserDoc = {
      _id: uniqueId('u'),
      serviceProviderId: provider._id,
      username,
      passwordHash: await hashPassword(password),
      name: `${username}（${role === 'admin' ? '管理员' : '客服'}）`,
      role,
      status: 'active',
      notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true },
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    await emu.database.insert(COLLECTIONS.users, [user]);
    users[username] = { ...user, password };
  }
  return { provider, users };
}

/** Binds a WeChat OPENID to a user as auth.login would, without going through it. */
export async function signInAs(emu: RunningEmulators, openId: string, user: Pick<UserDoc, '_id' | 'serviceProviderId' | 'role' | 'name'>): Promise<void> {
  const now = new Date();
  const key = `wx:${openId}`;
  await emu.database.update(
    COLLECTIONS.sessions,
    { _id: key },
    { _id: key, identityType: 'wechat', userId: user._id, serviceProviderId: user.serviceProviderId, role: user.role, userName: user.name, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 7 * 86400_000) },
    { multi: false, upsert: true, merge: false },
  );
  await emu.database.update(
    COLLECTIONS.userSignals,
    { _id: key },
    { _id: key, _openid: openId, serviceProviderId: user.serviceProviderId, userId: user._id, messages: 0, tickets: 0, chat: 0, customers: 0, updatedAt: now },
    { multi: false, upsert: true, merge: false },
  );
}

let customersAdded = 0;

/** A customer of the tenant with sensible defaults; contact fields given in clear and stored encrypted, as the product does. */
export async function addCustomer(
  emu: RunningEmulators,
  tenant: SeededTenant,
  fields: Partial<Omit<CustomerDoc, 'contactPerson' | 'phone' | 'email'>> & { contactPerson?: string; phone?: string; email?: string } = {},
): Promise<CustomerDoc> {
  const now = new Date();
  const { contactPerson = '王建华', phone = '13812345678', email = 'wang.jianhua@example.com', ...rest } = fields;
  const doc: CustomerDoc = {
    _id: uniqueId('cu'),
    serviceProviderId: tenant.provider._id,
    serviceProviderName: tenant.provider.name,
    externalId: uniqueId('ext'),
    name: '杭州宏达机械制造有限公司',
    contactPerson: encryptField(contactPerson),
    phone: encryptField(phone),
    email: encryptField(email),
    region: '浙江省杭州市',
    industry: '制造',
    softwareVersion: 'V9.0 专业版',
    portCount: 10,
    purchaseDate: addDays(now, -300),
    expiryDate: addDays(now, 65),
    status: 'active',
    usageScore: 60,
    unresolvedIssues: 0,
    lastActiveTime: addDays(now, -1),
    createdAt: addDays(now, -300),
    // Distinct, so "recently updated first" lists have one order.
    updatedAt: new Date(now.getTime() - ++customersAdded * 1000),
    ...rest,
  };
  await emu.database.insert(COLLECTIONS.customers, [doc]);
  return doc;
}

let ticketsAdded = 0;

export async function addTicket(emu: RunningEmulators, customer: CustomerDoc, fields: Partial<TicketDoc> = {}): Promise<TicketDoc> {
  const now = new Date();
  const id = uniqueId('tk');
  const doc: TicketDoc = {
    _id: id,
    ticketNo: `GD20260101-${String(++ticketsAdded).padStart(4, '0')}`,
    serviceProviderId: customer.serviceProviderId,
    customerId: customer._id,
    customerName: customer.name,
    title: '打印模板设置后不生效',
    content: '修改打印模板后重新打印仍是旧格式。',
    type: 'system_issue',
    priority: 'normal',
    status: 'open',
    escalationStatus: 'normal',
    escalationReason: null,
    escalatedAt: null,
    assigneeId: null,
    assigneeName: null,
    images: [],
    source: 'provider',
    processingHistory: [{ id: `${id}_h1`, operatorId: 'u1', operatorName: '李娜', action: 'create', content: '创建工单', timestamp: now }],
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    ...fields,
  };
  await emu.database.insert(COLLECTIONS.tickets, [doc]);
  return doc;
}

/** Daily usage for `days` days ending today. */
export async function addUsage(emu: RunningEmulators, customer: CustomerDoc, days: number, figures: Pick<UsageRecordDoc, 'activeUsers' | 'logins' | 'modulesUsed' | 'documentsCreated'>) {
  const today = startOfBusinessDay(new Date());
  const docs: UsageRecordDoc[] = Array.from({ length: days }, (_, i) => ({
    _id: uniqueId('ur'),
    serviceProviderId: customer.serviceProviderId,
    customerId: customer._id,
    date: addDays(today, -i),
    ...figures,
  }));
  await emu.database.insert(COLLECTIONS.usageRecords, docs);
}

/** What the ticket, message and chat tests arrange: a provider with signed-in users and customers. */
export interface Desk {
  tenant: SeededTenant;
  /** username → OPENID signed in as that user. */
  openIds: Record<string, string>;
  customers: CustomerDoc[];
}

/** A provider named `name` with the given accounts all signed in, and `customerCount` customers named `<name>客户<n>`. */
export async function seedDesk(emu: RunningEmulators, name: string, accounts: Record<string, UserRole>, customerCount = 2): Promise<Desk> {
  const tenant = await seedTenant(emu, name, accounts);
  const openIds: Record<string, string> = {};
  for (const [username, user] of Object.entries(tenant.users)) {
    openIds[username] = uniqueId(`o-${username}`, '-');
    await signInAs(emu, openIds[username], user);
  }
  const customers: CustomerDoc[] = [];
  for (let i = 0; i < customerCount; i++) customers.push(await addCustomer(emu, tenant, { name: `${name}客户${i + 1}` }));
  return { tenant, openIds, customers };
}

/** A payload string far beyond any field's bound: every action must refuse it with INVALID_ARGUMENT. */
export const HUGE = 'x'.repeat(1024 * 1024);
