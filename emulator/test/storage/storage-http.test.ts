/**
 * The storage service's own port, spoken to as COS is: the PUT or POST an upload sends to the URL its
 * metadata named (with authorization, x-cos-security-token and x-cos-meta-fileid, as node-sdk
 * src/storage/index.ts uploadFile and js-sdk's request.upload send them), and the GET/HEAD of a
 * temporary URL (`?sign=…&t=<expiry>`). Failures are COS's XML <Error> (node-sdk parses Code, Message,
 * RequestId and TraceId out of it). Requests no SDK would send are made here on purpose.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_CALLER, type UploadTicket } from '../../src/storage';
import type { ClientAuth } from '../../src/types';
import { cosCode, rawRequest, startStorage, STORAGE_ENV_ID, type StorageHarness } from './storage-harness';

const alice: ClientAuth = { uid: 'uid-alice', loginType: 'ANONYMOUS' };
const md5 = (data: Buffer) => `"${crypto.createHash('md5').update(data).digest('hex')}"`;
const uploadHeaders = (ticket: UploadTicket, extra: Record<string, string | number> = {}) => ({
  authorization: ticket.authorization,
  'x-cos-security-token': ticket.token,
  'x-cos-meta-fileid': ticket.cosFileId,
  ...extra,
});
const put = (ticket: UploadTicket, body: Buffer, headers: Record<string, string | number> = {}) =>
  rawRequest(ticket.url, { method: 'PUT', headers: uploadHeaders(ticket, { 'content-length': body.length, ...headers }), body });
const leftovers = (h: StorageHarness) => fs.readdirSync(path.join(h.dir, 'objects')).filter((name) => name.endsWith('.tmp'));

describe('uploads and temporary URLs on the storage port (PRIVATE bucket)', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorage({ access: { acl: 'PRIVATE' }, maxObjectBytes: 4096 });
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.errors).toEqual([]));

  test('When the content is PUT with the metadata’s headers, then it is stored (ETag = MD5) and its temporary URL serves it back with its type; HEAD answers the length only', async () => {
    const content = Buffer.from('截图 screenshot bytes');
    const ticket = await h.service.prepareUpload({ kind: 'client', auth: alice }, 'uploads/alice/202612/a.png');
    expect(ticket.fileId).toBe(`cloud://${STORAGE_ENV_ID}.6465-${STORAGE_ENV_ID}-1300000000/uploads/alice/202612/a.png`);
    const res = await put(ticket, content, { 'content-type': 'image/png' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(md5(content));
    expect(h.service.store.get('uploads/alice/202612/a.png')).toMatchObject({ size: content.length, owner: 'uid-alice', contentType: 'image/png', etag: md5(content) });

    const [outcome] = await h.service.downloadUrls({ kind: 'client', auth: alice }, [{ fileId: ticket.fileId, maxAge: 120 }]);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.url).toMatch(new RegExp(`^${h.url}/6465-${STORAGE_ENV_ID}-1300000000/uploads/alice/202612/a\\.png\\?sign=[0-9a-f]{64}&t=\\d+$`));
    const got = await fetch(outcome.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(content);
    const head = await rawRequest(outcome.url, { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(content.length), 0]);
  });

  test('When a PUT lacks the security token, names another key, or carries a changed authorization or file meta, then COS refuses it (403) and nothing is stored', async () => {
    const ticket = await h.service.prepareUpload(SERVER_CALLER, 'docs/one.txt');
    const body = Buffer.from('x');
    const noToken = await rawRequest(ticket.url, { method: 'PUT', headers: { authorization: ticket.authorization, 'x-cos-meta-fileid': ticket.cosFileId }, body });
    const otherKey = await rawRequest(ticket.url.replace('one.txt', 'two.txt'), { method: 'PUT', headers: uploadHeaders(ticket), body });
    // A different first character (a fixed '0' left a signature already starting with 0 unchanged, 1 run in 16).
    const badAuth = await put(ticket, body, { authorization: ticket.authorization.replace(/q-signature=(.)/, (_m, c: string) => `q-signature=${c === '0' ? '1' : '0'}`) });
    const badMeta = await put(ticket, body, { 'x-cos-meta-fileid': 'f'.repeat(32) });
    expect([noToken.status, cosCode(noToken.text)]).toEqual([403, 'AccessDenied']);
    expect([otherKey.status, cosCode(otherKey.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect([badAuth.status, cosCode(badAuth.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect([badMeta.status, cosCode(badMeta.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    // node-sdk reads exactly these elements of the XML error.
    expect(noToken.text).toMatch(/<Error>[\s\S]*<Message>[^<]+<\/Message>[\s\S]*<RequestId>[^<]+<\/RequestId>[\s\S]*<TraceId>[^<]+<\/TraceId>/);
    expect(h.service.store.get('docs/one.txt')).toBeUndefined();
    expect(h.service.store.get('docs/two.txt')).toBeUndefined();
  });

  test('When the upload starts after its grant expired (10 minutes), then it is refused as expired', async () => {
    const ticket = await h.service.prepareUpload(SERVER_CALLER, 'docs/late.txt');
    h.advance(10 * 60_000 + 1000);
    const res = await put(ticket, Buffer.from('late'));
    expect([res.status, cosCode(res.text)]).toEqual([403, 'AccessDenied']);
    expect(res.text).toContain('Request has expired');
    expect(h.service.store.get('docs/late.txt')).toBeUndefined();
  });

  test('When a body differs from the content-length and type the client signed, then it is refused', async () => {
    const ticket = await h.service.prepareUpload({ kind: 'client', auth: alice }, 'uploads/alice/202612/signed.jpg', { contentLength: 5, contentType: 'image/jpeg' });
    const longer = await put(ticket, Buffer.from('123456'), { 'content-type': 'image/jpeg' });
    const otherType = await put(ticket, Buffer.from('12345'), { 'content-type': 'text/html' });
    expect([longer.status, cosCode(longer.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect([otherType.status, cosCode(otherType.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    const ok = await put(ticket, Buffer.from('12345'), { 'content-type': 'image/jpeg' });
    expect(ok.status).toBe(200);
  });

  test('When an object is larger than the limit, declared or streamed without a length, then it is EntityTooLarge, nothing is stored and no temporary file is left', async () => {
    const ticket = await h.service.prepareUpload(SERVER_CALLER, 'docs/big.bin');
    const big = Buffer.alloc(5000, 1);
    const declared = await put(ticket, big);
    const chunked = await rawRequest(ticket.url, { method: 'PUT', headers: uploadHeaders(ticket, { 'transfer-encoding': 'chunked' }), body: big });
    expect([declared.status, cosCode(declared.text)]).toEqual([400, 'EntityTooLarge']);
    expect([chunked.status, cosCode(chunked.text)]).toEqual([400, 'EntityTooLarge']);
    expect(h.service.store.get('docs/big.bin')).toBeUndefined();
    expect(leftovers(h)).toEqual([]);
  });

  test('When a temporary URL is used after its max age, or with a changed or missing signature, then it is refused; a deleted file is NoSuchKey', async () => {
    const ticket = await h.service.prepareUpload(SERVER_CALLER, 'docs/short.txt');
    expect((await put(ticket, Buffer.from('short-lived'))).status).toBe(200);
    const [outcome] = await h.service.downloadUrls(SERVER_CALLER, [{ fileId: ticket.fileId, maxAge: 60 }]);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.maxAge).toBe(60);
    expect((await fetch(outcome.url)).status).toBe(200);
    // Change the signature's first character to a different one (replacing it with a fixed '0' left a signature
    // that already started with 0 unchanged, one run in sixteen).
    const tampered = await rawRequest(outcome.url.replace(/sign=(.)/, (_m, c: string) => `sign=${c === '0' ? '1' : '0'}`));
    const unsigned = await rawRequest(outcome.url.split('?')[0]);
    expect([tampered.status, cosCode(tampered.text)]).toEqual([403, 'AccessDenied']);
    expect([unsigned.status, cosCode(unsigned.text)]).toEqual([403, 'AccessDenied']);
    h.advance(61_000);
    const expired = await rawRequest(outcome.url);
    expect([expired.status, cosCode(expired.text)]).toEqual([403, 'AccessDenied']);
    expect(expired.text).toContain('Request has expired');

    const [fresh] = await h.service.downloadUrls(SERVER_CALLER, [{ fileId: ticket.fileId }]);
    if (!fresh.ok) throw new Error(fresh.message);
    expect(fresh.maxAge).toBe(86_400);
    await h.service.deleteFiles(SERVER_CALLER, [ticket.fileId]);
    const gone = await rawRequest(fresh.url);
    expect([gone.status, cosCode(gone.text)]).toEqual([404, 'NoSuchKey']);
  });

  test('When the file’s owner changed between the grant and the upload, then the upload is refused and the other file stays', async () => {
    const bob: ClientAuth = { uid: 'uid-bob', loginType: 'ANONYMOUS' };
    const key = 'uploads/shared/202612/race.jpg';
    const aliceTicket = await h.service.prepareUpload({ kind: 'client', auth: alice }, key);
    const bobTicket = await h.service.prepareUpload({ kind: 'client', auth: bob }, key);
    expect((await put(bobTicket, Buffer.from('bob'))).status).toBe(200);
    const res = await put(aliceTicket, Buffer.from('alice'));
    expect([res.status, cosCode(res.text)]).toEqual([403, 'AccessDenied']);
    expect(h.service.store.get(key)?.owner).toBe('uid-bob');
  });

  test('When a request names another bucket, a path that is not a cloud path, or a method COS does not take here, then it is refused as COS refuses it', async () => {
    const bucket = h.service.bucket;
    const otherBucket = await rawRequest(h.url, { path: '/other-bucket-1300000000/a.txt' });
    const dotDot = await rawRequest(h.url, { path: `/${bucket}/docs/../secret.txt` });
    const badEscape = await rawRequest(h.url, { path: `/${bucket}/docs/%ZZ.txt` });
    const remove = await rawRequest(h.url, { method: 'DELETE', path: `/${bucket}/docs/a.txt` });
    expect([otherBucket.status, cosCode(otherBucket.text)]).toEqual([404, 'NoSuchBucket']);
    expect([dotDot.status, cosCode(dotDot.text)]).toEqual([400, 'InvalidURI']);
    expect([badEscape.status, cosCode(badEscape.text)]).toEqual([400, 'InvalidURI']);
    expect([remove.status, cosCode(remove.text)]).toEqual([405, 'MethodNotAllowed']);
  });

  test('When a page on another origin preflights an upload, then CORS allows the headers it asks for; a rebound Host is refused', async () => {
    const preflight = await rawRequest(h.url, {
      method: 'OPTIONS',
      path: `/${h.service.bucket}/uploads/x.png`,
      headers: { origin: 'http://127.0.0.1:5555', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,x-cos-meta-fileid,x-cos-security-token,x-sdk-version' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5555');
    expect(preflight.headers['access-control-allow-methods']).toContain('PUT');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization,content-type,x-cos-meta-fileid,x-cos-security-token,x-sdk-version');
    const rebound = await rawRequest(h.url, { path: `/${h.service.bucket}/docs/a.txt`, headers: { host: `evil.example:${h.http.port}` } });
    expect([rebound.status, cosCode(rebound.text)]).toEqual([403, 'FORBIDDEN_HOST']);
  });

  test('When the content is sent as a form (js-sdk’s POST upload), then it is stored; success_action_status 201 answers COS’s PostResponse', async () => {
    const ticket = await h.service.prepareUpload({ kind: 'client', auth: alice }, 'uploads/alice/202612/form.png');
    const form = new FormData();
    form.append('key', ticket.key);
    form.append('signature', ticket.authorization);
    form.append('x-cos-meta-fileid', ticket.cosFileId);
    form.append('success_action_status', '201');
    form.append('x-cos-security-token', ticket.token);
    form.append('file', new Blob([Buffer.from('PNG-DATA')], { type: 'image/png' }), 'form.png');
    const res = await fetch(ticket.url, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(await res.text()).toMatch(/<PostResponse><Location>[^<]+form\.png<\/Location><Bucket>6465-demo-storage-1300000000<\/Bucket><Key>uploads\/alice\/202612\/form\.png<\/Key><ETag>/);
    expect(h.service.store.get('uploads/alice/202612/form.png')).toMatchObject({ size: 8, owner: 'uid-alice' });
  });
});

describe('a public-read bucket (READONLY)', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorage({ access: { acl: 'READONLY' } });
  });
  afterAll(() => h.stop());

  test('When every client may read every file, then a link works without a signature and past its max age, as CloudBase’s public-read links do not expire', async () => {
    const ticket = await h.service.prepareUpload(SERVER_CALLER, 'public/notice.txt');
    expect((await put(ticket, Buffer.from('公告'))).status).toBe(200);
    const [outcome] = await h.service.downloadUrls(SERVER_CALLER, [{ fileId: ticket.fileId, maxAge: 10 }]);
    if (!outcome.ok) throw new Error(outcome.message);
    h.advance(3600_000);
    expect((await rawRequest(outcome.url)).text).toBe('公告');
    expect((await rawRequest(outcome.url.split('?')[0])).text).toBe('公告');
  });
});
