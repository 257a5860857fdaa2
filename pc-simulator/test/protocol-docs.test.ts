/**
 * docs/pc-protocol.md is what the vendor's integrators copy from, so its examples are run, not just read:
 * every JSON example is a valid event (or sync page, or error answer) under the package's schemas; the shell
 * signature recipe prints what the package computes; every documented curl, run by bash with openssl,
 * reaches a receiver that checks it with the package's verifyRequest — the inbound events at a stub of our
 * gateway (carrying exactly the JSON example of their type), the webhook call and the sync GET at the simulator.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { customerPageSchema, INBOUND_EVENT_TYPES, inboundEventSchema, OUTBOUND_EVENT_TYPES, outboundEventSchema, parseWith } from '@partner-desk/pc-protocol';
import { computeSignature, refusalBody, signRequest, verifyRequest } from '@partner-desk/pc-protocol/signing';
import type { PcSimulator } from '../src/simulator';
import { SECRET, StubGateway, startTestSimulator } from './support';

const DOC = fs.readFileSync(path.resolve(__dirname, '../../docs/pc-protocol.md'), 'utf8');
const blocks = (language: string) => [...DOC.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === language).map((m) => m[2]);
const jsonExamples = blocks('json').map((text) => JSON.parse(text) as Record<string, unknown>);
const shellBlocks = blocks('bash');

let gateway: StubGateway;
let simulator: PcSimulator;
beforeAll(async () => {
  gateway = await new StubGateway().start();
  simulator = await startTestSimulator({ gatewayUrl: gateway.url });
});
afterAll(async () => {
  await simulator?.stop();
  await gateway?.stop();
});

/** Runs a documented block with bash; asynchronously, since the servers it calls live in this process. */
function runShell(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', PD_PC_SECRET: SECRET, GATEWAY: gateway.url, PC: simulator.url };
    execFile('bash', ['--noprofile', '--norc', '-c', `set -euo pipefail\n${script}`], { env, encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      if (err || stderr) reject(new Error(`the block failed (${err?.message ?? 'stderr'}): ${stderr}\n${script}`));
      else resolve(stdout);
    });
  });
}

const exampleOf = (type: string) => jsonExamples.find((e) => e.type === type);

test('When every JSON example of the document is parsed, then each is valid under its schema, and every event type in and out has one', () => {
  const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }) });
  for (const example of jsonExamples) {
    const schema = 'customers' in example ? customerPageSchema : 'error' in example ? errorSchema : INBOUND_EVENT_TYPES.includes(example.type as never) ? inboundEventSchema : outboundEventSchema;
    expect({ example, result: parseWith(schema, example) }).toMatchObject({ result: { ok: true } });
  }
  for (const type of [...INBOUND_EVENT_TYPES, ...OUTBOUND_EVENT_TYPES]) expect(exampleOf(type)).toBeDefined();
  expect(jsonExamples.filter((e) => 'customers' in e)).toHaveLength(1);
});

test('When the documented refusals are produced for real, then the answers are word for word those of the document', () => {
  const errors = jsonExamples.filter((e) => 'error' in e) as { error: { code: string } }[];
  const documented = (code: string) => errors.find((e) => e.error.code === code);
  const example = exampleOf('consultation.message') as { data: Record<string, unknown> };
  const body = JSON.stringify({ ...example, data: { ...example.data, content: '' } });
  const invalid = verifyRequest(SECRET, signRequest(SECRET, body), body, new Date(), inboundEventSchema);
  expect(!invalid.ok && refusalBody(invalid)).toEqual(documented('INVALID_EVENT'));
  const ts = 1767225600;
  const stale = verifyRequest(SECRET, signRequest(SECRET, body, { timestamp: ts }), body, new Date((ts + 412) * 1000));
  expect(!stale.ok && refusalBody(stale)).toEqual(documented('STALE_TIMESTAMP'));
});

test('When the shell signature recipe is run, then it prints the documented signature, which is the package’s', async () => {
  const recipe = shellBlocks.find((b) => b.includes('# →'))!;
  const documented = /# → ([0-9a-f]{64})/.exec(recipe)![1];
  expect((await runShell(recipe)).trim()).toBe(documented);
  expect(computeSignature('pd_example_secret', 1767225600, '{"hello":"世界"}')).toBe(documented);
});

test('When each documented curl to the gateway is run, then the gateway verifies it and receives exactly the JSON example of its type', async () => {
  const curls = shellBlocks.filter((b) => b.includes('"$GATEWAY"'));
  expect(curls).toHaveLength(INBOUND_EVENT_TYPES.length);
  for (const script of curls) {
    const before = gateway.requests.length;
    expect(JSON.parse(await runShell(script))).toEqual({ ok: true });
    const request = gateway.requests[before];
    expect(request.verification.ok).toBe(true);
    const event = request.verification.ok ? request.verification.body : null;
    expect(JSON.parse(request.raw)).toEqual(exampleOf(event!.type));
  }
  expect(gateway.events.map((e) => e.event.type)).toEqual(INBOUND_EVENT_TYPES);
});

test('When the documented webhook curl and sync GET are run against the simulator, then both pass its signature checks and answer as documented', async () => {
  const webhook = shellBlocks.find((b) => b.includes('"$PC/webhook"'))!;
  expect(JSON.parse(await runShell(webhook))).toEqual({ ok: true });
  const reply = exampleOf('chat.reply') as { data: { content: string } };
  const chat = await (await fetch(`${simulator.url}/api/chat/K00100001`)).json();
  expect((chat as any).conversation.entries.at(-1)).toMatchObject({ from: 'provider', content: reply.data.content });

  const sync = shellBlocks.find((b) => b.includes('/customers?'))!;
  const page = JSON.parse(await runShell(sync));
  expect(parseWith(customerPageSchema, page)).toMatchObject({ ok: true });
  expect({ count: page.customers.length, hasMore: page.hasMore }).toEqual({ count: 2, hasMore: true });
});

test('When the setup block is read, then it names the secret and the two addresses every other block uses', () => {
  const setup = shellBlocks.find((b) => b.startsWith('# setup'))!;
  for (const name of ['PD_PC_SECRET', 'GATEWAY', 'PC']) expect(setup).toMatch(new RegExp(`^export ${name}=`, 'm'));
});
