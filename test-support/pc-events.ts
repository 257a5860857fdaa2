/**
 * The PC system as product tests play it: signed requests to our gateway (`POST <HTTP access>/pc/events`,
 * the HTTP access emulator, as the PC side reaches it), built with the protocol package.
 */
import type { InboundEvent } from '@partner-desk/pc-protocol';
import { newDeliveryId, signRequest } from '@partner-desk/pc-protocol/signing';
import type { RunningEmulators } from '../emulator/src/suite';

/** Where the PC system posts its events: the HTTP access emulator's `/pc/events`. */
export const gatewayUrl = (emu: RunningEmulators): string => `${emu.http.getInfo()!.url}/pc/events`;

export interface PcPostOptions {
  deliveryId?: string;
  /** Unix seconds to sign with (default now). */
  timestamp?: number;
  /** Sign with another secret (default PD_PC_SECRET, as the functions have it). */
  secret?: string;
  /** Send these bytes instead of the event's JSON (signed as they are). */
  raw?: string;
  /** Headers over the signed ones (drop one with an empty string). */
  headers?: Record<string, string>;
  method?: string;
}

export interface PcAnswer {
  status: number;
  body: any;
  deliveryId: string;
}

/** POSTs `event` to the gateway, signed with the shared secret; answers the status and JSON body. */
export async function postPcEvent(emu: RunningEmulators, event: InboundEvent | Record<string, unknown> | null, options: PcPostOptions = {}): Promise<PcAnswer> {
  const body = options.raw ?? JSON.stringify(event);
  const deliveryId = options.deliveryId ?? newDeliveryId();
  const signed: Record<string, string> = { ...signRequest(options.secret ?? process.env.PD_PC_SECRET!, body, { deliveryId, timestamp: options.timestamp }) };
  const headers: Record<string, string> = { 'content-type': 'application/json', ...signed, ...options.headers };
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
  const method = options.method ?? 'POST';
  const res = await fetch(gatewayUrl(emu), { method, headers, body: method === 'GET' ? undefined : body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, deliveryId };
}
