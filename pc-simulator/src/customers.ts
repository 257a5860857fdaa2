/**
 * The existing system's customer data set: the page of `GET /customers` the sync reads, and the edits
 * the simulator's page makes. Pure functions over the records; every edit stamps `updatedAt` so the next
 * sync picks the customer up, and stamps are strictly increasing (never two customers at one instant,
 * never earlier than a stamp handed out before), so "updatedAt >= cursor" paging never loses an edit.
 */
import * as z from 'zod';
import {
  customerImportRowSchema,
} from '@partner-desk/contract';
import {
  dailyUsageSchema,
  existingSystemCustomerSchema,
  parseWith,
  providerExternalIdSchema,
  type CustomerPage,
  type CustomerPageQuery,
} from '@partner-desk/pc-protocol';
import { chinaDateOf, chinaDayBoundary } from './china-time';
import { conflict, invalid, notFound } from './errors';
import type { CustomerRecord, ProviderRecord } from './state';

const byUpdatedThenId = (a: CustomerRecord, b: CustomerRecord) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);

/** `GET /customers`: updatedAt >= updatedSince (inclusive), ordered by updatedAt then externalId, page from 1. */
export function pageOfCustomers(customers: readonly CustomerRecord[], query: CustomerPageQuery): CustomerPage {
  const since = query.updatedSince ? Date.parse(query.updatedSince) : -Infinity;
  const matching = customers.filter((c) => Date.parse(c.updatedAt) >= since).sort(byUpdatedThenId);
  const start = (query.page - 1) * query.pageSize;
  return { customers: matching.slice(start, start + query.pageSize), hasMore: start + query.pageSize < matching.length };
}

/** The next updatedAt: now, or 1 ms after the newest stamp so far when the clock has not moved past it. */
export function nextStamp(customers: readonly CustomerRecord[], now: Date): string {
  const newest = customers.reduce((max, c) => Math.max(max, Date.parse(c.updatedAt)), -Infinity);
  return new Date(Math.max(now.getTime(), newest + 1)).toISOString();
}

/** A date field as the page sends it: a China calendar day (`2027-03-31`) or a full ISO time. */
const dayOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const row = customerImportRowSchema.shape;
/** What the page may change; every field optional, the merged record is validated as the sync would. */
export const customerEditSchema = z
  .object({
    providerExternalId: providerExternalIdSchema,
    name: row.name,
    contactPerson: row.contactPerson,
    phone: row.phone,
    email: row.email,
    region: row.region,
    industry: z.string().trim().max(32),
    softwareVersion: row.softwareVersion,
    portCount: row.portCount,
    purchaseDate: dayOrTime,
    expiryDate: dayOrTime,
    lastActiveTime: z.iso.datetime({ offset: true }).nullable(),
    usage: dailyUsageSchema.nullable(),
  })
  .partial()
  .strict();
export type CustomerEdit = z.input<typeof customerEditSchema>;

export const newCustomerSchema = customerEditSchema.extend({
  externalId: row.externalId.optional(),
});

/**
 * A day from the form keeps the stored time when it names the same China day (an unchanged field must not
 * move), otherwise becomes that day's first (purchase) or last (expiry) second, as the demo data has them.
 */
function resolveDay(value: string | undefined, current: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (value === undefined) return current;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value).toISOString();
  if (current && chinaDateOf(current) === value) return current;
  return chinaDayBoundary(value, edge);
}

function parseEdit<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = parseWith(schema, input);
  if (!parsed.ok) throw invalid(`客户资料有误：${parsed.issues.map((i) => `${i.path} ${i.message}`).join('；')}`, parsed.issues);
  return parsed.value;
}

function finish(merged: Record<string, unknown>): CustomerRecord {
  if (merged.industry === '') delete merged.industry;
  const checked = parseWith(existingSystemCustomerSchema, merged);
  if (!checked.ok) throw invalid(`客户资料有误：${checked.issues.map((i) => `${i.path} ${i.message}`).join('；')}`, checked.issues);
  return checked.value;
}

/** Applies an edit from the page to the customer with this externalId; answers the new record. */
export function editCustomer(customers: CustomerRecord[], externalId: string, input: unknown, now: Date): CustomerRecord {
  const index = customers.findIndex((c) => c.externalId === externalId);
  if (index < 0) throw notFound(`现有系统中没有客户 ${externalId}`);
  const edit = parseEdit(customerEditSchema, input);
  const current = customers[index];
  const updated = finish({
    ...current,
    ...edit,
    purchaseDate: resolveDay(edit.purchaseDate, current.purchaseDate, 'start'),
    expiryDate: resolveDay(edit.expiryDate, current.expiryDate, 'end'),
    updatedAt: nextStamp(customers, now),
  });
  customers[index] = updated;
  return updated;
}

/** The next free id of the `K<8 digits>` kind the demo data uses. */
export function nextExternalId(customers: readonly CustomerRecord[]): string {
  const highest = customers.reduce((max, c) => (/^K\d{8}$/.test(c.externalId) ? Math.max(max, Number(c.externalId.slice(1))) : max), 100_000);
  return `K${String(highest + 1).padStart(8, '0')}`;
}

/** Adds a customer for a provider code (known or not: an unknown one shows how the product parks it). */
export function addCustomer(customers: CustomerRecord[], input: unknown, now: Date): CustomerRecord {
  const fields = parseEdit(newCustomerSchema, input);
  const externalId = fields.externalId ?? nextExternalId(customers);
  if (customers.some((c) => c.externalId === externalId)) throw conflict(`客户编号 ${externalId} 已存在`);
  const missing = (['providerExternalId', 'name', 'contactPerson', 'phone', 'email', 'region', 'softwareVersion', 'portCount', 'purchaseDate', 'expiryDate'] as const).filter((f) => fields[f] === undefined);
  if (missing.length) throw invalid(`新增客户缺少：${missing.join('、')}`, missing.map((path) => ({ path, message: '必填' })));
  const created = finish({
    ...fields,
    externalId,
    purchaseDate: resolveDay(fields.purchaseDate, undefined, 'start'),
    expiryDate: resolveDay(fields.expiryDate, undefined, 'end'),
    lastActiveTime: fields.lastActiveTime ?? null,
    usage: fields.usage ?? null,
    updatedAt: nextStamp(customers, now),
  });
  customers.push(created);
  return created;
}

export interface CustomerListQuery {
  q?: string;
  provider?: string;
  page: number;
  pageSize: number;
}

/** The page's table: a keyword over name and id, a provider code, newest edits first. */
export function listCustomers(customers: readonly CustomerRecord[], providers: readonly ProviderRecord[], query: CustomerListQuery) {
  const keyword = query.q?.trim().toLowerCase();
  const rows = customers
    .filter((c) => (!keyword || c.name.toLowerCase().includes(keyword) || c.externalId.toLowerCase().includes(keyword)) && (!query.provider || c.providerExternalId === query.provider))
    .sort((a, b) => byUpdatedThenId(b, a));
  const start = (query.page - 1) * query.pageSize;
  const names = new Map(providers.map((p) => [p.code, p.name]));
  return {
    customers: rows.slice(start, start + query.pageSize).map((c) => ({ ...c, providerName: names.get(c.providerExternalId) ?? null })),
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}
