/**
 * The wire protocol below the SDKs: malformed requests sent with raw fetch/sockets get CloudBase's error
 * shape (HTTP 200, { code, message, requestId }) and never take the server down; caller attribution and
 * database operation records.
 */
import http from 'node:http';
import net from 'node:net';
import { parseTc3SecretId } from '../../src/admin';
import { ENV_ID, FakeFunctionsRuntime, rawPost, SECRET_ID, setSdkEnv, startAdmin, type AdminHarness } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
const MAX = 64 * 1024;
let h: AdminHarness;
let fake: FakeFunctionsRuntime;

const post = (body: unknown) => rawPost(h.url, typeof body === 'string' ? body : JSON.stringify(body));

async function expectAlive() {
  const res = await post({ action: 'database.calculateDocument', collectionName: 'things', envName: ENV_ID });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ requestId: expect.any(String), data: { total: expect.any(Number) } });
}

function expectError(res: { status: number; json: any; contentType: string | null }, code: string, message?: RegExp) {
  expect(res.status).toBe(200);
  expect(res.contentType).toBe('application/json; charset=utf-8');
  expect(res.json).toEqual({ code, message: expect.any(String), requestId: expect.any(String) });
  if (message) expect(res.json.message).toMatch(message);
  expect(res.json.message).not.toMatch(/\n\s+at /); // no stack traces
}

beforeAll(async () => {
  fake = new FakeFunctionsRuntime();
  h = await startAdmin({ functions: fake, maxBodyBytes: MAX });
  await h.database.createCollection('things');
});

afterAll(async () => {
  await h?.stop();
});

describe('malformed requests', () => {
  test('body that is not JSON → INVALID_PARAM', async () => {
    expectError(await post('{"action": "database.getDocument", '), 'INVALID_PARAM', /not valid JSON/);
    expectError(await post('[1,2]'), 'INVALID_PARAM', /JSON object/);
    expectError(await post(''), 'INVALID_PARAM');
    await expectAlive();
  });

  test('EJSON that does not parse → INVALID_PARAM naming the field', async () => {
    const base = { action: 'database.getDocument', collectionName: 'things', queryType: 'WHERE' };
    expectError(await post({ ...base, query: '{"a":' }), 'INVALID_PARAM', /^query is not valid EJSON/);
    expectError(await post({ ...base, query: '{"a":{"$regularExpression":{"pattern":"(","options":""}}}' }), 'INVALID_PARAM', /^query is not valid EJSON/);
    expectError(await post({ ...base, query: '{"_id":{"$oid":"zz"}}' }), 'INVALID_PARAM', /^query is not valid EJSON/);
    expectError(await post({ ...base, query: '[1]' }), 'INVALID_PARAM', /query must be an object/);
    expectError(await post({ ...base, order: '{"a":"sideways"}' }), 'INVALID_PARAM', /order/);
    expectError(await post({ ...base, limit: 'ten' }), 'INVALID_PARAM', /limit/);
    expectError(await post({ action: 'database.insertDocument', collectionName: 'things', data: ['{"a":1}', 'nope'] }), 'INVALID_PARAM', /^data\[1\]/);
    expectError(await post({ action: 'database.insertDocument', collectionName: 'things', data: [] }), 'INVALID_PARAM');
    expectError(await post({ action: 'database.aggregateDocuments', collectionName: 'things', stages: [{ stageKey: 'match', stageValue: '{}' }] }), 'INVALID_PARAM');
    expectError(await post({ action: 'database.getDocument', queryType: 'WHERE' }), 'INVALID_PARAM', /collectionName/);
    expectError(await post({ action: 'database.modifyDocument', collectionName: 'things', query: '{}', data: '{"$tcb_server_date":{"offset":"x"}}' }), 'INVALID_PARAM');
    await expectAlive();
  });

  test('unknown or missing action → INVALID_ACTION', async () => {
    expectError(await post({ action: 'storage.batchCopyFile', file_list: [] }), 'INVALID_ACTION', /storage\.batchCopyFile/);
    // A storage action on an endpoint started without the storage service is not served either.
    expectError(await post({ action: 'storage.batchGetDownloadUrl', file_list: [] }), 'INVALID_ACTION', /storage\.batchGetDownloadUrl/);
    expectError(await post({ action: 'database.dropEverything' }), 'INVALID_ACTION');
    expectError(await post({ action: '__proto__' }), 'INVALID_ACTION');
    expectError(await post({ envName: ENV_ID }), 'INVALID_ACTION', /no action/);
    await expectAlive();
  });

  test('engine errors keep their CloudBase code', async () => {
    expectError(await post({ action: 'database.getDocument', collectionName: 'ghost', queryType: 'WHERE' }), 'DATABASE_COLLECTION_NOT_EXIST', /Db or Table not exist/);
    expectError(await post({ action: 'database.commitTransaction', transactionId: 'nope' }), 'DATABASE_TRANSACTION_FAIL');
    expectError(await post({ action: 'database.addCollection', collectionName: 'things' }), 'DATABASE_COLLECTION_ALREADY_EXIST');
  });

  test('oversized body (declared length) → EXCEED_REQUEST_SIZE_LIMIT, server stays up', async () => {
    const big = JSON.stringify({ action: 'database.insertDocument', collectionName: 'things', data: [JSON.stringify({ blob: 'x'.repeat(MAX) })] });
    const res = await post(big);
    expectError(res, 'EXCEED_REQUEST_SIZE_LIMIT', /exceeds/);
    await expect(h.database.count('things', { blob: { $exists: true } })).resolves.toBe(0);
    await expectAlive();
  });

  test('oversized chunked body (no content-length) is cut off and answered', async () => {
    const { port } = h.admin.getInfo();
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/admin?env=local-env', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      req.write('{"action":"database.insertDocument","collectionName":"things","data":["');
      for (let i = 0; i < 20; i++) req.write('y'.repeat(8 * 1024));
      req.end('"]}');
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'EXCEED_REQUEST_SIZE_LIMIT' });
    await expectAlive();
  });

  test('wrong method or path, malformed multipart, garbage HTTP', async () => {
    const get = await fetch(h.url);
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ code: 'INVALID_ACTION' });
    const other = await fetch(h.url.replace('/admin', '/v1/anything'), { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    expectError(await rawPost(h.url, 'not multipart at all', { 'content-type': 'multipart/form-data; boundary=XYZ' }), 'INVALID_PARAM', /multipart/);
    expectError(await rawPost(h.url, '--XYZ\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi', { 'content-type': 'multipart/form-data; boundary=XYZ' }), 'INVALID_PARAM');
    expectError(await rawPost(h.url, 'x', { 'content-type': 'multipart/form-data' }), 'INVALID_PARAM', /boundary/);
    const { port } = h.admin.getInfo();
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('\x00\x01garbage\r\n\r\n'));
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await expectAlive();
  });

  test('$tcb_server_date is replaced before EJSON parsing; dates answer as canonical EJSON', async () => {
    const before = Date.now();
    const insert = await post({ action: 'database.insertDocument', collectionName: 'things', data: ['{"_id":"sd","at":{"$tcb_server_date":{"offset":{"$numberInt":"-1000"}}}}'] });
    expect(insert.json).toEqual({ requestId: expect.any(String), data: { insertedIds: ['sd'] } });
    const get = await post({ action: 'database.getDocument', collectionName: 'things', queryType: 'DOC', multi: false, query: '{"_id":"sd"}' });
    const doc = JSON.parse(get.json.data.list[0]);
    const ms = Number(doc.at.$date.$numberLong);
    expect(ms).toBeGreaterThanOrEqual(before - 1001);
    expect(ms).toBeLessThanOrEqual(Date.now() - 999);
  });
});

describe('caller attribution and operation records', () => {
  test('parseTc3SecretId', () => {
    expect(parseTc3SecretId('TC3-HMAC-SHA256 Credential=AKIDabc/2026-11-24/tcb/tc3_request, SignedHeaders=host, Signature=ff')).toBe('AKIDabc');
    expect(parseTc3SecretId('TC3-HMAC-SHA256 Credential=x/2026-11-24/tcb/tc3_request')).toBe('x');
    expect(parseTc3SecretId('Bearer token')).toBeUndefined();
    expect(parseTc3SecretId('TC3-HMAC-SHA256 Signature=ff')).toBeUndefined();
    expect(parseTc3SecretId(undefined)).toBeUndefined();
  });

  test('database calls from a worker land on the invocation it serves (real SDK signature header)', async () => {
    setSdkEnv(h.url, SECRET_ID);
    const cloud = require('wx-server-sdk');
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
    const db = cloud.database();
    fake.current.operations.length = 0;
    await db.collection('things').add({ data: { a: 1 } });
    await db.collection('things').where({ a: 1 }).get();
    await db.collection('missing').get().catch(() => undefined);
    const ops = fake.current.operations;
    expect(ops.map((o) => [o.action, o.collection, o.ok, o.code])).toEqual([
      ['database.insertDocument', 'things', true, undefined],
      ['database.getDocument', 'things', true, undefined],
      ['database.getDocument', 'missing', false, 'DATABASE_COLLECTION_NOT_EXIST'],
    ]);
    for (const op of ops) {
      expect(op.endedAt).toBeGreaterThanOrEqual(op.startedAt);
      expect(Math.abs(op.startedAt - Date.now())).toBeLessThan(10_000);
    }
  });

  test('calls signed with an unknown secret id are not attributed', async () => {
    fake.current.operations.length = 0;
    const res = await rawPost(h.url, JSON.stringify({ action: 'database.calculateDocument', collectionName: 'things' }), {
      'content-type': 'application/json',
      authorization: 'TC3-HMAC-SHA256 Credential=someone-else/2026-11-24/tcb/tc3_request, Signature=00',
    });
    expect(res.json.data.total).toBeGreaterThan(0);
    expect(fake.current.operations).toEqual([]);
  });
});

afterEach(() => {
  expect(h.errors).toEqual([]);
});
