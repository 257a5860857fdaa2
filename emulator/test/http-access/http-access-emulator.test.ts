import http from 'node:http';
import { FunctionsEmulator } from '../../src/functions/functions-emulator';
import { HttpAccessEmulator, MAX_BODY_BYTES } from '../../src/http-access/http-access-emulator';
import type { FunctionsRuntime, InvokeRequest, InvokeResult } from '../../src/types';
import { fixtureFunction } from '../functions/function-fixtures';

/** Answers every invocation with the function name and the event it got. */
function echoRuntime(): FunctionsRuntime & { requests: InvokeRequest[] } {
  const requests: InvokeRequest[] = [];
  return {
    requests,
    listFunctions: () => [],
    invoke: async (request): Promise<InvokeResult> => {
      requests.push(request);
      return { ok: true, result: { fn: request.functionName, event: request.event }, invocationId: 'i', durationMs: 0 };
    },
    invocations: () => [],
    invocation: () => undefined,
    invocationForSecretId: () => undefined,
  };
}

/** Raw request helper: fetch() hides some of what these tests look at (early 413, exact bytes). */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HttpAccessEmulator routing and events', () => {
  let server: HttpAccessEmulator;
  let runtime: ReturnType<typeof echoRuntime>;
  let base: string;

  beforeAll(async () => {
    runtime = echoRuntime();
    server = new HttpAccessEmulator({
      host: '127.0.0.1',
      port: 0,
      envId: 'http-env',
      routes: [
        { path: '/api', functionName: 'api' },
        { path: '/api/v2/', functionName: 'apiV2' },
        { path: 'pc', functionName: 'pc' },
      ],
      functions: runtime,
    });
    await server.start();
    base = server.getInfo().url;
  });

  afterAll(async () => {
    await server.stop();
  });

  test('port 0 gets a real port reported by getInfo()', () => {
    const info = server.getInfo();
    expect(info.name).toBe('http');
    expect(info.port).toBeGreaterThan(0);
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
  });

  test('longest matching prefix wins, on whole path segments', async () => {
    const fnFor = async (path: string) => {
      const res = await request(`${base}${path}`);
      return res.status === 200 ? JSON.parse(res.body.toString()).fn : res.status;
    };
    expect(await fnFor('/api')).toBe('api');
    expect(await fnFor('/api/users/1')).toBe('api');
    expect(await fnFor('/api/v2')).toBe('apiV2');
    expect(await fnFor('/api/v2/orders')).toBe('apiV2');
    expect(await fnFor('/api/v20')).toBe('api');
    expect(await fnFor('/pc/')).toBe('pc');
    expect(await fnFor('/apix')).toBe(404);
  });

  test('no route: 404 INVALID_PATH as JSON', async () => {
    const res = await request(`${base}/nowhere?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'INVALID_PATH', message: expect.stringContaining('/nowhere') });
  });

  test('passes the integration request event with source http', async () => {
    runtime.requests.length = 0;
    const res = await request(`${base}/api/items?page=2&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: JSON.stringify({ name: '张三' }),
    });
    expect(res.status).toBe(200);
    const [call] = runtime.requests;
    expect(call.source).toBe('http');
    expect(call.functionName).toBe('api');
    const event = call.event as Record<string, any>;
    expect(event).toMatchObject({
      path: '/api/items',
      httpMethod: 'POST',
      queryStringParameters: { page: '2', tag: 'b' },
      body: '{"name":"张三"}',
      isBase64Encoded: false,
      requestContext: { envId: 'http-env', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-trace': 'abc', host: expect.any(String) });
    expect(res.headers['x-request-id']).toBe(event.requestContext.requestId);
  });

  test('binary bodies are base64 with isBase64Encoded true; GET has an empty text body', async () => {
    runtime.requests.length = 0;
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]);
    await request(`${base}/api/upload`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes });
    await request(`${base}/api/upload`, { method: 'POST', body: Buffer.from([0xff, 0xfe, 0x00]) });
    await request(`${base}/api/plain`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    await request(`${base}/api/get`);
    const events = runtime.requests.map((r) => r.event as { body: string; isBase64Encoded: boolean });
    expect(events[0]).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
    expect(events[1]).toMatchObject({ body: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'), isBase64Encoded: true });
    expect(events[2]).toMatchObject({ body: 'hello', isBase64Encoded: false });
    expect(events[3]).toMatchObject({ body: '', isBase64Encoded: false, httpMethod: 'GET' });
  });

  test('bodies over 6 MB are refused with 413 without invoking the function', async () => {
    runtime.requests.length = 0;
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 'a');
    const res = await request(`${base}/api/big`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).code).toBe('EXCEED_MAX_PAYLOAD_SIZE');
    expect(runtime.requests).toHaveLength(0);

    // Exactly at the limit is fine.
    const ok = await request(`${base}/api/big`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(MAX_BODY_BYTES, 'a') });
    expect(ok.status).toBe(200);
  });

  test('chunked bodies over the limit are refused too', async () => {
    runtime.requests.length = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/api/chunked`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 'b');
      for (let i = 0; i < 7; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    expect(runtime.requests).toHaveLength(0);
  });

  test('answers CORS preflights itself and allows the calling origin', async () => {
    runtime.requests.length = 0;
    const preflight = await request(`${base}/api/x`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    const res = await request(`${base}/api/x`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(runtime.requests).toHaveLength(1);
  });
});

describe('HttpAccessEmulator with real functions', () => {
  let functions: FunctionsEmulator;
  let server: HttpAccessEmulator;
  let base: string;

  beforeAll(async () => {
    functions = new FunctionsEmulator({
      envId: 'e',
      adminUrl: 'http://127.0.0.1:4401/admin',
      functions: [fixtureFunction('returns'), fixtureFunction('hangs', { timeout: 1 })],
    });
    server = new HttpAccessEmulator({
      host: '127.0.0.1',
      port: 0,
      routes: [
        { path: '/r', functionName: 'returns' },
        { path: '/slow', functionName: 'hangs' },
        { path: '/ghost', functionName: 'not-deployed' },
      ],
      functions,
    });
    await server.start();
    base = server.getInfo().url;
  });

  afterAll(async () => {
    await server.stop();
    await functions.stop();
  });

  test('an object return value is sent as JSON', async () => {
    const res = await request(`${base}/r/obj?mode=object`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body.toString());
    expect(body.event).toMatchObject({ path: '/r/obj', httpMethod: 'GET', queryStringParameters: { mode: 'object' } });
    expect(functions.invocations().at(-1)?.source).toBe('http');
  });

  test('strings and numbers are sent as text/plain', async () => {
    const text = await request(`${base}/r?mode=string`);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body.toString()).toBe('hello gateway');
    const number = await request(`${base}/r?mode=number`);
    expect(number.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(number.body.toString()).toBe('42');
  });

  test('an integration response sets status, headers and body', async () => {
    const res = await request(`${base}/r?mode=integrated`);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-custom']).toBe('yes');
    expect(res.body.toString()).toBe('<h1>hi</h1>');
  });

  test('an integration response with isBase64Encoded sends the decoded bytes', async () => {
    const res = await request(`${base}/r?mode=binary`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect([...res.body]).toEqual([0, 1, 2, 255]);
  });

  test('a failing function is a 502 with code and message but no stack trace', async () => {
    const res = await request(`${base}/r?mode=throw`);
    expect(res.status).toBe(502);
    const body = JSON.parse(res.body.toString());
    expect(body).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: http handler failed' });
    expect(res.body.toString()).not.toMatch(/\bat .*index\.js/);
    // The stack is still in the invocation record.
    expect(functions.invocation(body.invocationId)?.errorMessage).toMatch(/index\.js:\d+/);
  });

  test('timeouts and routes to missing functions are 502 too', async () => {
    const slow = await request(`${base}/slow`);
    expect(slow.status).toBe(502);
    expect(JSON.parse(slow.body.toString()).code).toBe('FUNCTIONS_TIME_LIMIT_EXCEEDED');
    const ghost = await request(`${base}/ghost`);
    expect(ghost.status).toBe(502);
    expect(JSON.parse(ghost.body.toString()).code).toBe('FUNCTION_NOT_FOUND');
  });
});
