import { type CustomerDoc, type TicketDoc } from '@partner-desk/database';
import { LABELS } from '@partner-desk/contract';
import { decryptOptional, maskEmail, maskName, maskPhone } from '../crypto/field-cipher';
import { businessDaysBetween, toIso } from '../time';
import type { CustomerDetail, CustomerListItem, CustomerTicketItem, CustomerTicketSummary, Licence, RevealContactResult } from '@partner-desk/contract';

/** Fields the list reads: no email, no timestamps it doesn't show. */
export const LIST_FIELDS = {
  _id: true,
  name: true,
  region: true,
  industry: true,
  softwareVersion: true,
  portCount: true,
  status: true,
  usageScore: true,
  unresolvedIssues: true,
  expiryDate: true,
  contactPerson: true,
  phone: true,
  lastActiveTime: true,
} as const;

export type CustomerListRow = Pick<CustomerDoc, Exclude<keyof typeof LIST_FIELDS, 'industry'>> & { industry?: string };

export function toCustomerListItem(doc: CustomerListRow): CustomerListItem {
  return {
    id: doc._id,
    name: doc.name,
    region: doc.region,
    industry: doc.industry ?? null,
    softwareVersion: doc.softwareVersion,
    portCount: doc.portCount,
    status: doc.status,
    statusLabel: LABELS.customerStatus[doc.status],
    usageScore: doc.usageScore,
    unresolvedIssues: doc.unresolvedIssues,
    hasUnresolved: doc.unresolvedIssues > 0,
    expiryDate: toIso(doc.expiryDate)!,
    contactPerson: maskName(decryptOptional(doc.contactPerson)),
    phone: maskPhone(decryptOptional(doc.phone)),
    lastActiveTime: toIso(doc.lastActiveTime),
  };
}

/** The detail shows contacts masked; the clear ones come from customers.revealContact, which is audited. */
export function toCustomerDetail(doc: CustomerDoc): CustomerDetail {
  return {
    id: doc._id,
    externalId: doc.externalId,
    name: doc.name,
    contactPerson: maskName(decryptOptional(doc.contactPerson)),
    phone: maskPhone(decryptOptional(doc.phone)),
    email: maskEmail(decryptOptional(doc.email)),
    region: doc.region,
    industry: doc.industry ?? null,
    softwareVersion: doc.softwareVersion,
    portCount: doc.portCount,
    purchaseDate: toIso(doc.purchaseDate)!,
    expiryDate: toIso(doc.expiryDate)!,
    status: doc.status,
    statusLabel: LABELS.customerStatus[doc.status],
    serviceProviderId: doc.serviceProviderId,
    serviceProviderName: doc.serviceProviderName,
    usageScore: doc.usageScore,
    unresolvedIssues: doc.unresolvedIssues,
    lastActiveTime: toIso(doc.lastActiveTime),
    createdAt: toIso(doc.createdAt)!,
    updatedAt: toIso(doc.updatedAt)!,
  };
}

export const CONTACT_FIELDS = { _id: true, name: true, contactPerson: true, phone: true, email: true } as const;

export const toClearContact = (doc: Pick<CustomerDoc, 'contactPerson' | 'phone' | 'email'>): RevealContactResult => ({
  contactPerson: decryptOptional(doc.contactPerson),
  phone: decryptOptional(doc.phone),
  email: decryptOptional(doc.email),
});

/** The software and licence card: days left counted in China calendar days (0 on the last day, negative once expired). */
export function toLicence(doc: Pick<CustomerDoc, 'softwareVersion' | 'portCount' | 'purchaseDate' | 'expiryDate' | 'status'>, now: Date): Licence {
  return {
    softwareVersion: doc.softwareVersion,
    portCount: doc.portCount,
    purchaseDate: toIso(doc.purchaseDate)!,
    expiryDate: toIso(doc.expiryDate)!,
    daysLeft: businessDaysBetween(now, new Date(doc.expiryDate)),
    status: doc.status,
    statusLabel: LABELS.customerStatus[doc.status],
  };
}

export const TICKET_SUMMARY_FIELDS = { _id: true, ticketNo: true, title: true, status: true, type: true, createdAt: true } as const;
export const TICKET_ITEM_FIELDS = { ...TICKET_SUMMARY_FIELDS, priority: true, escalationStatus: true, assigneeName: true, updatedAt: true, resolvedAt: true } as const;

export function toTicketSummary(doc: Pick<TicketDoc, keyof typeof TICKET_SUMMARY_FIELDS>): CustomerTicketSummary {
  return { id: doc._id, ticketNo: doc.ticketNo, title: doc.title, status: doc.status, type: doc.type, createdAt: toIso(doc.createdAt)! };
}

export function toTicketItem(doc: Pick<TicketDoc, keyof typeof TICKET_ITEM_FIELDS>): CustomerTicketItem {
  return {
    ...toTicketSummary(doc),
    priority: doc.priority,
    escalationStatus: doc.escalationStatus,
    assigneeName: doc.assigneeName ?? null,
    updatedAt: toIso(doc.updatedAt)!,
    resolvedAt: toIso(doc.resolvedAt),
  };
}
