/**
 * The HTTP side of the gateway: what CloudBase HTTP access hands the function (the integration request:
 * method, path, headers, the body as text or base64) and what it sends back (an integration response:
 * statusCode, headers, body), per docs.cloudbase.net/service/access-cloud-function.
 */
import type { HeaderSource } from '@partner-desk/pc-protocol';

export interface HttpAccessEvent {
  httpMethod?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Every value of a repeated header (CloudBase and API gateways give both forms). */
  multiValueHeaders?: Record<string, string[]>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonAnswer(statusCode: number, body: unknown): HttpAnswer {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/** `{ error: { code, message, … } }`, the shape of every refusal of the protocol. */
export const errorAnswer = (statusCode: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpAnswer => jsonAnswer(statusCode, { error: { code, message, ...extra } });

/** The body's exact bytes as sent: the signature covers them, so they are never re-serialised. */
export function rawBodyOf(event: HttpAccessEvent): Buffer {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** The request's headers with repeated ones kept apart, so a header sent twice is refused, not merged. */
export function headersOf(event: HttpAccessEvent): HeaderSource {
  return event.multiValueHeaders && Object.keys(event.multiValueHeaders).length ? event.multiValueHeaders : (event.headers ?? {});
}
