/**
 * Logs in as two providers (their admins) and shows that each sees only its own customers, tickets,
 * messages, chats, password reset requests and invite codes, and that every action taking an id answers
 * NOT_FOUND for the other provider's ids (and changes nothing).
 * Used by `scripts/check-tenant-isolation.ts` against a running product and by its test.
 */

export interface Login {
  username: string;
  password: string;
}

type Result = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

type Seen = { customers: number; tickets: number; messages: number; chats: number; pendingResets: number; usableInvites: number };

export interface IsolationReport {
  seen: Record<'A' | 'B', Seen>;
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
  const owned: Record<'A' | 'B', { provider: string; customers: string[]; tickets: string[]; messages: string[]; chatCustomers: string[]; resets: string[]; invites: string[] }> = {} as never;
  const report: IsolationReport = { seen: {} as never, probes: [], leaks: [] };

  for (const side of ['A', 'B'] as const) {
    const { openId, login } = sides[side];
    const session = await must(openId, 'auth', 'login', { username: login.username, password: login.password });
    const customers = await must(openId, 'customers', 'list', { pageSize: 50 });
    const tickets = await must(openId, 'tickets', 'list', { pageSize: 50 });
    const messages = await must(openId, 'messages', 'list', { pageSize: 50 });
    const chats = await must(openId, 'chat', 'conversations', { pageSize: 50 });
    // The demo data has a pending reset request and a usable invite per provider; other data gets them made here, before counting.
    let resets = await must(openId, 'profile', 'passwordResets', { pageSize: 50 });
    if (resets.total === 0) {
      await must(`${openId}-forgot`, 'auth', 'requestPasswordReset', { username: login.username });
      resets = await must(openId, 'profile', 'passwordResets', { pageSize: 50 });
    }
    let invites = await must(openId, 'profile', 'invites', { status: 'active', pageSize: 50 });
    if (invites.total === 0) {
      await must(openId, 'profile', 'createInvite', { note: '隔离检查' });
      invites = await must(openId, 'profile', 'invites', { status: 'active', pageSize: 50 });
    }
    owned[side] = {
      provider: session.provider.id,
      customers: customers.customers.map((c: { id: string }) => c.id),
      tickets: tickets.tickets.map((t: { id: string }) => t.id),
      messages: messages.messages.map((m: { id: string }) => m.id),
      chatCustomers: chats.conversations.map((c: { customerId: string }) => c.customerId),
      resets: resets.requests.map((r: { id: string }) => r.id),
      invites: invites.invites.map((i: { code: string }) => i.code),
    };
    report.seen[side] = { customers: customers.total, tickets: tickets.total, messages: messages.total, chats: chats.total, pendingResets: resets.total, usableInvites: invites.total };
  }
  if (owned.A.provider === owned.B.provider) throw new Error('both logins belong to the same provider');

  for (const [me, other] of [['A', 'B'], ['B', 'A']] as const) {
    const { openId } = sides[me];
    const theirs = owned[other];
    // Whatever I list must not contain the other side's ids.
    for (const [kind, mine] of Object.entries({ customers: owned[me].customers, tickets: owned[me].tickets, messages: owned[me].messages, chats: owned[me].chatCustomers, resets: owned[me].resets, invites: owned[me].invites })) {
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
      ['customers', 'revealContact', { id: customerId }],
      ['profile', 'completePasswordReset', { requestId: theirs.resets[0], newPassword: 'Cross-tenant-1' }],
      ['profile', 'revokeInvite', { code: theirs.invites[0] }],
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
    const counts: Seen = {
      customers: (await must(openId, 'customers', 'list', { pageSize: 1 })).total,
      tickets: (await must(openId, 'tickets', 'list', { pageSize: 1 })).total,
      messages: (await must(openId, 'messages', 'list', { pageSize: 1 })).total,
      chats: (await must(openId, 'chat', 'conversations', { pageSize: 1 })).total,
      pendingResets: (await must(openId, 'profile', 'passwordResets', { pageSize: 1 })).total,
      usableInvites: (await must(openId, 'profile', 'invites', { status: 'active', pageSize: 1 })).total,
    };
    for (const [kind, n] of Object.entries(counts)) {
      if (n !== report.seen[side][kind as keyof Seen]) report.leaks.push(`${side}'s ${kind} changed from ${report.seen[side][kind as keyof Seen]} to ${n} during the probes`);
    }
  }
  return report;
}

export function printIsolationReport(report: IsolationReport): void {
  console.log('provider  customers  tickets  messages  chats  pending resets  usable invites');
  for (const side of ['A', 'B'] as const) {
    const s = report.seen[side];
    console.log(
      `${side.padEnd(9)} ${String(s.customers).padStart(9)}  ${String(s.tickets).padStart(7)}  ${String(s.messages).padStart(8)}  ${String(s.chats).padStart(5)}  ${String(s.pendingResets).padStart(14)}  ${String(s.usableInvites).padStart(14)}`,
    );
  }
  const byCode = new Map<string, number>();
  for (const p of report.probes) byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
  console.log(`\n${report.probes.length} cross-provider probes: ${[...byCode].map(([c, n]) => `${n} ${c}`).join(', ')}`);
  for (const p of report.probes) console.log(`  as ${p.as}: ${p.call.padEnd(30)} → ${p.code}`);
  console.log(report.leaks.length ? `\nLEAKS:\n  ${report.leaks.join('\n  ')}` : '\nno leaks: each provider sees only its own data');
}
