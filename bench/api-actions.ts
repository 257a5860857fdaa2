import { randomBytes } from 'node:crypto';
import { FIELD_KEY_ENV } from '@partner-desk/shared/crypto/field-cipher';
import { engineSink, generateSeed, SCALES } from '@partner-desk/seed';
import { signInAs } from '../test-support';
import { FREE_PORTS } from '../emulator/src/constants';
import { startEmulators } from '../emulator/src/suite';
import { costliest, traceQueries } from './query-trace';
import { ms, summarise } from './stats';

/**
 * Product actions over seeded data: for each list/detail action (called generically through the hub by
 * function and action name; functions or actions that don't exist yet are skipped), the number of
 * SEQUENTIAL round trips to the admin endpoint (requests whose intervals overlap count once, as timed by
 * the function's worker: the hub's per-invocation `sequentialRoundTrips`) and latency percentiles.
 * Default seed by default; `--scale 100k` (100k customers, 1M tickets) is opt-in and takes minutes.
 * BENCH_TRACE=1 lists every query of each action with the index that served it.
 */
const RUNS = 200;
const WARMUP = 20;

type Ids = { customerId: string; ticketId: string; messageId: string };
/**
 * `fresh`: the payload is made anew for every call (a phone code works once, a subscribe request id counts
 * once); `freshCaller`: every call comes from another OPENID (public actions with per-caller quotas).
 */
type Options = { fresh?: boolean; freshCaller?: boolean };
let serial = 0;
const next = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;
const ACTIONS: [fn: string, action: string, payload: (ids: Ids) => unknown, options?: Options][] = [
  ['dashboard', 'overview', () => ({})],
  ['customers', 'list', () => ({})],
  ['customers', 'list', () => ({ status: 'expiring' })],
  ['customers', 'list', () => ({ keyword: '科技', hasUnresolved: true })],
  ['customers', 'detail', (ids) => ({ id: ids.customerId })],
  ['customers', 'tickets', (ids) => ({ id: ids.customerId })],
  ['customers', 'usageScore', (ids) => ({ id: ids.customerId })],
  ['tickets', 'list', () => ({})],
  ['tickets', 'list', () => ({ status: 'open' })],
  ['tickets', 'detail', (ids) => ({ id: ids.ticketId })],
  ['messages', 'list', () => ({})],
  ['messages', 'unreadCount', () => ({})],
  ['messages', 'detail', (ids) => ({ id: ids.messageId })],
  ['chat', 'conversations', () => ({})],
  ['chat', 'messages', (ids) => ({ customerId: ids.customerId })],
  // Issue 9's page shapes and the actions behind the app's account pages.
  ['customers', 'revealContact', (ids) => ({ id: ids.customerId })],
  ['profile', 'get', () => ({})],
  ['profile', 'passwordResets', () => ({})],
  ['profile', 'invites', () => ({})],
  ['profile', 'createInvite', () => ({ note: '压测' })],
  ['profile', 'recordSubscribeAccepts', () => ({ requestId: `bench-${next()}`, accepted: [{ templateKey: 'new_consultation', result: 'accept' }] }), { fresh: true }],
  ['profile', 'bindPhone', () => ({ code: `bench${next()}${'0'.repeat(64)}`.slice(0, 64) }), { fresh: true }],
  ['auth', 'requestPasswordReset', () => ({ username: `bench_nobody_${next()}` }), { fresh: true, freshCaller: true }],
];

export async function runApiActionsBench(scaleName: keyof typeof SCALES = 'default') {
  process.env[FIELD_KEY_ENV] ??= randomBytes(32).toString('base64');
  const emu = await startEmulators({ ports: FREE_PORTS, strictIndexes: true, timers: false });
  try {
    const scale = SCALES[scaleName];
    console.log(`seeding ${scaleName}: ${scale.customers} customers, ${scale.tickets} tickets …`);
    let last = 0;
    const seeded = await generateSeed(
      {
        seed: 1,
        now: new Date(),
        ...scale,
        onProgress: (c, done, total) => {
          if (done === total || Date.now() - last > 2000) console.log(`  ${c} ${done}/${total} (${Math.round((done / Math.max(1, total)) * 100)}%)`), (last = Date.now());
        },
      },
      engineSink(emu.database),
    );
    console.log(`seeded in ${(seeded.elapsedMs / 1000).toFixed(1)} s`);
    // At 100k the seed leaves gigabytes of garbage; collect it now (node --expose-gc) rather than in the
    // middle of the first action measured, where one full collection can outlast a function's timeout.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      const t = performance.now();
      gc();
      console.log(`full garbage collection after seeding: ${ms(performance.now() - t)}`);
    }
    const [admin] = await emu.database.find('users', { username: seeded.logins[0].username });
    await signInAs(emu, 'o-bench', admin as any);
    const providerId = admin.serviceProviderId;
    const [customer] = await emu.database.find('customers', { serviceProviderId: providerId, unresolvedIssues: { $gt: 0 } }, { limit: 1 });
    const [ticket] = await emu.database.find('tickets', { serviceProviderId: providerId }, { limit: 1 });
    const [message] = await emu.database.find('messages', { serviceProviderId: providerId }, { limit: 1 });
    const ids: Ids = { customerId: String(customer._id), ticketId: String(ticket._id), messageId: String(message._id) };

    const invoke = async (fn: string, action: string, payload: unknown, openId = 'o-bench') => {
      const res = await fetch(`${emu.hubUrl}/functions/${fn}:invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: { action, payload }, wxContext: { OPENID: openId, APPID: 'wx-bench' } }),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };

    console.log(`\n${'action'.padEnd(56)} ${'round trips'.padStart(11)}  ${'p50'.padStart(12)} ${'p95'.padStart(12)}  most documents examined by one query`);
    for (const [fn, action, makePayload, options = {}] of ACTIONS) {
      const payload = makePayload(ids);
      const call = () => invoke(fn, action, options.fresh ? makePayload(ids) : payload, options.freshCaller ? `o-bench-${next()}` : undefined);
      const label = `${fn}.${action} ${options.fresh ? '(fresh each call)' : JSON.stringify(payload).replace(/"id":"[^"]+"/, '"id":…').slice(0, 40)}`;
      let probe: Awaited<ReturnType<typeof invoke>> | undefined;
      const traced = await traceQueries(emu.database, async () => (probe = await call()));
      if (!probe) continue;
      if (probe.body?.error?.code === 'FUNCTIONS_TIME_LIMIT_EXCEEDED') {
        // Shown, not hidden: the first call of an action is also what a user would wait for.
        console.log(`${label.padEnd(56)} first call timed out; calling again`);
        probe = await call();
      }
      if (process.env.BENCH_TRACE) for (const q of traced) console.log(`    ${q.op} ${q.collection} via ${q.index ?? 'scan'}: ${q.examined} examined`);
      if (probe.status !== 200 || probe.body?.error?.code === 'UNSUPPORTED_ACTION') {
        console.log(`${label.padEnd(56)} skipped (${probe.body?.error?.code ?? `HTTP ${probe.status}`})`);
        continue;
      }
      if (!probe.body?.ok) {
        console.log(`${label.padEnd(56)} failed: ${probe.body?.error?.code} ${probe.body?.error?.message}`);
        continue;
      }
      for (let i = 0; i < WARMUP; i++) await call();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await call();
        samples.push(performance.now() - t);
      }
      const { invocations } = (await fetch(`${emu.hubUrl}/functions/invocations?function=${fn}&limit=${RUNS}`).then((r) => r.json())) as {
        invocations: { sequentialRoundTrips?: number }[];
      };
      const trips = invocations.map((inv) => inv.sequentialRoundTrips ?? NaN);
      const [fewest, most] = [Math.min(...trips), Math.max(...trips)];
      const { p50, p95 } = summarise(samples);
      console.log(`${label.padEnd(56)} ${(fewest === most ? `${most}` : `${fewest}–${most}`).padStart(11)}  ${ms(p50).padStart(12)} ${ms(p95).padStart(12)}  ${costliest(traced)}`);
    }
    console.log(
      `\nround trips: sequential requests to the admin endpoint per call over ${RUNS} calls (one figure when every call agreed, ` +
        'else fewest–most), as the function worker timed them: requests whose intervals overlap (sent together) count once ' +
        '(InvocationRecord.clientRequests → sequentialRoundTrips, emulator/src/functions/round-trips.ts).\n' +
        'documents examined: read and tested by the filter for the costliest query of one call (0 = a count from index bounds alone).',
    );
  } finally {
    await emu.stop();
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--scale');
  const scale = (i >= 0 ? process.argv[i + 1] : 'default') as keyof typeof SCALES;
  if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  runApiActionsBench(scale).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
