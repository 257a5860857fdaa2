/**
 * Turns a function's return value into the HTTP response, per CloudBase HTTP access: an object with
 * statusCode is an "integration response" (statusCode, headers, body, isBase64Encoded); a string or
 * number is sent as text/plain; anything else as JSON.
 */
export interface HttpReply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export function replyFromResult(result: unknown): HttpReply {
  if (isIntegrationResponse(result)) return integrationReply(result);
  if (typeof result === 'string' || typeof result === 'number') {
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(String(result)) };
  }
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(result ?? null)) };
}

interface IntegrationResponse {
  statusCode: unknown;
  headers?: unknown;
  multiValueHeaders?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
}

function isIntegrationResponse(value: unknown): value is IntegrationResponse {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'statusCode' in value;
}

function integrationReply(response: IntegrationResponse): HttpReply {
  const status = Number(response.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    return errorReply(502, 'INVALID_INTEGRATION_RESPONSE', `statusCode ${JSON.stringify(response.statusCode)} is not an HTTP status`);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(asRecord(response.headers))) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  for (const [name, value] of Object.entries(asRecord(response.multiValueHeaders))) {
    if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String);
  }
  let body: Buffer;
  if (response.body === undefined || response.body === null) body = Buffer.alloc(0);
  else if (typeof response.body === 'string') body = Buffer.from(response.body, response.isBase64Encoded === true ? 'base64' : 'utf8');
  else {
    body = Buffer.from(JSON.stringify(response.body));
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-type'] ??= response.isBase64Encoded === true ? 'application/octet-stream' : 'text/plain; charset=utf-8';
  return { status, headers, body };
}

export function errorReply(status: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpReply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify({ code, message, ...extra })),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
