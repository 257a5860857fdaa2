/**
 * The vendor's existing system as the sync reads it: `GET $PD_EXISTING_SYSTEM_URL/customers?updatedSince=
 * &page=&pageSize=`, signed like every request of the protocol with "" as the body, answered with
 * `{ customers, hasMore }` (packages/pc-protocol's customerPageSchema).
 */
import { CUSTOMERS_PATH, customerPageSchema, customerPageSearch, parseWith, type CustomerPage } from '@partner-desk/pc-protocol';
import { DEFAULT_SEND_TIMEOUT_MS } from '@partner-desk/pc-protocol/send';
import { signRequest } from '@partner-desk/pc-protocol/signing';

/** The existing system could not be read: it is down, slow, refused us, or answered something else. */
export class FeedError extends Error {
  override name = 'FeedError';
}

export interface FeedClient {
  page(query: { updatedSince: string | null; page: number; pageSize: number }): Promise<CustomerPage>;
}

export function existingSystemClient(options: { baseUrl: string; secret: string; timeoutMs?: number; deliveryPrefix: string }): FeedClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async page({ updatedSince, page, pageSize }) {
      const url = `${base}${CUSTOMERS_PATH}?${customerPageSearch({ updatedSince: updatedSince ?? undefined, page, pageSize })}`;
      const headers = signRequest(options.secret, '', { deliveryId: `${options.deliveryPrefix}.p${page}` });
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, { headers: { ...headers, accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS), redirect: 'manual' });
        text = await response.text();
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        throw new FeedError(e.name === 'TimeoutError' ? `现有系统 ${options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS} ms 内无应答 / no answer in time` : `无法连接现有系统 / cannot reach it: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`);
      }
      if (response.status !== 200) throw new FeedError(`现有系统应答 HTTP ${response.status} / answered HTTP ${response.status}: ${text.slice(0, 300)}`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new FeedError('现有系统的应答不是 JSON / the answer is not JSON');
      }
      const parsed = parseWith(customerPageSchema, json);
      if (!parsed.ok) throw new FeedError(`现有系统的应答不符合协议 / the page is not valid: ${parsed.issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      return parsed.value;
    },
  };
}
