import { inBusinessTz } from '../time';

/** The business day (Asia/Shanghai) a ticket number belongs to, as yyyymmdd. */
export function ticketDay(now: Date): string {
  return inBusinessTz(now).format('YYYYMMDD');
}

/** GD<yyyymmdd>-<n>, n zero-padded to 4 digits (a 10 000th ticket of a day simply gets 5). */
export function formatTicketNo(day: string, n: number): string {
  return `GD${day}-${String(n).padStart(4, '0')}`;
}

/** One counter document per provider per day. */
export function ticketCounterId(serviceProviderId: string, day: string): string {
  return `${serviceProviderId}_${day}`;
}
