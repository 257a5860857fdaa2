/**
 * The existing system's first data set, read from the running emulator through its console API
 * (`POST /api/collections/<c>/query`), not regenerated from packages/seed: the demo seed's dates are
 * relative to the moment `npm start` first ran (and admins may have imported or edited customers since),
 * so only the emulator's rows are sure to match. Then the first sync finds the same customers the product
 * holds and changes nothing, and every later edit here is a change a sync can be seen to carry over.
 *
 * The vendor's system holds contacts in clear; the product stores them encrypted with PD_FIELD_KEY, so
 * they are decrypted with the local key (.env.local, which `npm start` loads). Providers are named by their
 * `externalId` (the vendor's provider code: the demo seed gives SP01, SP02 …); a provider without one gets a
 * code derived from its id (`sp_s1_01` → `SP01`, what the demo's would be), and the page shows it.
 */
import { decryptField, FIELD_KEY_ENV } from '@partner-desk/shared/crypto/field-cipher';
import { existingSystemCustomerSchema, parseWith } from '@partner-desk/pc-protocol';
import type { CustomerRecord, ProviderRecord } from './state';

const PAGE = 1000;

type RelaxedDate = { $date: string } | string | null | undefined;

interface ProviderDoc {
  _id: string;
  name: string;
  externalId?: string;
}

interface CustomerDoc {
  _id: string;
  serviceProviderId: string;
  externalId: string;
  name: string;
  contactPerson: string;
  phone: string;
  email: string;
  region: string;
  industry?: string;
  softwareVersion: string;
  portCount: number;
  purchaseDate: RelaxedDate;
  expiryDate: RelaxedDate;
  lastActiveTime?: RelaxedDate;
  updatedAt: RelaxedDate;
}

/** A provider code for a provider the product knows no code of: `sp_s1_01` → `SP01`. */
export function derivedProviderCode(providerId: string): string {
  const digits = /(\d+)$/.exec(providerId)?.[1];
  return digits ? `SP${digits.padStart(2, '0')}` : `SP-${providerId}`;
}

const isoOf = (value: RelaxedDate): string | null => {
  if (value === null || value === undefined) return null;
  return new Date(typeof value === 'string' ? value : value.$date).toISOString();
};

async function queryAll<T>(consoleUrl: string, collection: string): Promise<T[]> {
  const documents: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const res = await fetch(`${consoleUrl}/api/collections/${collection}/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: {}, skip, limit: PAGE }),
    });
    const answer = (await res.json()) as { documents?: T[]; error?: { message: string } };
    if (!res.ok || !answer.documents) throw new Error(`控制台查询 ${collection} 失败 / console query of ${collection} failed: ${answer.error?.message ?? res.status}`);
    documents.push(...answer.documents);
    if (answer.documents.length < PAGE) return documents;
  }
}

export interface SeedData {
  providers: ProviderRecord[];
  customers: CustomerRecord[];
}

export async function loadFromEmulator(consoleUrl: string): Promise<SeedData> {
  if (!process.env[FIELD_KEY_ENV]) throw new Error(`需要 ${FIELD_KEY_ENV} 才能解密联系人 / ${FIELD_KEY_ENV} is needed to decrypt the customers' contacts (it is in .env.local)`);
  const [providerDocs, customerDocs] = await Promise.all([queryAll<ProviderDoc>(consoleUrl, 'providers'), queryAll<CustomerDoc>(consoleUrl, 'customers')]);
  const codes = new Map(providerDocs.map((p) => [p._id, p.externalId || derivedProviderCode(p._id)]));
  const providers = providerDocs.map((p) => ({ code: codes.get(p._id)!, name: p.name }));
  const customers = customerDocs.map((doc) => {
    const row = {
      externalId: doc.externalId,
      providerExternalId: codes.get(doc.serviceProviderId) ?? derivedProviderCode(doc.serviceProviderId),
      name: doc.name,
      contactPerson: decryptField(doc.contactPerson),
      phone: decryptField(doc.phone),
      email: decryptField(doc.email),
      region: doc.region,
      ...(doc.industry ? { industry: doc.industry } : {}),
      softwareVersion: doc.softwareVersion,
      portCount: doc.portCount,
      purchaseDate: isoOf(doc.purchaseDate),
      expiryDate: isoOf(doc.expiryDate),
      lastActiveTime: isoOf(doc.lastActiveTime),
      usage: null,
      updatedAt: isoOf(doc.updatedAt),
    };
    const parsed = parseWith(existingSystemCustomerSchema, row);
    if (!parsed.ok) throw new Error(`客户 ${doc.externalId} 不符合同步格式 / customer ${doc.externalId} is not a valid sync row: ${JSON.stringify(parsed.issues)}`);
    return parsed.value;
  });
  customers.sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
  return { providers: providers.sort((a, b) => (a.code < b.code ? -1 : 1)), customers };
}
