/**
 * Turns an admin request body into the flat parameter object the action handlers read.
 * JSON bodies (database, functions) and multipart bodies (wx.openApi) are both accepted. JSON nested
 * deeper than MAX_JSON_DEPTH, in the body or in a parameter holding EJSON text (queries, documents,
 * stages), is refused here, before any handler walks it; the answer is CloudBase's error shape
 * (INVALID_PARAM), which the SDKs turn into a rejected call carrying the message.
 */
import type { IncomingMessage } from 'node:http';
import { readBody } from '../http-util';
import { decodeJsonObject, invalidParam, type RequestParams } from '../protocol';
import { boundaryOf, MultipartError, parseMultipart } from '../protocol/multipart';

export type { RequestParams };

export async function readParams(req: IncomingMessage, maxBytes: number): Promise<RequestParams> {
  const raw = await readBody(req, maxBytes);
  const contentType = String(req.headers['content-type'] ?? '');
  if (/^multipart\/form-data/i.test(contentType)) return decodeMultipart(raw, contentType);
  return decodeJsonObject(raw);
}

export function decodeMultipart(raw: Buffer, contentType: string): RequestParams {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw invalidParam('multipart/form-data body without boundary');
  try {
    const params: RequestParams = {};
    for (const part of parseMultipart(raw, boundary)) {
      params[part.name] = part.filename !== undefined || part.contentType ? part.data : part.data.toString('utf8');
    }
    return params;
  } catch (err) {
    if (err instanceof MultipartError) throw invalidParam(`malformed multipart body: ${err.message}`);
    throw err;
  }
}
