/**
 * Caller attribution from the TC3-HMAC-SHA256 Authorization header the server SDKs send:
 *   `TC3-HMAC-SHA256 Credential=<secretId>/<date>/tcb/tc3_request, SignedParams=…, SignedHeaders=…, Signature=…`
 * The emulator ignores the signature; the secret id tells which function worker made the call.
 */
import type { IncomingHttpHeaders } from 'node:http';

const CREDENTIAL = /Credential=([^/,\s]+)\//;

/** Secret id from a TC3 Authorization header value, or undefined (Bearer tokens and junk included). */
export function parseTc3SecretId(authorization: string | string[] | undefined): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  if (typeof value !== 'string' || !value.startsWith('TC3-HMAC-SHA256')) return undefined;
  const match = CREDENTIAL.exec(value);
  return match ? decodeURIComponent(match[1]) : undefined;
}

export function secretIdFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  try {
    return parseTc3SecretId(headers.authorization);
  } catch {
    return undefined; // malformed percent-encoding
  }
}
