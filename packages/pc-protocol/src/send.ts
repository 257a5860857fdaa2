/**
 * Sending one signed request of the PC-system protocol and classifying the answer, as both senders need
 * it (our outbox → the PC system's webhook; the PC side, or its simulator → our gateway):
 *  - any 2xx is delivered;
 *  - no answer within the timeout (10 s by the contract), a refused connection or any other status is a
 *    failed attempt, to retry later with the SAME delivery id (re-signed: a new timestamp each try);
 *  - 400 is failed but not worth retrying: the receiver read the body and said what is wrong with it, and
 *    the same bytes will be refused again.
 * Node only (it signs with node:crypto); fetch is the runtime's own.
 */
import type { ProtocolIssue } from './issues';
import { signRequest } from './signing';

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
/** Bodies of answers are kept for logs and screens, never in full when they are large. */
const MAX_ANSWER_CHARS = 2000;

export interface SignedRequest {
  url: string;
  secret: string;
  deliveryId: string;
  method?: 'POST' | 'GET';
  /** The JSON text to send (POST); a GET sends nothing and signs "". */
  body?: string;
  timeoutMs?: number;
  /** Unix seconds to sign with (default now): tests pin it. */
  timestamp?: number;
}

export type SendResult =
  | { delivered: true; status: number; answer: string }
  | {
      delivered: false;
      /** The HTTP status, or null when nothing answered (refused, reset, timed out). */
      status: number | null;
      error: string;
      retryable: boolean;
      answer?: string;
      /** The receiver's list of what is wrong (a 400 in the protocol's error shape). */
      issues?: ProtocolIssue[];
    };

function issuesOf(answer: string): ProtocolIssue[] | undefined {
  try {
    const issues = (JSON.parse(answer) as { error?: { issues?: unknown } }).error?.issues;
    return Array.isArray(issues) ? (issues as ProtocolIssue[]) : undefined;
  } catch {
    return undefined;
  }
}

function describeNetworkError(err: unknown, timeoutMs: number): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `${timeoutMs / 1000} 秒内无应答 / no answer within ${timeoutMs} ms`;
  const cause = error.cause?.code ?? error.cause?.message;
  return `连接失败 / ${error.message}${cause ? ` (${cause})` : ''}`;
}

export async function sendSignedRequest(request: SignedRequest): Promise<SendResult> {
  const method = request.method ?? 'POST';
  const body = method === 'GET' ? '' : (request.body ?? '');
  const timeoutMs = request.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const headers: Record<string, string> = { ...signRequest(request.secret, body, { deliveryId: request.deliveryId, timestamp: request.timestamp }) };
  if (method === 'POST') headers['content-type'] = 'application/json';
  let response: Response;
  let answer: string;
  try {
    response = await fetch(request.url, { method, headers, body: method === 'POST' ? body : undefined, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    answer = (await response.text()).slice(0, MAX_ANSWER_CHARS);
  } catch (err) {
    return { delivered: false, status: null, error: describeNetworkError(err, timeoutMs), retryable: true };
  }
  if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status, answer };
  return {
    delivered: false,
    status: response.status,
    error: `HTTP ${response.status}${answer ? `: ${answer.slice(0, 300)}` : ''}`,
    retryable: response.status !== 400,
    answer,
    issues: response.status === 400 ? issuesOf(answer) : undefined,
  };
}
