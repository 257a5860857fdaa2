/**
 * Signing and checking requests of the PC-system protocol (node only: node:crypto). Both directions sign
 * the same way with one shared secret (PD_PC_SECRET):
 *
 *   X-PD-Signature: sha256=<hex HMAC-SHA256(secret, "<X-PD-Timestamp>.<raw body>")>
 *
 * over the body's exact bytes as sent (a GET signs the empty body). What a receiver refuses, and with what:
 *   401  a missing, repeated or malformed header; a signature that doesn't match (compared in constant
 *        time); a timestamp more than 300 s from the receiver's clock, either way (a replay window);
 *   400  (when a body schema is given) a body that is not JSON or not a valid event, with every issue.
 * Both change nothing on the receiver's side; the caller answers the status with `{ error: { code, message, issues? } }`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod';
import { DELIVERY_HEADER, DELIVERY_ID_PATTERN, headerValues, SIGNATURE_HEADER, SIGNATURE_PREFIX, SIGNATURE_TOLERANCE_S, TIMESTAMP_HEADER, type HeaderSource, type SignedHeaders } from './headers';
import { parseWith, type ProtocolIssue } from './issues';

export type RawBody = string | Uint8Array;

/** A receiver or sender configured without a secret: a deployment mistake, never a caller's. */
export class MissingSecretError extends Error {
  override name = 'MissingSecretError';
  constructor() {
    super('PD_PC_SECRET 未配置 / the PC-system shared secret is empty: set PD_PC_SECRET');
  }
}

function requireSecrets(secrets: string | readonly string[]): readonly string[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s.length === 0)) throw new MissingSecretError();
  return list;
}

/** The hex HMAC-SHA256 of `"<timestamp>.<raw body>"` under `secret` (without the `sha256=` prefix). */
export function computeSignature(secret: string, timestamp: string | number, rawBody: RawBody): string {
  requireSecrets(secret);
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** A new delivery id: unique per delivery, kept by the sender for every retry of it. */
export function newDeliveryId(): string {
  return `dlv_${randomUUID()}`;
}

export interface SignOptions {
  /** Unix seconds (default: now). */
  timestamp?: number;
  /** The delivery's id; pass the same one on every retry (default: a new one). */
  deliveryId?: string;
}

/** The three headers of one request carrying `body` (the exact bytes about to be sent; "" for a GET). */
export function signRequest(secret: string, body: RawBody, options: SignOptions = {}): SignedHeaders {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`timestamp must be unix seconds, got ${timestamp}`);
  const deliveryId = options.deliveryId ?? newDeliveryId();
  if (!DELIVERY_ID_PATTERN.test(deliveryId)) throw new RangeError(`delivery id must match ${DELIVERY_ID_PATTERN}, got ${JSON.stringify(deliveryId)}`);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [DELIVERY_HEADER]: deliveryId,
    [SIGNATURE_HEADER]: `${SIGNATURE_PREFIX}${computeSignature(secret, timestamp, body)}`,
  } as SignedHeaders;
}

export type UnauthorizedCode = 'MISSING_SIGNATURE_HEADER' | 'MALFORMED_SIGNATURE_HEADER' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP';
export type MalformedCode = 'INVALID_JSON' | 'INVALID_EVENT';

export interface Unauthorized {
  ok: false;
  status: 401;
  code: UnauthorizedCode;
  reason: string;
}

export interface Malformed {
  ok: false;
  status: 400;
  code: MalformedCode;
  reason: string;
  issues: ProtocolIssue[];
  /** The request was signed: its delivery id is known. */
  deliveryId: string;
}

export interface Verified<T> {
  ok: true;
  deliveryId: string;
  /** Unix seconds, as signed. */
  timestamp: number;
  /** The parsed body (undefined when no schema was given). */
  body: T;
}

export type Verification<T> = Verified<T> | Unauthorized | Malformed;

const unauthorized = (code: UnauthorizedCode, reason: string): Unauthorized => ({ ok: false, status: 401, code, reason });

/** The one value of a header, or the refusal: missing, or given more than once. */
function singleHeader(headers: HeaderSource, name: string): string | Unauthorized {
  const values = headerValues(headers, name);
  if (values.length === 0) return unauthorized('MISSING_SIGNATURE_HEADER', `缺少请求头 ${name} / missing header ${name}`);
  if (values.length > 1) return unauthorized('MALFORMED_SIGNATURE_HEADER', `请求头 ${name} 重复 / header ${name} given ${values.length} times`);
  return values[0].trim();
}

/** Constant-time: the time taken does not depend on how many leading characters match. */
function signatureMatches(secrets: readonly string[], timestamp: string, rawBody: RawBody, givenHex: string): boolean {
  const given = Buffer.from(givenHex, 'hex');
  let match = false;
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, timestamp, rawBody), 'hex');
    // Every secret is tried (no early exit), so rotation with several secrets leaks nothing either.
    if (timingSafeEqual(expected, given)) match = true;
  }
  return match;
}

/**
 * Checks a request's signature and timestamp against `secrets` (one, or several while the secret is
 * rotated) at `now`; with `schema`, also parses the body as JSON and validates it.
 */
export function verifyRequest(secrets: string | readonly string[], headers: HeaderSource, rawBody: RawBody, now?: Date): Verification<undefined>;
export function verifyRequest<S extends z.ZodType>(secrets: string | readonly string[], headers: HeaderSource, rawBody: RawBody, now: Date | undefined, schema: S): Verification<z.output<S>>;
export function verifyRequest(secrets: string | readonly string[], headers: HeaderSource, rawBody: RawBody, now: Date = new Date(), schema?: z.ZodType): Verification<unknown> {
  const keys = requireSecrets(secrets);
  const timestamp = singleHeader(headers, TIMESTAMP_HEADER);
  if (typeof timestamp !== 'string') return timestamp;
  const deliveryId = singleHeader(headers, DELIVERY_HEADER);
  if (typeof deliveryId !== 'string') return deliveryId;
  const signature = singleHeader(headers, SIGNATURE_HEADER);
  if (typeof signature !== 'string') return signature;

  if (!/^\d{1,12}$/.test(timestamp)) {
    return unauthorized('MALFORMED_SIGNATURE_HEADER', `${TIMESTAMP_HEADER} 必须是 Unix 秒数 / ${TIMESTAMP_HEADER} must be unix seconds, got ${JSON.stringify(timestamp.slice(0, 40))}`);
  }
  if (!DELIVERY_ID_PATTERN.test(deliveryId)) {
    return unauthorized('MALFORMED_SIGNATURE_HEADER', `${DELIVERY_HEADER} 格式不正确 / ${DELIVERY_HEADER} must be 1–128 of A–Z a–z 0–9 _ . : -`);
  }
  const signed = /^sha256=([0-9a-f]{64})$/i.exec(signature);
  if (!signed) {
    return unauthorized('MALFORMED_SIGNATURE_HEADER', `${SIGNATURE_HEADER} 必须是 sha256=<64 位十六进制> / ${SIGNATURE_HEADER} must be ${SIGNATURE_PREFIX}<64 hex digits>`);
  }
  if (!signatureMatches(keys, timestamp, rawBody, signed[1].toLowerCase())) {
    return unauthorized('BAD_SIGNATURE', `签名不匹配 / the signature does not match the timestamp and body (HMAC-SHA256 of "<timestamp>.<raw body>")`);
  }
  const skew = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(skew) > SIGNATURE_TOLERANCE_S) {
    return unauthorized(
      'STALE_TIMESTAMP',
      `请求时间戳超出 ${SIGNATURE_TOLERANCE_S} 秒 / the timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; at most ${SIGNATURE_TOLERANCE_S} s either way is accepted`,
    );
  }

  const verified = { ok: true as const, deliveryId, timestamp: Number(timestamp) };
  if (!schema) return { ...verified, body: undefined };
  let json: unknown;
  try {
    json = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch (err) {
    const message = (err as Error).message;
    return { ok: false, status: 400, code: 'INVALID_JSON', reason: `请求体不是合法的 JSON / the body is not JSON: ${message}`, issues: [{ path: '(body)', message }], deliveryId };
  }
  const parsed = parseWith(schema, json);
  if (!parsed.ok) {
    const summary = parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return { ok: false, status: 400, code: 'INVALID_EVENT', reason: `请求体不符合协议 / the body is not a valid event: ${summary}`, issues: parsed.issues, deliveryId };
  }
  return { ...verified, body: parsed.value };
}

/** The JSON answer of a refusal, as both sides send it: `{ error: { code, message, issues? } }`. */
export function refusalBody(refusal: Unauthorized | Malformed): { error: { code: string; message: string; issues?: ProtocolIssue[] } } {
  return { error: { code: refusal.code, message: refusal.reason, ...(refusal.status === 400 ? { issues: refusal.issues } : {}) } };
}
