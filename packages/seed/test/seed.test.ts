import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collections, COLLECTIONS } from '@partner-desk/database';
import { decryptField, FIELD_KEY_ENV, isEncrypted, verifyPassword } from '@partner-desk/shared';
import { deriveCustomerStatus } from '@partner-desk/shared/customers/status';
import { loadProjectConfig } from '../../../emulator/src/config';
import { openDatabase } from '../../../emulator/src/database';
import { callAs, PRODUCT_ROOT, signInAs, startProductEmulators } from '../../../test-support';
import { DEMO_PASSWORDS, generateSeed, importFolderSink, SCALES, type SeedSummary } from '../src';

const NOW = new Date('2026-12-05T04:00:00.000Z');
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `seed-${name}-`));

describe('demo seed generator', () => {
  let dir: string;
  let summary: SeedSummary;
  const progress: string[] = [];

  beforeAll(async () => {
    process.env[FIELD_KEY_ENV] ??= randomBytes(32).toString('base64');
    dir = tmp('default');
    summary = await generateSeed({ seed: 7, now: NOW, ...SCALES.default, onProgress: (c, done, total) => progress.push(`${c} ${done}/${total}`) }, importFolderSink(dir));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const readJsonl = (collection: string) => fs.readFileSync(path.join(dir, `${collection}.jsonl`), 'utf8').trim().split('\n');

  test('When the default scale is generated, then the folder has every collection with the documented counts and progress was reported', () => {
    expect(summary.counts).toMatchObject({ providers: 3, users: 9, customers: 300, tickets: 3000, settings: 3, password_resets: 3, invites: 9 });
    expect(summary.invites.map((i) => i.code)).toEqual([expect.stringMatching(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/), expect.any(String), expect.any(String)]);
    expect(summary.counts.usage_records).toBeGreaterThan(300 * 30);
    expect(summary.counts.messages).toBeGreaterThan(50);
    expect(summary.counts.chat_conversations).toBeGreaterThan(10);
    expect(summary.counts.sessions).toBeUndefined(); // nobody is signed in
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'collections.json'), 'utf8'));
    for (const [name, count] of Object.entries(summary.counts)) {
      expect(meta.collections).toContainEqual(expect.objectContaining({ name, count }));
      expect(readJsonl(name)).toHaveLength(count);
    }
    expect(progress).toContain('tickets 3000/3000');
    expect(summary.logins).toHaveLength(9);
    expect(summary.logins.filter((l) => l.role === 'admin').map((l) => l.password)).toEqual([DEMO_PASSWORDS.admin, DEMO_PASSWORDS.admin, DEMO_PASSWORDS.admin]);
  });

  test('When the same seed is generated twice, then the documents and password hashes are the same (only encryption nonces differ)', async () => {
    const again = tmp('again');
    try {
      await generateSeed({ seed: 7, now: NOW, ...SCALES.default }, importFolderSink(again));
      for (const name of ['tickets', 'usage_records', 'messages', 'chat_messages', 'password_resets', 'invites']) {
        expect(fs.readFileSync(path.join(again, `${name}.jsonl`), 'utf8')).toBe(fs.readFileSync(path.join(dir, `${name}.jsonl`), 'utf8'));
      }
      // Password hashes too: the per-user salts come from the seed.
      const hashes = (folder: string) => fs.readFileSync(path.join(folder, 'users.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).passwordHash as string);
      expect(hashes(again)).toEqual(hashes(dir));
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  test('When the folder is imported into an engine, then the data is consistent: owners, references, statuses, counts, encryption', async () => {
    const config = await loadProjectConfig(PRODUCT_ROOT);
    const dataDir = tmp('engine');
    const engine = await openDatabase({ dataDir, collections: config.collections, strictIndexes: false });
    try {
      await engine.importFrom(dir);
      for (const [name, count] of Object.entries(summary.counts)) expect(await engine.count(name, {})).toBe(count);
      // Every document has the shape its collection declares (database/collections): the typed data layer relies on it.
      for (const declaration of collections) {
        const misfits = (await engine.find(declaration.collectionName, {})).flatMap((doc) => {
          const parsed = declaration.schema.safeParse(doc);
          return parsed.success ? [] : [{ _id: doc._id, issues: parsed.error.issues.slice(0, 3) }];
        });
        expect([declaration.collectionName, misfits.slice(0, 3)]).toEqual([declaration.collectionName, []]);
      }
      const providers = new Set((await engine.find(COLLECTIONS.providers, {})).map((p) => p._id));
      const customers = await engine.find(COLLECTIONS.customers, {});
      const tickets = await engine.find(COLLECTIONS.tickets, {});
      const ownerOf = new Map(customers.map((c) => [c._id, c.serviceProviderId]));

      // Every customer belongs to a provider; statuses are mixed and agree with the expiry dates.
      for (const c of customers) {
        expect(providers.has(c.serviceProviderId)).toBe(true);
        expect(c.status).toBe(deriveCustomerStatus(c.expiryDate as Date, NOW, 30));
        for (const field of ['contactPerson', 'phone', 'email']) expect(isEncrypted(c[field])).toBe(true);
      }
      const statuses = customers.map((c) => c.status);
      for (const s of ['active', 'expiring', 'expired']) expect(statuses.filter((x) => x === s).length).toBeGreaterThan(5);
      expect(decryptField(customers[0].phone as string)).toMatch(/^1\d{10}$/);
      expect(decryptField(customers[0].email as string)).toMatch(/^[a-z.0-9]+@example\.(com|cn|net|org)$/);

      // Tickets only reference their own provider's customers; unresolvedIssues counts them; numbers are unique per provider.
      const open = new Map<string, number>();
      for (const t of tickets) {
        expect(ownerOf.get(t.customerId as string)).toBe(t.serviceProviderId);
        if (t.status !== 'resolved') open.set(t.customerId as string, (open.get(t.customerId as string) ?? 0) + 1);
        const steps = t.processingHistory as { timestamp: Date }[];
        expect(steps[0].timestamp.getTime()).toBe((t.createdAt as Date).getTime());
        expect(steps.every((s, i) => i === 0 || s.timestamp >= steps[i - 1].timestamp)).toBe(true);
        expect((t.updatedAt as Date).getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
      for (const c of customers) expect(c.unresolvedIssues).toBe(open.get(c._id as string) ?? 0);
      expect(new Set(tickets.map((t) => `${t.serviceProviderId}/${t.ticketNo}`)).size).toBe(tickets.length);
      expect(new Set(tickets.map((t) => t.status))).toEqual(new Set(['open', 'processing', 'resolved']));
      expect(tickets.some((t) => t.escalationStatus === 'escalated')).toBe(true);

      // Chats, messages and usage belong to the provider that owns the customer.
      for (const name of [COLLECTIONS.chatConversations, COLLECTIONS.chatMessages, COLLECTIONS.usageRecords]) {
        for (const doc of await engine.find(name, {})) expect(ownerOf.get(doc.customerId as string)).toBe(doc.serviceProviderId);
      }
      const messages = await engine.find(COLLECTIONS.messages, {});
      expect(new Set(messages.map((m) => m.type))).toEqual(new Set(['system_notification', 'customer_alert', 'ticket_update']));
      expect(new Set(messages.map((m) => m.readStatus))).toEqual(new Set(['read', 'unread']));
      expect(JSON.stringify(tickets.slice(0, 50))).not.toMatch(/lorem|ipsum/i);

      // Every account its own salt, so users sharing a demo password share no hash; each verifies with its role's password only.
      const users = await engine.find(COLLECTIONS.users, {});
      const salts = users.map((u) => (u.passwordHash as string).split('$')[4]);
      expect(new Set(salts).size).toBe(users.length);
      expect(new Set(users.map((u) => u.passwordHash)).size).toBe(users.length);
      for (const u of users) {
        expect(await verifyPassword(DEMO_PASSWORDS[u.role as 'admin' | 'agent'], u.passwordHash as string)).toBe(true);
        expect(await verifyPassword(DEMO_PASSWORDS[u.role === 'admin' ? 'agent' : 'admin'], u.passwordHash as string)).toBe(false);
      }
    } finally {
      await engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('When the emulators start with the folder imported, then customers.list serves the seeded data through an index', async () => {
    const emu = await startProductEmulators({ importDir: dir });
    try {
      const [admin] = await emu.database.find(COLLECTIONS.users, { username: summary.logins[0].username });
      await signInAs(emu, 'o-seed-admin', admin as any);
      const own = await emu.database.find(COLLECTIONS.customers, { serviceProviderId: admin.serviceProviderId });
      const expiring = own.filter((c) => c.status === 'expiring');
      const result = (await callAs(emu, 'o-seed-admin', 'customers', 'list', { status: 'expiring', pageSize: 50 })) as any;
      expect(result.ok).toBe(true);
      expect(result.data.total).toBe(expiring.length);
      expect(result.data.customers.map((c: { id: string }) => c.id).sort()).toEqual(expiring.map((c) => c._id).sort());
      expect(result.data.customers[0].phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      const all = (await callAs(emu, 'o-seed-admin', 'customers', 'list', { pageSize: 50 })) as any;
      expect(all.data.total).toBe(own.length);

      // The admin's account requests: one pending password reset (with its message) and a usable invite. This data
      // set's NOW is fixed in the past, so the usable code's expiry is moved on from today first.
      await emu.database.update(COLLECTIONS.invites, { _id: `inv_${summary.invites[0].code.replace('-', '')}` }, { $set: { expiresAt: new Date(Date.now() + 86400_000) } }, { multi: false, upsert: false, merge: true });
      expect(await callAs(emu, 'o-seed-admin', 'profile', 'get', {})).toMatchObject({ ok: true, data: { admin: { pendingPasswordResets: 1, activeInvites: 1 } } });
      const resets = (await callAs(emu, 'o-seed-admin', 'profile', 'passwordResets', {})) as any;
      expect(resets.data.requests).toEqual([expect.objectContaining({ username: summary.logins[2].username, status: 'pending', role: 'agent' })]);
      const messages = (await callAs(emu, 'o-seed-admin', 'messages', 'list', { type: 'system_notification', readStatus: 'unread', pageSize: 50 })) as any;
      expect(messages.data.messages).toContainEqual(expect.objectContaining({ title: '密码重置申请', link: { kind: 'password_resets', id: resets.data.requests[0].id } }));
      const invites = (await callAs(emu, 'o-seed-admin', 'profile', 'invites', {})) as any;
      expect(invites.data.invites.map((i: { status: string }) => i.status)).toEqual(['active', 'expired', 'used']);
      expect(invites.data.invites[0].code).toBe(summary.invites[0].code);
      expect(invites.data.invites[2]).toMatchObject({ usedByUsername: summary.logins[1].username });
      // …and the code registers a new agent of that provider.
      const registered = (await callAs(emu, 'o-seed-newcomer', 'auth', 'register', { inviteCode: summary.invites[0].code, username: 'seed_newcomer', password: 'Welcome-2026', name: '新同事' })) as any;
      expect(registered).toMatchObject({ ok: true, data: { provider: { id: admin.serviceProviderId }, user: { role: 'agent' } } });
    } finally {
      await emu.stop();
    }
  });
});
