/**
 * JSON at the doors of the services: nesting is measured on the raw text before anything parses it, so
 * a body nested thousands of levels deep is refused with a clear message instead of overflowing a
 * recursive walk later (the function worker's event hand-off crashed on one; engine code answered
 * INTERNAL). MongoDB refuses documents nested more than 100 levels (BSON's documented limit, which
 * CloudBase's document database inherits); the door allows 128 so a 100-level document still fits
 * inside a request envelope and canonical EJSON wrappers ({"$date":{"$numberLong":…}}).
 */

export const MAX_JSON_DEPTH = 128;

export class JsonTooDeepError extends Error {
  override name = 'JsonTooDeepError';

  constructor(
    readonly limit: number,
    /** Which part of the request: "request body", a parameter name … */
    readonly where: string,
  ) {
    super(`${where} nests JSON deeper than ${limit} levels (MongoDB allows documents 100 levels deep)`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when objects/arrays nest deeper than `limit` anywhere in `text`. One pass, no recursion; brackets
 * inside strings do not count. Works on UTF-8 bytes directly: the bytes looked at are ASCII and never
 * occur inside a multi-byte sequence. Malformed JSON is left for JSON.parse to report.
 */
export function exceedsJsonDepth(text: Buffer | string, limit = MAX_JSON_DEPTH): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      i = closingQuote(bytes, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote that ends the string opened at `open` (the end of input if none): memchr, not a byte loop. */
function closingQuote(bytes: Buffer, open: number): number {
  let at = open;
  for (;;) {
    at = bytes.indexOf(QUOTE, at + 1);
    if (at < 0) return bytes.length;
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/** JSON.parse behind the depth check: throws JsonTooDeepError first, then JSON.parse's SyntaxError. */
export function parseJsonWithinDepth(text: Buffer | string, where = 'request body', limit = MAX_JSON_DEPTH): unknown {
  if (exceedsJsonDepth(text, limit)) throw new JsonTooDeepError(limit, where);
  return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
}

/**
 * The server SDKs and the js-sdk send documents, queries and stages as JSON text inside the JSON envelope
 * (`"query": "{\"a\":…}"`); the envelope's own depth says nothing about them. This finds the first string
 * in a parsed envelope that holds JSON (starts with `{` or `[`) nested too deep, and names where it is.
 * The envelope itself is already bounded by the depth check, so walking it cannot overflow.
 */
export function findTooDeepJsonString(value: unknown, limit = MAX_JSON_DEPTH, where = ''): string | undefined {
  if (typeof value === 'string') {
    const start = value.trimStart()[0];
    return (start === '{' || start === '[') && exceedsJsonDepth(value, limit) ? where || 'value' : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTooDeepJsonString(value[i], limit, `${where}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = findTooDeepJsonString(inner, limit, where ? `${where}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws JsonTooDeepError naming the parameter when a JSON-text parameter nests too deep. */
export function assertJsonStringsWithinDepth(value: unknown, limit = MAX_JSON_DEPTH): void {
  const where = findTooDeepJsonString(value, limit);
  if (where) throw new JsonTooDeepError(limit, where);
}
