/**
 * Who may knock on a service's door. The emulators listen on 127.0.0.1, but a web page open in the
 * developer's browser can still reach them: a `text/plain` POST (a "simple" request, sent without a CORS
 * preflight) created an admin account through the hub, and DNS rebinding (evil.example resolving to
 * 127.0.0.1) lets a page read the answers too. The checks, as the console already did them:
 *  - Host: only 127.0.0.1 / localhost / [::1] (or the configured bind host) with the service's own port,
 *    so a rebound name is refused;
 *  - Origin (services not meant for browsers: hub, admin, console): absent, or the service's own origin;
 *  - JSON bodies must say `application/json`: a page cannot send that cross-site without a preflight,
 *    which these services never grant.
 * Pure functions over header values; the services apply them (see http-emulator.ts).
 */

export interface Refusal {
  status: 403 | 415;
  code: 'FORBIDDEN_HOST' | 'FORBIDDEN_ORIGIN' | 'UNSUPPORTED_MEDIA_TYPE';
  message: string;
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `[::1]` for an IPv6 literal, lower case: the form a Host header or URL carries. */
export function urlHostname(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

function splitHostPort(value: string): { hostname: string; port: string } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(value.trim());
  if (!match) return null;
  return { hostname: match[1].toLowerCase(), port: match[2] ?? '' };
}

function isAllowedHostname(hostname: string, boundHost: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || hostname === urlHostname(boundHost);
}

/** The Host header must name this machine and this service's port. */
export function hostRefusal(hostHeader: string | undefined, port: number, boundHost: string): Refusal | null {
  const parsed = hostHeader ? splitHostPort(hostHeader) : null;
  if (parsed && isAllowedHostname(parsed.hostname, boundHost) && parsed.port === String(port)) return null;
  return {
    status: 403,
    code: 'FORBIDDEN_HOST',
    message: `模拟器只接受本机地址 / the emulator only answers requests for 127.0.0.1, localhost or [::1] on port ${port}, not Host ${JSON.stringify(hostHeader ?? '')} (DNS rebinding protection)`,
  };
}

/** A browser's Origin header is accepted only when it is the service's own origin (same-origin requests). */
export function originRefusal(originHeader: string | undefined, port: number, boundHost: string): Refusal | null {
  if (originHeader === undefined) return null;
  let origin: URL | undefined;
  try {
    origin = new URL(originHeader);
  } catch {
    origin = undefined;
  }
  const samePort = origin && (origin.port || (origin.protocol === 'http:' ? '80' : '')) === String(port);
  if (origin && origin.protocol === 'http:' && samePort && isAllowedHostname(origin.hostname.toLowerCase(), boundHost)) return null;
  return {
    status: 403,
    code: 'FORBIDDEN_ORIGIN',
    message: `不接受网页跨站请求 / requests from web pages are refused (Origin ${originHeader}); this service is for local tools and the SDKs, not for browsers`,
  };
}

/** `application/json` (any parameters); `multipart/form-data` too where the caller says so (wx.openApi). */
export function jsonContentTypeRefusal(contentType: string | undefined, options: { allowMultipart?: boolean } = {}): Refusal | null {
  const type = String(contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return null;
  if (options.allowMultipart && type === 'multipart/form-data') return null;
  return {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `请求体必须是 application/json / the body must be sent as application/json${options.allowMultipart ? ' (or multipart/form-data for wx.openApi)' : ''}, not ${JSON.stringify(contentType ?? '')}`,
  };
}

/** A request carries a body when it declares a length above zero or is chunked. */
export function hasBody(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  const length = Number(headers['content-length']);
  return (Number.isFinite(length) && length > 0) || headers['transfer-encoding'] !== undefined;
}
