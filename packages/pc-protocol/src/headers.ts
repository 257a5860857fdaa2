/**
 * The three headers every request between us and the PC system carries, both directions (api-contract.md,
 * "PC-system protocol"; the Stripe / Chatwoot webhook pattern):
 *
 *   X-PD-Timestamp: <unix seconds>
 *   X-PD-Delivery:  <unique id, the same on every retry of one delivery>
 *   X-PD-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * Names and limits only (client-safe: no node built-in); signing.ts computes and checks signatures.
 */

export const TIMESTAMP_HEADER = 'X-PD-Timestamp';
export const DELIVERY_HEADER = 'X-PD-Delivery';
export const SIGNATURE_HEADER = 'X-PD-Signature';
export const SIGNATURE_PREFIX = 'sha256=';

/** A request whose timestamp is further than this from the receiver's clock, either way, is refused (401). */
export const SIGNATURE_TOLERANCE_S = 300;

/** What a delivery id may look like: ids travel in headers and logs, so no spaces, no control characters. */
export const DELIVERY_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The signed headers of one request, as signRequest() makes them. */
export type SignedHeaders = {
  'X-PD-Timestamp': string;
  'X-PD-Delivery': string;
  'X-PD-Signature': string;
};

/**
 * Request headers as the receivers meet them: node's IncomingHttpHeaders (lower-case names, arrays for
 * repeated headers), a CloudBase HTTP-trigger event's `headers` (names as the client sent them), or a
 * fetch `Headers`.
 */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/**
 * The values of one header, whatever the case of its name. Several values (a repeated header, or a
 * comma-joined `Headers` value) come back as they are; the caller decides what several means.
 */
export function headerValues(headers: HeaderSource, name: string): string[] {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name);
    return value === null ? [] : [value];
  }
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}
