/**
 * The "integration request" CloudBase HTTP access hands a function as its event: the HTTP request as
 * JSON, with the body as text, or base64 when it is binary.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

export interface HttpAccessEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  /** Same headers with every value, for repeated headers. */
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  requestContext: { appId: string | number; envId: string; requestId: string; uin: string | number };
  body: string;
  isBase64Encoded: boolean;
}

export interface HttpEventContext {
  envId: string;
  requestId: string;
  appId: string | number;
  uin: string | number;
}

export function buildHttpEvent(req: IncomingMessage, body: Buffer, context: HttpEventContext): HttpAccessEvent {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    headers[name] = values.join(', ');
    multiValueHeaders[name] = [...values];
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) queryStringParameters[key] = value;
  const binary = !isTextBody(headers['content-type'], body);
  return {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters,
    requestContext: { appId: context.appId, envId: context.envId, requestId: context.requestId, uin: context.uin },
    body: binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

const TEXT_APPLICATION_TYPES = /^application\/([\w.+-]*\+)?(json|xml|x-www-form-urlencoded|javascript|graphql|x-ndjson)$/;

/** Text unless the content type says otherwise; with no content type, valid UTF-8 counts as text. */
export function isTextBody(contentType: string | undefined, body: Buffer): boolean {
  if (body.length === 0) return true;
  if (!contentType) return isUtf8(body);
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type.startsWith('text/') || TEXT_APPLICATION_TYPES.test(type);
}
