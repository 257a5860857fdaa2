/**
 * A customer as the vendor's system describes it, in the one shape every way in shares (admin import
 * rows, the PC system's customer.upserted, the sync's rows): seed §4.1 fields in clear, dates parsed, and
 * what the source adds (the day's usage, a version). upsert.ts stores it. Pure.
 */
import type { CustomerImportRow } from '@partner-desk/contract';
import type { ExistingSystemCustomer, VendorCustomer } from '@partner-desk/pc-protocol';
import { parseImportDate } from '../admin/customer-import';
import type { DailyUsage } from './usage-score';

export interface VendorCustomerInput {
  externalId: string;
  name: string;
  contactPerson: string;
  phone: string;
  email: string;
  region: string;
  industry?: string;
  softwareVersion: string;
  portCount: number;
  purchaseDate: Date;
  expiryDate: Date;
  /** undefined: keep what is stored. */
  lastActiveTime?: Date | null;
  /** An import may carry a score; otherwise the score is kept or computed from usage. */
  usageScore?: number;
  /** The latest day's usage (the sync carries it): stored, and the score recomputed. */
  usage?: DailyUsage | null;
  /**
   * The vendor's version of these values (a sync row's updatedAt, a customer.upserted's occurredAt): a
   * version not newer than the one stored changes nothing. Absent (import): always applied.
   */
  version?: Date;
}

/** The vendor's rows name dates as calendar days (China) or full times; the import's rule reads both. */
function vendorFields(row: VendorCustomer): VendorCustomerInput {
  const input: VendorCustomerInput = {
    externalId: row.externalId,
    name: row.name,
    contactPerson: row.contactPerson,
    phone: row.phone,
    email: row.email,
    region: row.region,
    softwareVersion: row.softwareVersion,
    portCount: row.portCount,
    purchaseDate: parseImportDate(row.purchaseDate),
    expiryDate: parseImportDate(row.expiryDate),
  };
  if (row.industry !== undefined && row.industry !== '') input.industry = row.industry;
  return input;
}

export function fromImportRow(row: CustomerImportRow): VendorCustomerInput {
  const input = vendorFields({ ...row, providerExternalId: '' });
  if (row.lastActiveTime !== undefined) input.lastActiveTime = row.lastActiveTime === null ? null : parseImportDate(row.lastActiveTime);
  if (row.usageScore !== undefined) input.usageScore = row.usageScore;
  return input;
}

/** customer.upserted: the event's occurredAt is the version. */
export function fromUpsertedEvent(row: VendorCustomer, occurredAt: string): VendorCustomerInput {
  return { ...vendorFields(row), version: new Date(occurredAt) };
}

/** A row of the existing system's GET /customers: its updatedAt is the version, its usage the day's figures. */
export function fromSyncRow(row: ExistingSystemCustomer): VendorCustomerInput {
  const input: VendorCustomerInput = { ...vendorFields(row), version: new Date(row.updatedAt) };
  if (row.lastActiveTime !== undefined) input.lastActiveTime = row.lastActiveTime === null ? null : parseImportDate(row.lastActiveTime);
  if (row.usage) {
    const { date, ...figures } = row.usage;
    input.usage = { date: parseImportDate(date), ...figures };
  }
  return input;
}

/** Why a row can't be stored though its fields are each valid (the import's rule): null when it can. */
export function vendorCustomerProblem(input: Pick<VendorCustomerInput, 'purchaseDate' | 'expiryDate'>): string | null {
  return input.expiryDate < input.purchaseDate ? '到期日期早于购买日期' : null;
}
