/**
 * JSON nested thousands of levels deep, at every door that parses JSON. Before, such an event crashed the
 * function worker's hand-off (FUNCTIONS_CRASHED, 500) and elsewhere answered INTERNAL. Now each door
 * refuses it with a clear message before anything walks it, and nothing runs or is written. The limit
 * (128) sits above MongoDB's documented 100-level document nesting, so real documents still pass.
 */
import { exceedsJsonDepth, findTooDeepJsonString, MAX_JSON_DEPTH } from '../src/json-depth';
import type { RunningEmulators } from '../src/suite';
import { invokeViaHub, startTestEmulators } from './helpers/test-emulators';

/** `{"a":{"a":…1…}}`, `depth` objects deep, as text (the SDKs would overflow building it as an object at 10,000). */
const nestedText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nested = (depth: number): unknown => JSON.parse(nestedText(depth));
const DEEP = 10_000;

let emu: RunningEmulators;
let cloud: typeof import('wx-server-sdk');

beforeAll(async () => {
  emu = await startTestEmulators();
  Object.assign(process.env, emu.env, { SILENCE: 'true' });
  cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
});
afterAll(() => emu?.stop());

const url = (name: string) => emu.infos().find((i) => i.name === name)!.url;
const invocationCount = () => emu.functions.invocations().length;
const post = (target: string, body: string, headers: Record<string, string> = {}) =>
  fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

test('When the depth is measured, then brackets inside strings do not count and the limit is exclusive', () => {
  expect(exceedsJsonDepth(nestedText(MAX_JSON_DEPTH))).toBe(false);
  expect(exceedsJsonDepth(nestedText(MAX_JSON_DEPTH + 1))).toBe(true);
  expect(exceedsJsonDepth(JSON.stringify({ text: '['.repeat(10_000), quoted: 'a \\" [[[' }))).toBe(false);
  expect(findTooDeepJsonString({ action: 'x', data: ['{}', nestedText(200)] })).toBe('data[1]');
  expect(findTooDeepJsonString({ stages: [{ stageKey: 'match', stageValue: nestedText(200) }] })).toBe('stages[0].stageValue');
});

test('When the hub is asked to invoke with an event 10,000 levels deep, then 400 JSON_TOO_DEEP and no invocation; 100 levels pass through whole', async () => {
  const before = invocationCount();
  const deep = await post(`${emu.hubUrl}/functions/echo:invoke`, `{"data":${nestedText(DEEP)}}`);
  expect(deep.status).toBe(400);
  expect(deep.body.error).toEqual({ code: 'JSON_TOO_DEEP', message: 'request body nests JSON deeper than 128 levels (MongoDB allows documents 100 levels deep)' });
  expect(invocationCount()).toBe(before);
  const fine = await invokeViaHub(emu.hubUrl, 'echo', nested(100));
  expect(fine.status).toBe(200);
  expect(fine.body.event).toEqual(nested(100));
});

test('When a script sends deep data through the real wx-server-sdk (callFunction, add), then the call rejects naming the depth and nothing runs or is written', async () => {
  const before = invocationCount();
  await expect(cloud.callFunction({ name: 'echo', data: nested(1000) as object })).rejects.toMatchObject({ errMsg: expect.stringContaining('request_data nests JSON deeper than 128 levels') });
  expect(invocationCount()).toBe(before);
  const db = cloud.database();
  await expect(db.collection('notes').add({ data: { deep: nested(1000) } })).rejects.toMatchObject({ errMsg: expect.stringMatching(/data.* nests JSON deeper than 128 levels/) });
  expect(await emu.database.count('notes', {})).toBe(0);
  // The same call with a real document goes through.
  await db.collection('notes').add({ data: { _id: 'fine', deep: nested(90) } });
  expect(await emu.database.count('notes', { _id: 'fine' })).toBe(1);
});

test('When the admin endpoint gets a deep body or a deep EJSON query, then INVALID_PARAM in CloudBase\'s error shape, before any action runs', async () => {
  const body = await post(`${emu.adminUrl}?env=x`, `{"action":"database.insertDocument","collectionName":"notes","x":${nestedText(DEEP)}}`);
  expect(body.status).toBe(200); // CloudBase answers errors with 200 and a code; the SDKs surface the message
  expect(body.body).toEqual({ code: 'INVALID_PARAM', message: expect.stringContaining('request body nests JSON deeper than 128 levels'), requestId: expect.any(String) });
  const query = await post(`${emu.adminUrl}?env=x`, JSON.stringify({ action: 'database.getDocument', collectionName: 'notes', queryType: 'WHERE', query: nestedText(DEEP) }));
  expect(query.body).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/^query nests JSON deeper than 128 levels/) });
});

describe('web endpoint (browser SDK)', () => {
  let auth: Record<string, string>;
  beforeAll(async () => {
    const signIn = await post(`${url('web')}/auth/v1/signin/anonymously?client_id=${emu.config.envId}`, '{}');
    auth = { authorization: `Bearer ${signIn.body.access_token}` };
  });
  const documents = () => `${url('web')}/v1/database/instances/(default)/databases/(default)/collections/notes/documents`;

  test('When callFunction sends a deep body, then 400 INVALID_PARAM and the function does not run', async () => {
    const before = invocationCount();
    const res = await post(`${url('web')}/v1/functions/echo`, nestedText(DEEP), auth);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_PARAM', message: 'request body nests JSON deeper than 128 levels (MongoDB allows documents 100 levels deep)' });
    expect(invocationCount()).toBe(before);
  });

  test('When the database routes get a deep document or a deep query string, then 400 INVALID_PARAM and nothing is written', async () => {
    const before = await emu.database.count('notes', {});
    const add = await post(documents(), JSON.stringify({ data: [nestedText(DEEP)] }), auth);
    expect(add.status).toBe(400);
    expect(add.body).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/^data\[0\] nests JSON deeper than 128 levels/) });
    const addObject = await post(documents(), `{"data":[${nestedText(DEEP)}]}`, auth);
    expect(addObject.status).toBe(400);
    // (200 levels: a URL of 10,000 would pass Node's header size limit and be refused before any route.)
    const list = await fetch(`${documents()}?query=${encodeURIComponent(nestedText(200))}`, { headers: auth });
    expect(list.status).toBe(400);
    expect(await list.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/^query parameter query nests JSON deeper/) });
    expect(await emu.database.count('notes', {})).toBe(before);
  });
});

test('When an HTTP access path gets a deep body declared as JSON, then 400 JSON_TOO_DEEP and no invocation; as text it is the function\'s to read', async () => {
  const before = invocationCount();
  const deep = await post(`${url('http')}/echo`, nestedText(DEEP));
  expect(deep.status).toBe(400);
  expect(deep.body).toMatchObject({ code: 'JSON_TOO_DEEP', message: expect.stringContaining('nests JSON deeper than 128 levels') });
  expect(invocationCount()).toBe(before);
  const asText = await post(`${url('http')}/echo`, nestedText(DEEP), { 'content-type': 'text/plain' });
  expect(asText.status).toBe(200);
  expect(asText.body.event.body).toBe(nestedText(DEEP));
});

test('When the console API gets a deep query filter, then 400 JSON_TOO_DEEP', async () => {
  const res = await post(`${emu.console.getInfo().url}/api/collections/notes/query`, `{"filter":${nestedText(DEEP)}}`);
  expect(res.status).toBe(400);
  expect(res.body.error).toEqual({ code: 'JSON_TOO_DEEP', message: expect.stringContaining('nests JSON deeper than 128 levels') });
});
