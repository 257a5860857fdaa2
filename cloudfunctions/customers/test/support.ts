import { randomBytes } from 'node:crypto';
import { COLLECTIONS, type CustomerDoc, type TicketDoc, type UsageRecordDoc } from '@partner-desk/database';
import { addDays, encryptField, startOfBusinessDay } from '@partner-desk/shared';
import type { RunningEmulators } from '../../../emulator/src/suite';
import type { ClientRequestRecord } from '../../../emulator/src/types';
import type { SeededTenant } from '../../test-support/product-emulators';

let counter = 0;
export const uniqueId = (prefix: string) => `${prefix}_${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;

/** A customer of the tenant with sensible defaults; contact fields stored encrypted, as the product does. */
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
    updatedAt: new Date(now.getTime() - counter * 1000),
    ...rest,
  };
  await emu.database.insert(COLLECTIONS.customers, [doc]);
  return doc;
}

export async function addTicket(emu: RunningEmulators, customer: CustomerDoc, fields: Partial<TicketDoc> = {}): Promise<TicketDoc> {
  const now = new Date();
  const id = uniqueId('tk');
  const doc: TicketDoc = {
    _id: id,
    ticketNo: `GD20260101-${String(counter++).padStart(4, '0')}`,
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

export interface Operation {
  action: string;
  startedAt: number;
  endedAt: number;
}

/** One invocation as the hub serves it: database operations (server-side) and the worker's own timing of its requests. */
export interface InvocationSummary {
  operations: Operation[];
  clientRequests: ClientRequestRecord[];
  /** Sequential round trips counted from clientRequests by the emulator (countSequentialRoundTrips). */
  sequentialRoundTrips: number;
}

/** The last invocation of `fn`, from the hub's invocation log. */
export async function lastInvocation(emu: RunningEmulators, fn: string): Promise<InvocationSummary> {
  const list = (await fetch(`${emu.hubUrl}/functions/invocations?function=${fn}&limit=1`).then((r) => r.json())) as { invocations: InvocationSummary[] };
  return list.invocations[list.invocations.length - 1];
}
