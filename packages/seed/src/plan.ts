/**
 * The skeleton of a demo data set, held in memory because other collections refer to it: providers with
 * their accounts, and one small record per customer (id, owner, name, dates, usage profile). Everything
 * large (usage records, tickets, messages, chats) is streamed from these by the generator.
 */
import { deriveCustomerStatus } from '@partner-desk/shared/customers/status';
import type { CustomerStatus, UserRole } from '@partner-desk/contract';
import { chinaStartOfDay } from './china-time';
import { makePerson, type Person } from './people';
import { Prng, streamFor } from './prng';
import { CUSTOMER_BRANDS, INDUSTRIES, PORT_COUNTS, PROVIDER_KINDS, PROVIDER_WORDS, REGIONS, SOFTWARE_VERSIONS } from './vocabulary';

export const EXPIRING_DAYS = 30;
const DAY = 86400_000;
const daysAfter = (t: number | Date, days: number) => new Date(+t + days * DAY);
export const DEMO_PASSWORDS: Record<UserRole, string> = { admin: 'Admin@2026', agent: 'Kefu@2026' };

export interface PlannedUser {
  id: string;
  username: string;
  role: UserRole;
  person: Person;
}

export interface PlannedProvider {
  index: number;
  id: string;
  /** The vendor's provider code (SP01 …), what the PC system calls providerExternalId. */
  code: string;
  name: string;
  region: string;
  homeProvince: number;
  contact: Person;
  users: PlannedUser[];
  createdAt: Date;
}

export interface UsageProfile {
  /** Share of the licensed seats in use on a normal working day. */
  intensity: number;
  /** Relative change per day (trend over the 90 days). */
  slope: number;
  modules: number;
  documentsPerUser: number;
  /** Usage stops after this date (churned or expired), or null. */
  stoppedAt: Date | null;
}

export interface PlannedCustomer {
  index: number;
  id: string;
  provider: number;
  externalId: string;
  name: string;
  industry: string;
  region: string;
  softwareVersion: string;
  portCount: number;
  purchaseDate: Date;
  expiryDate: Date;
  status: CustomerStatus;
  createdAt: Date;
  usage: UsageProfile;
}

const regionLabel = (province: string, city: string) => (province === city ? `${city}市` : `${province}省${city}市`);

/** The demo providers' codes: SP01, SP02 … (the PC simulator names providers by them). */
export const providerCodeOf = (index: number): string => `SP${String(index + 1).padStart(2, '0')}`;

export function planProviders(seed: number, count: number, now: Date): PlannedProvider[] {
  const rng = new Prng(seed).fork('providers');
  const names = new Set<string>();
  const usernames = new Set<string>();
  const providers: PlannedProvider[] = [];
  for (let index = 0; index < count; index++) {
    const homeProvince = index < REGIONS.length ? index : rng.int(0, REGIONS.length - 1);
    const [city] = rng.pick(REGIONS[homeProvince].cities);
    let word = PROVIDER_WORDS[index % PROVIDER_WORDS.length];
    let name = `${city}${word[0]}${rng.pick(PROVIDER_KINDS)}有限公司`;
    for (let attempt = 0; names.has(name); attempt++) {
      word = rng.pick(PROVIDER_WORDS);
      name = `${city}${word[0]}${rng.pick(PROVIDER_KINDS)}有限公司${attempt > 5 ? `（${index + 1}）` : ''}`;
    }
    names.add(name);
    let slug = word[1];
    if (usernames.has(slug)) slug = `${slug}${index + 1}`;
    usernames.add(slug);
    const id = `sp_s${seed}_${String(index + 1).padStart(2, '0')}`;
    const users: PlannedUser[] = [
      { id: `${id}_admin`, username: `${slug}_admin`, role: 'admin', person: makePerson(rng) },
      { id: `${id}_kefu1`, username: `${slug}_kefu1`, role: 'agent', person: makePerson(rng) },
      { id: `${id}_kefu2`, username: `${slug}_kefu2`, role: 'agent', person: makePerson(rng) },
    ];
    providers.push({
      index,
      id,
      code: providerCodeOf(index),
      name,
      region: regionLabel(REGIONS[homeProvince].province, city),
      homeProvince,
      contact: users[0].person,
      users,
      createdAt: daysAfter(now, -rng.int(900, 1500)),
    });
  }
  return providers;
}

/** Days from now to expiry: a mix of expired, expiring within 30 days, and active for months or years. */
function expiryOffsetDays(rng: Prng): number {
  const kind = rng.weighted([
    ['expired', 12],
    ['expiring', 11],
    ['active', 77],
  ] as const);
  if (kind === 'expired') return -rng.int(1, 200);
  if (kind === 'expiring') return rng.int(0, EXPIRING_DAYS - 1);
  return rng.int(EXPIRING_DAYS, 1000);
}

export function planCustomer(seed: number, index: number, providers: PlannedProvider[], now: Date, names: Set<string>): PlannedCustomer {
  const rng = streamFor(seed, 'customers', index);
  // Earlier providers are bigger, as in any real channel.
  const provider = rng.weighted(providers.map((p) => [p.index, 1 / (1 + p.index * 0.35)] as const));
  const home = providers[provider].homeProvince;
  const province = rng.chance(0.8) ? REGIONS[home] : rng.pick(REGIONS);
  const [city] = rng.pick(province.cities);
  const industry = rng.pick(INDUSTRIES);
  let name = `${city}${rng.pick(CUSTOMER_BRANDS)}${rng.pick(industry.words)}${rng.pick(industry.forms)}`;
  if (names.has(name)) name = name.replace(/(有限公司|股份有限公司|连锁有限公司|集团有限公司|商行|中心|合作社|厂)$/, `$1${rng.pick(['城东', '城西', '高新区', '经开区', '滨江', '新区'])}分公司`);
  for (let n = 2; names.has(name); n++) name = `${name.replace(/（\d+）$/, '')}（${n}）`;
  names.add(name);

  const today = chinaStartOfDay(now);
  const expiryDate = daysAfter(today, expiryOffsetDays(rng) + 1);
  expiryDate.setTime(expiryDate.getTime() - 1000); // 23:59:59 China time
  const daysToExpiry = Math.round((expiryDate.getTime() - now.getTime()) / 86400_000);
  const termYears = Math.max(rng.weighted([[1, 6], [2, 2], [3, 2]] as const), Math.ceil((daysToExpiry + 60) / 365));
  const purchaseDate = new Date(chinaStartOfDay(daysAfter(expiryDate, -termYears * 365)) + rng.int(9, 17) * 3600_000);
  const status = deriveCustomerStatus(expiryDate, now, EXPIRING_DAYS);

  // Usage: expired customers stop within days of expiry; a few active ones drift away too.
  let stoppedAt: Date | null = null;
  if (status === 'expired') stoppedAt = daysAfter(expiryDate, rng.int(0, 10));
  else if (rng.chance(0.07)) stoppedAt = daysAfter(today, -rng.int(3, 60));

  return {
    index,
    id: `cu_s${seed}_${String(index + 1).padStart(6, '0')}`,
    provider,
    externalId: `K${String(100000 + index * 7 + (seed % 7)).padStart(8, '0')}`,
    name,
    industry: industry.name,
    region: regionLabel(province.province, city),
    softwareVersion: rng.weighted(SOFTWARE_VERSIONS),
    portCount: rng.weighted(PORT_COUNTS),
    purchaseDate,
    expiryDate,
    status,
    createdAt: purchaseDate,
    usage: {
      intensity: rng.around(0.45, 0.45, 0.03, 1),
      slope: rng.around(0, 0.006, -0.012, 0.012),
      modules: rng.int(1, 10),
      documentsPerUser: rng.around(4, 3.5, 0.2, 12),
      stoppedAt,
    },
  };
}

export function planCustomers(seed: number, count: number, providers: PlannedProvider[], now: Date): PlannedCustomer[] {
  const names = new Set<string>();
  return Array.from({ length: count }, (_, i) => planCustomer(seed, i, providers, now, names));
}
