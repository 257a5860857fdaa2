/**
 * Logs in as two providers and shows that each sees only its own customers, tickets, messages and chats,
 * and that every action taking an id answers NOT_FOUND for the other provider's ids (and changes nothing).
 * Used by `scripts/check-tenant-isolation.ts` against a running product and by its test.
 */

export interface Login {
  username: string;
  password: string;
}

type Result = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

export interface IsolationReport {
  seen: Record<'A' | 'B', { customers: number; tickets: number; messages: number; chats: number }>;
  probes: { as: 'A' | 'B'; call: string; code: string }[];
  leaks: string[];
}

export async function checkTenantIsolation(hubUrl: string, loginA: Login, loginB: Login): Promise<IsolationReport> {
  const call = async (openId: string, fn: string, action: string, payload: unknown = {}): Promise<Result> => {
    const res = await fetch(`${hubUrl}/functions/${fn}:invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { action, payload }, wxContext: { OPENID: openId } }),
    });
    return (await res.json()) as Result;
  };
  const must = async (openId: string, fn: string, action: string, payload: unknown = {}) => {
    const r = await call(openId, fn, action, payload);
    if (!r.ok) throw new Error(`${fn}.${action} failed: ${r.error.code} ${r.error.message}`);
    return r.data;
  };

  const sides = { A: { openId: `o-isolation-a-${Date.now()}`, login: loginA }, B: { openId: `o-isolation-b-${Date.now()}`, login: loginB } };
  const owned: Record<'A' | 'B', { provider: string; customers: string[]; tickets: string[]; messages: string[]; chatCustomers: string[] }> = {} as never;
  const report: IsolationReport = { seen: {} as never, probes: [], leaks: [] };

  for (const side of ['A', 'B'] as const) {
    const { openId, login } = sides[side];
    const session = await must(openId, 'auth', 'login', { username: login.username, password: login.password });
    const customers = await must(openId, 'customers', 'list', { pageSize: 50 });
    const tickets = await must(openId, 'tickets', 'list', { pageSize: 50 });
    const messages = await must(openId, 'messages', 'list', { pageSize: 50 });
    const chats = await must(openId, 'chat', 'conversations', { pageSize: 50 });
    owned[side] = {
      provider: session.provider.id,
      customers: customers.customers.map((c: { id: string }) => c.id),
      tickets: tickets.tickets.map((t: { id: string }) => t.id),
      messages: messages.messages.map((m: { id: string }) => m.id),
      chatCustomers: chats.conversations.map((c: { customerId: string }) => c.customerId),
    };
    report.seen[side] = { customers: customers.total, tickets: tickets.total, messages: messages.total, chats: chats.total };
  }
  if (owned.A.provider === owned.B.provider) throw new Error('both logins belong to the same provider');

  for (const [me, other] of [['A', 'B'], ['B', 'A']] as const) {
    const { openId } = sides[me];
    const theirs = owned[other];
    // Whatever I list must not contain the other side's ids.
    for (const [kind, mine] of Object.entries({ customers: owned[me].customers, tickets: owned[me].tickets, messages: owned[me].messages, chats: owned[me].chatCustomers })) {
      const overlap = mine.filter((id) => (theirs as unknown as Record<string, string[]>)[kind === 'chats' ? 'chatCustomers' : kind].includes(id));
      if (overlap.length) report.leaks.push(`${me} lists ${kind} of ${other}: ${overlap.slice(0, 3).join(', ')}`);
    }
    const customerId = theirs.customers[0] ?? theirs.chatCustomers[0];
    const ticketId = theirs.tickets[0];
    const messageId = theirs.messages[0];
    const chatCustomerId = theirs.chatCustomers[0] ?? customerId;
    const probes: [string, string, unknown][] = [
      ['customers', 'detail', { id: customerId }],
      ['customers', 'tickets', { id: customerId }],
      ['customers', 'usageScore', { id: customerId }],
      ['tickets', 'detail', { id: ticketId }],
      ['tickets', 'create', { customerId, title: '越权测试', content: '不应创建', type: 'system_issue' }],
      ['tickets', 'reply', { id: ticketId, content: '越权回复' }],
      ['tickets', 'resolve', { id: ticketId, note: '越权解决' }],
      ['tickets', 'escalate', { id: ticketId, reason: '越权升级' }],
      ['messages', 'detail', { id: messageId }],
      ['messages', 'read', { id: messageId }],
      ['chat', 'messages', { customerId: chatCustomerId }],
      ['chat', 'send', { customerId: chatCustomerId, content: '越权消息' }],
      ['chat', 'escalate', { customerId: chatCustomerId, content: '越权升级', reason: '越权' }],
    ];
    for (const [fn, action, payload] of probes) {
      const r = await call(openId, fn, action, payload);
      const code = r.ok ? 'OK' : r.error.code;
      report.probes.push({ as: me, call: `${fn}.${action}`, code });
      if (code !== 'NOT_FOUND') report.leaks.push(`${me} → ${fn}.${action} on ${other}'s id answered ${code}, expected NOT_FOUND`);
    }
  }

  // The probes changed nothing on the other side.
  for (const side of ['A', 'B'] as const) {
    const { openId } = sides[side];
    const counts = {
      customers: (await must(openId, 'customers', 'list', { pageSize: 1 })).total,
      tickets: (await must(openId, 'tickets', 'list', { pageSize: 1 })).total,
      messages: (await must(openId, 'messages', 'list', { pageSize: 1 })).total,
      chats: (await must(openId, 'chat', 'conversations', { pageSize: 1 })).total,
    };
    for (const [kind, n] of Object.entries(counts)) {
      if (n !== report.seen[side][kind as keyof (typeof counts)]) report.leaks.push(`${side}'s ${kind} changed from ${report.seen[side][kind as keyof typeof counts]} to ${n} during the probes`);
    }
  }
  return report;
}

export function printIsolationReport(report: IsolationReport): void {
  console.log('provider  customers  tickets  messages  chats');
  for (const side of ['A', 'B'] as const) {
    const s = report.seen[side];
    console.log(`${side.padEnd(9)} ${String(s.customers).padStart(9)}  ${String(s.tickets).padStart(7)}  ${String(s.messages).padStart(8)}  ${String(s.chats).padStart(5)}`);
  }
  const byCode = new Map<string, number>();
  for (const p of report.probes) byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
  console.log(`\n${report.probes.length} cross-provider probes: ${[...byCode].map(([c, n]) => `${n} ${c}`).join(', ')}`);
  for (const p of report.probes) console.log(`  as ${p.as}: ${p.call.padEnd(22)} → ${p.code}`);
  console.log(report.leaks.length ? `\nLEAKS:\n  ${report.leaks.join('\n  ')}` : '\nno leaks: each provider sees only its own data');
}
