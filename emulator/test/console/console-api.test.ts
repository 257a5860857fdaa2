/**
 * The console's JSON API against a real suite (strict index mode on, as in every test): collections,
 * paging, queries through the engine, edit/delete/add, invocations, timers, and bad input that must
 * answer 4xx without disturbing the emulators.
 */
import http from 'node:http';
import type { LocalDatabaseEngine } from '../../src/database';
import { TimersEmulator } from '../../src/timers/timers-emulator';
import type { RunningEmulators } from '../../src/suite';
import { invokeViaHub, startTestEmulators } from '../helpers/test-emulators';
import { apiClient, consoleFor } from './console-harness';

let running: RunningEmulators;
let consoleService: { url: string; stop: () => Promise<void> };
let api: ReturnType<typeof apiClient>;

const COLL = 'console_api_test';

beforeAll(async () => {
  running = await startTestEmulators();
  consoleService = await consoleFor(running);
  api = apiClient(consoleService.url);
  await running.database.createCollection(COLL);
  await running.database.insert(
    COLL,
    Array.from({ length: 45 }, (_, n) => ({ _id: `doc-${String(n).padStart(2, '0')}`, n, title: `第 ${n} 条`, at: new Date(Date.UTC(2025, 0, 1 + n)) })),
  );
}, 60_000);

afterAll(async () => {
  await consoleService?.stop();
  await running?.stop();
});

describe('collections', () => {
  test('lists every collection with its document count and declared indexes', async () => {
    const { status, body } = await api('GET', '/collections');
    expect(status).toBe(200);
    const byName = new Map<string, any>(body.collections.map((c: any) => [c.name, c]));
    expect(byName.get(COLL)).toMatchObject({ name: COLL, count: 45 });
    expect(byName.get(COLL).indexes.map((ix: any) => ix.name)).toEqual(['_id_']);
    // Declared in database/: the product's collections arrive with their indexes.
    const declared = [...byName.values()].find((c) => c.indexes.length > 1);
    expect(declared).toBeDefined();
    expect(declared.indexes[1]).toEqual(expect.objectContaining({ name: expect.any(String), unique: expect.any(Boolean), keys: expect.any(Array) }));
  });

  test('pages through a collection 20 at a time', async () => {
    const first = await api('GET', `/collections/${COLL}/documents`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 20, total: 45 });
    expect(first.body.documents).toHaveLength(20);
    const third = await api('GET', `/collections/${COLL}/documents?page=3`);
    expect(third.body.documents.map((d: any) => d._id)).toEqual(['doc-40', 'doc-41', 'doc-42', 'doc-43', 'doc-44']);
    const beyond = await api('GET', `/collections/${COLL}/documents?page=9`);
    expect(beyond.body.documents).toEqual([]);
  });

  test('documents come back as relaxed EJSON: plain numbers, {$date: ISO}', async () => {
    const { body } = await api('GET', `/collections/${COLL}/documents/doc-02`);
    expect(body.document).toEqual({ _id: 'doc-02', n: 2, title: '第 2 条', at: { $date: '2025-01-03T00:00:00.000Z' } });
  });

  test('bad page numbers and unknown collections answer 400/404', async () => {
    expect((await api('GET', `/collections/${COLL}/documents?page=0`)).status).toBe(400);
    const nan = await api('GET', `/collections/${COLL}/documents?page=abc`);
    expect(nan.status).toBe(400);
    expect(nan.body.error.message).toMatch(/page/);
    const missing = await api('GET', '/collections/no_such_collection/documents');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('no_such_collection');
  });
});

describe('query', () => {
  test('strict index mode refuses an unindexed filter with a readable message', async () => {
    const { status, body } = await api('POST', `/collections/${COLL}/query`, { filter: { n: { $gte: 40 } } });
    expect(status).toBe(400);
    expect(body.error.code).toBe('EMULATOR_INDEX_REQUIRED');
    expect(body.error.message).toContain(`"${COLL}"`);
    expect(body.error.message).toContain('n');
  });

  test('filter, sort, limit run through the engine once an index covers them; the plan is reported', async () => {
    await (running.database as LocalDatabaseEngine).createIndex(COLL, { name: 'n_1', unique: false, keys: [{ name: 'n', direction: 1 }] });
    const { status, body } = await api('POST', `/collections/${COLL}/query`, { filter: { n: { $gte: 40 } }, sort: { n: -1 }, limit: 3 });
    expect(status).toBe(200);
    expect(body.total).toBe(5);
    expect(body.documents.map((d: any) => d.n)).toEqual([44, 43, 42]);
    expect(body.plan).toEqual({ index: 'n_1', scanned: expect.any(Number) });
  });

  test('relaxed EJSON dates work in filters', async () => {
    const { status, body } = await api('POST', `/collections/${COLL}/query`, { filter: { _id: { $in: ['doc-01', 'doc-30'] }, at: { $gte: { $date: '2025-01-15T00:00:00Z' } } } });
    expect(status).toBe(200);
    expect(body.documents.map((d: any) => d._id)).toEqual(['doc-30']);
  });

  test('malformed query bodies answer 400 with what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ filter: [1, 2] }, /filter/],
      [{ filter: {}, sort: { n: 2 } }, /sort/],
      [{ filter: {}, sort: 'n' }, /sort/],
      [{ limit: 0 }, /limit/],
      [{ limit: 5000 }, /limit/],
      [{ skip: -1 }, /skip/],
      [[], /JSON 对象|JSON object/],
      [{ filter: { n: { $bogus: 1 } } }, /.+/],
    ];
    for (const [body, message] of cases) {
      const res = await api('POST', `/collections/${COLL}/query`, body);
      expect([res.status, body]).toEqual([400, body]);
      expect(res.body.error.message).toMatch(message);
    }
  });
});

describe('edit, delete, add', () => {
  test('PUT replaces the whole document and keeps its _id', async () => {
    const { status, body } = await api('PUT', `/collections/${COLL}/documents/doc-05`, { _id: 'doc-05', n: 5, title: '改过了', at: { $date: '2030-01-01T00:00:00Z' } });
    expect(status).toBe(200);
    expect(body.document).toEqual({ _id: 'doc-05', n: 5, title: '改过了', at: { $date: '2030-01-01T00:00:00.000Z' } });
    const [stored] = await running.database.find(COLL, { _id: 'doc-05' });
    expect(stored.at).toBeInstanceOf(Date);
  });

  test('PUT refuses a changed _id and an unknown document', async () => {
    const changed = await api('PUT', `/collections/${COLL}/documents/doc-06`, { _id: 'other', n: 6 });
    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toMatch(/_id/);
    expect((await api('PUT', `/collections/${COLL}/documents/nope`, { n: 1 })).status).toBe(404);
  });

  test('DELETE removes one document; a second DELETE is 404', async () => {
    expect((await api('DELETE', `/collections/${COLL}/documents/doc-07`)).body).toEqual({ removed: 1 });
    expect((await api('GET', `/collections/${COLL}/documents/doc-07`)).status).toBe(404);
    expect((await api('DELETE', `/collections/${COLL}/documents/doc-07`)).status).toBe(404);
  });

  test('POST adds a document, generating an _id when none is given', async () => {
    const { status, body } = await api('POST', `/collections/${COLL}/documents`, { title: '<img src=x onerror=alert(1)>', n: 100 });
    expect(status).toBe(200);
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.document).toEqual({ _id: body.id, title: '<img src=x onerror=alert(1)>', n: 100 });
  });

  test('a duplicate _id is a readable 400', async () => {
    const { status, body } = await api('POST', `/collections/${COLL}/documents`, { _id: 'doc-01' });
    expect(status).toBe(400);
    expect(body.error.code).toMatch(/DUPLICATE/);
  });
});

describe('bad requests never hurt the emulator', () => {
  test('invalid JSON bodies are 400 INVALID_JSON', async () => {
    const res = await api('POST', `/collections/${COLL}/query`, '{"filter": {');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
    expect(res.body.error.message).toMatch(/JSON/);
    expect((await api('PUT', `/collections/${COLL}/documents/doc-01`, 'not json')).status).toBe(400);
    expect((await api('POST', `/collections/${COLL}/documents`, 'null')).status).toBe(400);
  });

  test('writes that are not application/json are refused (a cross-site form cannot post here)', async () => {
    const res = await api('POST', `/collections/${COLL}/documents`, '{"a":1}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  test('unknown routes, malformed paths and foreign Host headers', async () => {
    expect((await api('GET', '/nope')).status).toBe(404);
    expect((await api('PATCH', `/collections/${COLL}/documents/doc-01`, {})).status).toBe(404);
    expect((await api('GET', `/collections/%E0%A4%A/documents`)).status).toBe(400);
    const foreign = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${consoleService.url}/api/collections`, { headers: { host: 'evil.example:4405' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(foreign).toBe(403);
  });

  test('after all that the console and the hub still answer', async () => {
    expect((await api('GET', '/overview')).status).toBe(200);
    expect((await fetch(`${running.hubUrl}/emulators`)).status).toBe(200);
  });
});

describe('functions, messages, timers, overview', () => {
  test('invocations list who called, how long it took and the database operations', async () => {
    const ping = await invokeViaHub(running.hubUrl, 'ping', { action: 'ping' }, { OPENID: 'o-console-test', APPID: 'wx-test' });
    expect(ping.body.ok).toBe(true);
    const list = await api('GET', '/invocations?function=ping');
    expect(list.status).toBe(200);
    const [latest] = list.body.invocations;
    expect(latest).toMatchObject({ functionName: 'ping', caller: 'o-console-test', source: 'hub', status: 'ok', coldStart: expect.any(Boolean) });
    expect(latest.durationMs).toBeGreaterThan(0);
    expect(latest.operationCount).toBeGreaterThan(0);
    const detail = await api('GET', `/invocations/${latest.id}`);
    expect(detail.body.invocation.operations[0]).toEqual(expect.objectContaining({ action: expect.any(String), collection: 'pings', startedAt: expect.any(Number), endedAt: expect.any(Number) }));
    expect((await api('GET', '/invocations/nope')).status).toBe(404);
    expect((await api('GET', '/invocations?limit=x')).status).toBe(400);
  });

  test('subscribe messages and the overview', async () => {
    expect((await api('GET', '/subscribe-messages')).body).toEqual({ messages: expect.any(Array) });
    const overview = await api('GET', '/overview');
    expect(overview.body.envId).toBe(running.config.envId);
    expect(overview.body.functions).toContain('ping');
    expect(overview.body.emulators.map((e: any) => e.name)).toEqual(expect.arrayContaining(['hub', 'admin', 'console']));
  });

  test('timer triggers are listed and fired on demand', async () => {
    const timers = new TimersEmulator({ triggers: [{ functionName: 'ping', name: 'hourly', config: '0 0 * * * * *' }], functions: running.functions, enabled: false });
    await timers.start();
    const withTimers = await consoleFor(running, { timers });
    try {
      const timerApi = apiClient(withTimers.url);
      const list = await timerApi('GET', '/timers');
      expect(list.body.timers).toEqual([expect.objectContaining({ functionName: 'ping', name: 'hourly', nextFireAt: null })]);
      const fired = await timerApi('POST', '/timers/ping/hourly/fire', {});
      expect(fired.status).toBe(200);
      expect(fired.body.result).toMatchObject({ ok: true, invocationId: expect.any(String) });
      expect(running.functions.invocation(fired.body.result.invocationId)?.source).toBe('timer');
      expect((await timerApi('POST', '/timers/ping/weekly/fire', {})).status).toBe(404);
      expect((await timerApi('POST', '/timers/nope/fire', {})).status).toBe(404);
    } finally {
      await withTimers.stop();
      await timers.stop();
    }
  });
});

describe('storage', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

  async function store(key: string, content: Buffer, contentType: string, caller: Parameters<RunningEmulators['storage']['prepareUpload']>[0]) {
    const ticket = await running.storage.prepareUpload(caller, key);
    const res = await fetch(ticket.url, { method: 'PUT', headers: { authorization: ticket.authorization, 'x-cos-security-token': ticket.token, 'x-cos-meta-fileid': ticket.cosFileId, 'content-type': contentType }, body: content });
    expect(res.status).toBe(200);
    return ticket.fileId;
  }

  test('files are listed newest first with size, uploader and time; the bucket’s permission is shown', async () => {
    const image = await store('uploads/u1/202612/shot.png', PNG, 'image/png', { kind: 'client', auth: { uid: 'uid-console', loginType: 'ANONYMOUS' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store('reports/page.html', Buffer.from('<script>alert(1)</script>'), 'text/html', { kind: 'server' });
    const listing = await api('GET', '/storage');
    expect(listing.status).toBe(200);
    expect(listing.body).toMatchObject({ envId: running.config.envId, bucket: running.storage.bucket, access: { acl: 'READONLY' } });
    expect(listing.body.files.slice(0, 2)).toEqual([
      { key: 'reports/page.html', fileId: expect.stringMatching(/\/reports\/page\.html$/), size: 25, contentType: 'text/html', owner: null, uploadedAt: expect.any(String), previewable: false },
      { key: 'uploads/u1/202612/shot.png', fileId: image, size: PNG.length, contentType: 'image/png', owner: 'uid-console', uploadedAt: expect.any(String), previewable: true },
    ]);
  });

  test('an image is served inline for the preview; anything else only as a download that no page may run or embed', async () => {
    const image = await fetch(`${consoleService.url}/storage/object?key=${encodeURIComponent('uploads/u1/202612/shot.png')}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''shot.png");
    expect(image.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    const html = await fetch(`${consoleService.url}/storage/object?key=reports%2Fpage.html`);
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect((await fetch(`${consoleService.url}/storage/object?key=nope.png`)).status).toBe(404);
  });

  test('DELETE removes a file (its temporary URL stops working); a second DELETE is 404 and a missing key is 400', async () => {
    const fileId = running.storage.fileIdOf('reports/page.html');
    const [url] = await running.storage.downloadUrls({ kind: 'server' }, [{ fileId }]);
    if (!url.ok) throw new Error(url.message);
    expect((await api('DELETE', '/storage/files?key=reports%2Fpage.html')).body).toEqual({ removed: 'reports/page.html' });
    expect(running.storage.store.get('reports/page.html')).toBeUndefined();
    expect((await fetch(url.url)).status).toBe(404);
    expect((await api('DELETE', '/storage/files?key=reports%2Fpage.html')).status).toBe(404);
    expect((await api('DELETE', '/storage/files')).status).toBe(400);
  });
});

