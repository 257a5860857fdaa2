/**
 * The attempts an outside probe made against a running suite, made again: a web page open in the
 * developer's browser posting `text/plain` cross-site (no CORS preflight needed) to the hub and the admin
 * endpoint, the same with a foreign Origin and a JSON body, and DNS rebinding (a page's own host name
 * resolving to 127.0.0.1, so the browser sends `Host: evil.example:<port>`). Each is refused and changes
 * nothing; local tools (no Origin, a local Host, application/json) and the browser-facing services'
 * CORS keep working.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { hasBody, hostRefusal, jsonContentTypeRefusal, originRefusal } from '../src/door-policy';
import type { RunningEmulators } from '../src/suite';
import { startTestEmulators } from './helpers/test-emulators';

let emu: RunningEmulators;

beforeAll(async () => {
  emu = await startTestEmulators();
});
afterAll(() => emu?.stop());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
}

/** node:http, because fetch will not send a Host header of our choosing. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const url = (name: string) => emu.infos().find((i) => i.name === name)!.url;
const port = (name: string) => emu.infos().find((i) => i.name === name)!.port;
const EVIL_PAGE = 'http://evil.example';
const TEXT_PLAIN = 'text/plain;charset=UTF-8'; // what a cross-site form or no-cors fetch sends
const invocationCount = () => emu.functions.invocations().length;
const pingCount = async () => Number((await emu.database.find('pings', { _id: 'counter' }))[0]?.count ?? 0);

describe('hub', () => {
  test('When a page posts text/plain cross-site to invoke and to export, then both are refused (403) and no function ran, nothing was exported', async () => {
    const exportDir = path.join(os.tmpdir(), `emu-doors-export-${Date.now()}`);
    const before = { invocations: invocationCount(), pings: await pingCount() };
    const invoke = await send(`${url('hub')}/functions/ping:invoke`, { method: 'POST', headers: { origin: EVIL_PAGE, 'content-type': TEXT_PLAIN }, body: JSON.stringify({ data: {} }) });
    const exported = await send(`${url('hub')}/database:export`, { method: 'POST', headers: { origin: EVIL_PAGE, 'content-type': TEXT_PLAIN }, body: JSON.stringify({ dir: exportDir }) });
    expect(invoke.status).toBe(403);
    expect(invoke.json.error).toEqual({ code: 'FORBIDDEN_ORIGIN', message: expect.stringContaining('http://evil.example') });
    expect(exported.status).toBe(403);
    expect(exported.json.error.code).toBe('FORBIDDEN_ORIGIN');
    expect(invocationCount()).toBe(before.invocations);
    expect(await pingCount()).toBe(before.pings);
    expect(fs.existsSync(exportDir)).toBe(false);
  });

  test('When a local client posts a body that is not application/json, then it is refused (415) and the function does not run', async () => {
    const before = invocationCount();
    const res = await send(`${url('hub')}/functions/ping:invoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '{"data":{}}' });
    expect(res.status).toBe(415);
    expect(res.json.error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') });
    expect(invocationCount()).toBe(before);
  });

  test('When a page reaches the hub through DNS rebinding (foreign Host), then even reads are refused and nothing runs', async () => {
    const rebound = { host: `evil.example:${port('hub')}` };
    const listing = await send(`${url('hub')}/emulators`, { headers: rebound });
    expect(listing.status).toBe(403);
    expect(listing.json.error).toEqual({ code: 'FORBIDDEN_HOST', message: expect.stringContaining('evil.example') });
    const before = invocationCount();
    const invoke = await send(`${url('hub')}/functions/ping:invoke`, { method: 'POST', headers: { ...rebound, 'content-type': 'application/json' }, body: '{"data":{}}' });
    expect(invoke.status).toBe(403);
    expect(invocationCount()).toBe(before);
    // The right name with another port is someone else's origin too.
    expect((await send(`${url('hub')}/emulators`, { headers: { host: `127.0.0.1:${port('hub') + 1}` } })).status).toBe(403);
  });

  test('When a local tool calls with a local Host and application/json (or its own origin), then it is served', async () => {
    const before = await pingCount();
    for (const host of [`localhost:${port('hub')}`, `127.0.0.1:${port('hub')}`, `[::1]:${port('hub')}`]) {
      const res = await send(`${url('hub')}/functions/ping:invoke`, { method: 'POST', headers: { host, 'content-type': 'application/json' }, body: '{"data":{}}' });
      expect(res.status).toBe(200);
    }
    const sameOrigin = await send(`${url('hub')}/emulators`, { headers: { origin: `http://localhost:${port('hub')}` } });
    expect(sameOrigin.status).toBe(200);
    expect(await pingCount()).toBe(before + 3);
  });
});

describe('admin endpoint (server SDKs only)', () => {
  const insert = JSON.stringify({ action: 'database.insertDocument', collectionName: 'notes', data: [JSON.stringify({ _id: 'planted', text: 'from a web page' })] });

  test('When a page posts text/plain, a foreign Origin or through a rebound Host, then each is refused and no document is written', async () => {
    const attempts = await Promise.all([
      send(`${url('admin')}?env=x`, { method: 'POST', headers: { origin: EVIL_PAGE, 'content-type': TEXT_PLAIN }, body: insert }),
      send(`${url('admin')}?env=x`, { method: 'POST', headers: { 'content-type': TEXT_PLAIN }, body: insert }),
      send(`${url('admin')}?env=x`, { method: 'POST', headers: { origin: EVIL_PAGE, 'content-type': 'application/json' }, body: insert }),
      send(`${url('admin')}?env=x`, { method: 'POST', headers: { host: `evil.example:${port('admin')}`, 'content-type': 'application/json' }, body: insert }),
    ]);
    expect(attempts.map((a) => [a.status, a.json.code])).toEqual([
      [403, 'FORBIDDEN_ORIGIN'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [403, 'FORBIDDEN_ORIGIN'],
      [403, 'FORBIDDEN_HOST'],
    ]);
    expect(await emu.database.count('notes', { _id: 'planted' })).toBe(0);
  });

  test('When the same insert comes as the SDK sends it (application/json, local Host), then it is written', async () => {
    const res = await send(`${url('admin')}?env=x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: insert });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ insertedIds: ['planted'] });
    expect(await emu.database.count('notes', { _id: 'planted' })).toBe(1);
  });
});

describe('console', () => {
  test('When a page posts a document with a foreign Origin or a rebound Host, then it is refused and nothing is added', async () => {
    const add = (headers: Record<string, string>) =>
      send(`${url('console')}/api/collections/board/documents`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ slug: 'planted' }) });
    expect((await add({ origin: EVIL_PAGE })).json.error.code).toBe('FORBIDDEN_ORIGIN');
    expect((await add({ host: `evil.example:${port('console')}` })).json.error.code).toBe('FORBIDDEN_HOST');
    expect(await emu.database.count('board', {})).toBe(0);
  });
});

describe('browser-facing services keep CORS and check Host', () => {
  test('When a page on another origin signs in at the web endpoint, then CORS allows it; through a rebound Host it is refused', async () => {
    const signIn = (headers: Record<string, string>) =>
      send(`${url('web')}/auth/v1/signin/anonymously?client_id=${emu.config.envId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const cors = await signIn({ origin: 'http://localhost:5173' });
    expect(cors.status).toBe(200);
    expect(cors.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(cors.json.access_token).toEqual(expect.any(String));
    const rebound = await signIn({ origin: EVIL_PAGE, host: `evil.example:${port('web')}` });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toMatchObject({ code: 'FORBIDDEN_HOST' });
    expect(rebound.json.access_token).toBeUndefined();
  });

  test('When the PC system (or a page, with CORS) posts to an HTTP access path, then the function runs; through a rebound Host it does not', async () => {
    const post = (headers: Record<string, string>) => send(`${url('http')}/echo/events`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: 'hello' });
    const before = invocationCount();
    const fromPage = await post({ origin: 'http://localhost:5173' });
    expect(fromPage.status).toBe(200);
    expect(fromPage.json.event).toMatchObject({ path: '/echo/events', body: 'hello' });
    expect(fromPage.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(invocationCount()).toBe(before + 1);
    const rebound = await post({ host: `evil.example:${port('http')}` });
    expect(rebound.status).toBe(403);
    expect(rebound.json.code).toBe('FORBIDDEN_HOST');
    expect(invocationCount()).toBe(before + 1);
  });

  test('When a page on another origin uploads to the storage port, then its preflight is allowed; a PUT through a rebound Host is refused and stores nothing', async () => {
    const ticket = await emu.storage.prepareUpload({ kind: 'server' }, 'doors/probe.txt');
    const path = new URL(ticket.url).pathname;
    const preflight = await send(`${url('storage')}${path}`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,x-cos-security-token' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const headers = { authorization: ticket.authorization, 'x-cos-security-token': ticket.token, 'x-cos-meta-fileid': ticket.cosFileId };
    const rebound = await send(`${url('storage')}${path}`, { method: 'PUT', headers: { ...headers, host: `evil.example:${port('storage')}` }, body: 'probe' });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toContain('<Code>FORBIDDEN_HOST</Code>');
    expect(emu.storage.store.get('doors/probe.txt')).toBeUndefined();
  });

  test('When a WebSocket to the realtime server names a foreign Host, then the upgrade is refused; from a page on another origin it opens', async () => {
    const open = (headers: Record<string, string>) =>
      new Promise<{ opened: boolean; status?: number }>((resolve) => {
        const socket = new WebSocket(url('realtime'), { headers });
        socket.on('open', () => {
          socket.close();
          resolve({ opened: true });
        });
        socket.on('unexpected-response', (_req, res) => {
          res.resume();
          resolve({ opened: false, status: res.statusCode });
        });
        socket.on('error', () => resolve({ opened: false }));
      });
    expect(await open({ host: `evil.example:${port('realtime')}` })).toEqual({ opened: false, status: 403 });
    expect(await open({ origin: 'http://localhost:5173' })).toEqual({ opened: true });
  });
});

describe('door policy', () => {
  test('When Host, Origin and Content-Type headers vary, then exactly the local ones for this port pass', () => {
    expect(hostRefusal('127.0.0.1:4400', 4400, '127.0.0.1')).toBeNull();
    expect(hostRefusal('LOCALHOST:4400', 4400, '127.0.0.1')).toBeNull();
    expect(hostRefusal('[::1]:4400', 4400, '127.0.0.1')).toBeNull();
    expect(hostRefusal('192.168.1.5:4400', 4400, '192.168.1.5')).toBeNull(); // the configured bind host
    for (const host of [undefined, '', 'localhost', '127.0.0.1:4401', 'evil.example:4400', '127.0.0.1.evil.example:4400', 'localhost.:4400']) {
      expect(hostRefusal(host, 4400, '127.0.0.1')?.code).toBe('FORBIDDEN_HOST');
    }
    expect(originRefusal(undefined, 4400, '127.0.0.1')).toBeNull();
    expect(originRefusal('http://localhost:4400', 4400, '127.0.0.1')).toBeNull();
    for (const origin of ['null', 'http://evil.example', 'http://localhost:3000', 'https://127.0.0.1:4400', 'file://']) {
      expect(originRefusal(origin, 4400, '127.0.0.1')?.code).toBe('FORBIDDEN_ORIGIN');
    }
    expect(jsonContentTypeRefusal('application/json; charset=utf-8')).toBeNull();
    expect(jsonContentTypeRefusal('multipart/form-data; boundary=x', { allowMultipart: true })).toBeNull();
    expect(jsonContentTypeRefusal('multipart/form-data; boundary=x')?.status).toBe(415);
    expect(jsonContentTypeRefusal('text/plain')?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(jsonContentTypeRefusal(undefined)?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(hasBody({ 'content-length': '0' })).toBe(false);
    expect(hasBody({ 'content-length': '2' })).toBe(true);
    expect(hasBody({ 'transfer-encoding': 'chunked' })).toBe(true);
  });
});
