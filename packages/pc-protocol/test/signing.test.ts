/**
 * Signing and verification of the PC-system protocol (api-contract.md, "PC-system protocol": headers
 * X-PD-Timestamp / X-PD-Delivery / X-PD-Signature = sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>,
 * 300 s either way, 401 / 400 refusals). Vectors are computed independently of node:crypto: by the
 * openssl command line (run here) and as constants computed with it once.
 */
import { spawnSync } from 'node:child_process';
import { computeSignature, MissingSecretError, newDeliveryId, signRequest, verifyRequest } from '@partner-desk/pc-protocol/signing';
import { DELIVERY_ID_PATTERN, inboundEventSchema, SIGNATURE_TOLERANCE_S } from '@partner-desk/pc-protocol';

const SECRET = 'pd_test_secret';
const TS = 1767225600; // 2026-01-01T00:00:00Z
const AT_TS = new Date(TS * 1000);
const BODY =
  '{"type":"consultation.message","data":{"customerExternalId":"K00100001","externalMessageId":"m-1","content":"如何重置密码？","sentAt":"2026-01-01T08:00:00+08:00"},"occurredAt":"2026-01-01T08:00:00+08:00"}';
/** `printf '%s' "1767225600.$BODY" | openssl dgst -sha256 -hmac pd_test_secret` (OpenSSL 3.0), once. */
const BODY_SIGNATURE = '442d6707d402fd33848bc1ebb4d97e79080cd494cb05e28e21aeadbfdfbad443';
/** The same for a GET: the empty body, so the signed text is "1767225600.". */
const EMPTY_SIGNATURE = '027f032102217b7202c1a9fa0af945d75ebd154eba115bfabfed75513aaf37f6';

function opensslHmac(secret: string, text: string): string {
  const run = spawnSync('openssl', ['dgst', '-sha256', '-hmac', secret], { input: Buffer.from(text, 'utf8'), encoding: 'utf8' });
  expect(run.status).toBe(0);
  // "SHA2-256(stdin)= <hex>" (OpenSSL 3) or "(stdin)= <hex>" (1.1): the hex is the last field either way.
  return run.stdout.trim().split(/\s+/).at(-1)!;
}

const headersFor = (body: string, options: { timestamp?: number; deliveryId?: string; secret?: string } = {}) =>
  signRequest(options.secret ?? SECRET, body, { timestamp: options.timestamp ?? TS, deliveryId: options.deliveryId ?? 'dlv_fixed_1' });

describe('computeSignature and signRequest', () => {
  test('When a body with Chinese text is signed, then the signature is the one openssl computes over "<timestamp>.<raw body>" (and the fixed vector)', () => {
    expect(opensslHmac(SECRET, `${TS}.${BODY}`)).toBe(BODY_SIGNATURE);
    expect(computeSignature(SECRET, TS, BODY)).toBe(BODY_SIGNATURE);
    expect(computeSignature(SECRET, String(TS), Buffer.from(BODY, 'utf8'))).toBe(BODY_SIGNATURE);
  });

  test('When a GET is signed, then the empty body is signed: the text is "<timestamp>."', () => {
    expect(opensslHmac(SECRET, `${TS}.`)).toBe(EMPTY_SIGNATURE);
    expect(signRequest(SECRET, '', { timestamp: TS, deliveryId: 'dlv_get' })).toEqual({
      'X-PD-Timestamp': String(TS),
      'X-PD-Delivery': 'dlv_get',
      'X-PD-Signature': `sha256=${EMPTY_SIGNATURE}`,
    });
  });

  test('When no timestamp or delivery id is given, then now (unix seconds) and a new well-formed id are used, a different id each time', () => {
    const before = Math.floor(Date.now() / 1000);
    const headers = signRequest(SECRET, BODY);
    const after = Math.floor(Date.now() / 1000);
    expect(Number(headers['X-PD-Timestamp'])).toBeGreaterThanOrEqual(before);
    expect(Number(headers['X-PD-Timestamp'])).toBeLessThanOrEqual(after);
    expect(headers['X-PD-Delivery']).toMatch(DELIVERY_ID_PATTERN);
    expect(newDeliveryId()).not.toBe(newDeliveryId());
    expect(headers['X-PD-Signature']).toBe(`sha256=${computeSignature(SECRET, headers['X-PD-Timestamp'], BODY)}`);
  });

  test('When the secret is empty or a delivery id or timestamp is malformed, then signing refuses instead of sending something no one can check', () => {
    expect(() => signRequest('', BODY)).toThrow(MissingSecretError);
    expect(() => signRequest(SECRET, BODY, { deliveryId: 'has space' })).toThrow(/delivery id/);
    expect(() => signRequest(SECRET, BODY, { timestamp: 1.5 })).toThrow(/unix seconds/);
  });
});

describe('verifyRequest', () => {
  test('When a request is signed with the secret and sent now, then it is verified with its delivery id and timestamp', () => {
    expect(verifyRequest(SECRET, headersFor(BODY), BODY, AT_TS)).toEqual({ ok: true, deliveryId: 'dlv_fixed_1', timestamp: TS, body: undefined });
  });

  test('When header names arrive in any case (node lower-cases them, a trigger event keeps them, fetch Headers), then they are found', () => {
    const signed = headersFor(BODY);
    const lower = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
    const upper = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));
    for (const headers of [signed, lower, upper, new Headers(signed)]) expect(verifyRequest(SECRET, headers, BODY, AT_TS)).toMatchObject({ ok: true, deliveryId: 'dlv_fixed_1' });
  });

  test('When a header is missing, then 401 MISSING_SIGNATURE_HEADER names it', () => {
    for (const name of ['X-PD-Timestamp', 'X-PD-Delivery', 'X-PD-Signature'] as const) {
      const headers: Record<string, string> = { ...headersFor(BODY) };
      delete headers[name];
      const result = verifyRequest(SECRET, headers, BODY, AT_TS);
      expect(result).toMatchObject({ ok: false, status: 401, code: 'MISSING_SIGNATURE_HEADER' });
      expect(!result.ok && result.reason).toContain(name);
    }
    expect(verifyRequest(SECRET, {}, BODY, AT_TS)).toMatchObject({ status: 401, code: 'MISSING_SIGNATURE_HEADER' });
  });

  test('When a header is malformed or repeated, then 401 MALFORMED_SIGNATURE_HEADER', () => {
    const signed = headersFor(BODY);
    const cases: Record<string, string | string[]>[] = [
      { ...signed, 'X-PD-Timestamp': 'yesterday' },
      { ...signed, 'X-PD-Timestamp': '-1767225600' },
      { ...signed, 'X-PD-Timestamp': '1767225600.5' },
      { ...signed, 'X-PD-Delivery': 'two words' },
      { ...signed, 'X-PD-Delivery': 'x'.repeat(129) },
      { ...signed, 'X-PD-Signature': BODY_SIGNATURE },
      { ...signed, 'X-PD-Signature': `md5=${BODY_SIGNATURE}` },
      { ...signed, 'X-PD-Signature': `sha256=${BODY_SIGNATURE.slice(1)}` },
      { ...signed, 'X-PD-Signature': `sha256=${BODY_SIGNATURE.replace(/.$/, 'g')}` },
      { ...signed, 'x-pd-signature': [signed['X-PD-Signature'], signed['X-PD-Signature']] },
    ];
    for (const headers of cases) expect({ headers, result: verifyRequest(SECRET, headers, BODY, AT_TS) }).toMatchObject({ result: { ok: false, status: 401, code: 'MALFORMED_SIGNATURE_HEADER' } });
  });

  test('When the signature does not match (other secret, one byte of the body changed, other timestamp), then 401 BAD_SIGNATURE', () => {
    const bad = (headers: Record<string, string>, body: string) => verifyRequest(SECRET, headers, body, AT_TS);
    expect(bad(headersFor(BODY, { secret: 'another_secret' }), BODY)).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    expect(bad(headersFor(BODY), BODY.replace('m-1', 'm-2'))).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    expect(bad(headersFor(BODY), `${BODY} `)).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    expect(bad({ ...headersFor(BODY), 'X-PD-Timestamp': String(TS + 1) }, BODY)).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    // Upper-case hex is the same signature.
    expect(bad({ ...headersFor(BODY), 'X-PD-Signature': `sha256=${BODY_SIGNATURE.toUpperCase()}` }, BODY)).toMatchObject({ ok: true });
  });

  test('When the timestamp is 300 s away either way it passes; at 301 s, old or in the future, 401 STALE_TIMESTAMP', () => {
    const headers = headersFor(BODY);
    const at = (seconds: number) => verifyRequest(SECRET, headers, BODY, new Date((TS + seconds) * 1000));
    expect(SIGNATURE_TOLERANCE_S).toBe(300);
    expect(at(300)).toMatchObject({ ok: true });
    expect(at(-300)).toMatchObject({ ok: true });
    expect(at(301)).toMatchObject({ ok: false, status: 401, code: 'STALE_TIMESTAMP' });
    expect(at(-301)).toMatchObject({ ok: false, status: 401, code: 'STALE_TIMESTAMP' });
    expect(!at(301).ok && (at(301) as { reason: string }).reason).toMatch(/301 s old/);
    expect(!at(-301).ok && (at(-301) as { reason: string }).reason).toMatch(/301 s in the future/);
  });

  test('When the secret is being rotated, then a signature under any of the configured secrets passes, and none under others', () => {
    expect(verifyRequest(['new_secret', SECRET], headersFor(BODY), BODY, AT_TS)).toMatchObject({ ok: true });
    expect(verifyRequest(['new_secret', 'older'], headersFor(BODY), BODY, AT_TS)).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    expect(() => verifyRequest('', headersFor(BODY), BODY, AT_TS)).toThrow(MissingSecretError);
    expect(() => verifyRequest([], headersFor(BODY), BODY, AT_TS)).toThrow(MissingSecretError);
  });

  test('When a body schema is given and the body is valid, then the parsed event comes back (unknown fields dropped)', () => {
    const withExtra = BODY.replace('"occurredAt"', '"futureField":1,"occurredAt"');
    const result = verifyRequest(SECRET, headersFor(withExtra), withExtra, AT_TS, inboundEventSchema);
    expect(result).toEqual({
      ok: true,
      deliveryId: 'dlv_fixed_1',
      timestamp: TS,
      body: {
        type: 'consultation.message',
        data: { customerExternalId: 'K00100001', externalMessageId: 'm-1', content: '如何重置密码？', sentAt: '2026-01-01T08:00:00+08:00' },
        occurredAt: '2026-01-01T08:00:00+08:00',
      },
    });
  });

  test('When a correctly signed body is not JSON, then 400 INVALID_JSON with its delivery id', () => {
    const body = '{"type": ';
    expect(verifyRequest(SECRET, headersFor(body), body, AT_TS, inboundEventSchema)).toMatchObject({ ok: false, status: 400, code: 'INVALID_JSON', deliveryId: 'dlv_fixed_1', issues: [{ path: '(body)' }] });
  });

  test('When a correctly signed body is not a valid event, then 400 INVALID_EVENT lists every issue by path', () => {
    const unknownType = JSON.stringify({ type: 'consultation.deleted', data: {}, occurredAt: '2026-01-01T00:00:00Z' });
    expect(verifyRequest(SECRET, headersFor(unknownType), unknownType, AT_TS, inboundEventSchema)).toMatchObject({
      status: 400,
      code: 'INVALID_EVENT',
      issues: [{ path: 'type', message: expect.stringContaining("'consultation.message' | 'ticket.updated' | 'customer.upserted'") }],
    });
    const badData = JSON.stringify({ type: 'ticket.updated', data: { ticketId: 'tk_1', status: 'closed', operatorName: '' }, occurredAt: 'today' });
    const result = verifyRequest(SECRET, headersFor(badData), badData, AT_TS, inboundEventSchema);
    expect(result).toMatchObject({ ok: false, status: 400, code: 'INVALID_EVENT' });
    const issues = result.ok ? [] : (result as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['data.operatorName', 'data.status', 'occurredAt']);
    expect(!result.ok && result.reason).toMatch(/data\.status: Invalid option: expected one of "processing"\|"resolved"/);
    expect(verifyRequest(SECRET, headersFor('[]'), '[]', AT_TS, inboundEventSchema)).toMatchObject({ status: 400, code: 'INVALID_EVENT', issues: [{ path: '(body)' }] });
  });

  test('When the signature is bad, then the body is never looked at: 401 comes before 400', () => {
    expect(verifyRequest(SECRET, headersFor('not json', { secret: 'wrong' }), 'not json', AT_TS, inboundEventSchema)).toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
  });
});
