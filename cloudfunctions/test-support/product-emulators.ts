import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { actionResultSchema, CONTRACT, type ActionSpec, type FunctionName } from '@partner-desk/contract';
import { COLLECTIONS, type ProviderDoc, type UserDoc } from '@partner-desk/database';
import { type UserRole } from '@partner-desk/contract';
import { encryptField, FIELD_KEY_ENV, hashPassword } from '@partner-desk/shared';
import { invokeViaHub, startTestEmulators } from '../../emulator/test/helpers/test-emulators';
import type { RunningEmulators } from '../../emulator/src/suite';

/**
 * What product function tests share: the emulators with the product's functions and collections
 * (strict index mode on), a field key for this run, and direct seeding of tenants and sign-ins through
 * the database engine so each domain's tests stand on their own.
 */
export async function startProductEmulators(): Promise<RunningEmulators> {
  // Functions read the key through cloudbaserc's {{env.PD_FIELD_KEY}}; the test process encrypts seed data with the same one.
  process.env[FIELD_KEY_ENV] ??= randomBytes(32).toString('base64');
  return startTestEmulators();
}

export interface SeededTenant {
  provider: ProviderDoc;
  users: Record<string, UserDoc & { password: string }>;
}

let counter = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;

/** A provider with accounts (`username → role`), all with password `Passw0rd!<username>`. */
export async function seedTenant(emu: RunningEmulators, name: string, accounts: Record<string, UserRole> = { [`${name}-admin`]: 'admin' }): Promise<SeededTenant> {
  const now = new Date();
  const provider: ProviderDoc = {
    _id: id('sp'),
    name,
    contactPerson: encryptField(`${name}联系人`),
    phone: encryptField('13800000000'),
    email: encryptField('contact@example.com'),
    region: '上海',
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  await emu.database.insert(COLLECTIONS.providers, [provider]);
  const users: SeededTenant['users'] = {};
  for (const [username, role] of Object.entries(accounts)) {
    const password = `Passw0rd!${username}`;
    const user: UserDoc = {
      _id: id('u'),
      serviceProviderId: provider._id,
      username,
      passwordHash: await hashPassword(password),
      name: `${username}（${role === 'admin' ? '管理员' : '客服'}）`,
      role,
      status: 'active',
      notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true },
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    };
    await emu.database.insert(COLLECTIONS.users, [user]);
    users[username] = { ...user, password };
  }
  return { provider, users };
}

/** Binds a WeChat OPENID to a user as auth.login would, without going through it. */
export async function signInAs(emu: RunningEmulators, openId: string, user: UserDoc): Promise<void> {
  const now = new Date();
  const key = `wx:${openId}`;
  await emu.database.update(
    COLLECTIONS.sessions,
    { _id: key },
    { _id: key, identityType: 'wechat', userId: user._id, serviceProviderId: user.serviceProviderId, role: user.role, userName: user.name, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 7 * 86400_000) },
    { multi: false, upsert: true, merge: false },
  );
  await emu.database.update(
    COLLECTIONS.userSignals,
    { _id: key },
    { _id: key, _openid: openId, serviceProviderId: user.serviceProviderId, userId: user._id, messages: 0, tickets: 0, chat: 0, customers: 0, updatedAt: now },
    { multi: false, upsert: true, merge: false },
  );
}

export type AnyActionResult = { ok: true; data: any } | { ok: false; error: { code: string; message: string; details?: unknown } };

/**
 * Every answer a test receives is checked against the contract: a success's data against the action's
 * result schema (strict, so a field that leaks out of a view fails the test too), a failure against the
 * closed error shape. Unknown functions and actions (probes of the router) are left to the test.
 */
export function assertAnswersContract(fn: string, action: string, answer: unknown): AnyActionResult {
  const own = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);
  const actions: Record<string, ActionSpec> | undefined = own(CONTRACT, fn) ? CONTRACT[fn as FunctionName].actions : undefined;
  const spec = actions && own(actions, action) ? actions[action] : undefined;
  const schema = spec ? actionResultSchema(spec.result) : actionResultSchema(z.unknown());
  const checked = schema.safeParse(answer);
  if (!checked.success) throw new Error(`${fn}.${action} answered outside its contract: ${JSON.stringify(checked.error.issues.slice(0, 5))}\nanswer: ${JSON.stringify(answer).slice(0, 2000)}`);
  return answer as AnyActionResult;
}

/** Calls `<fn>.<action>` as the WeChat user `openId` (or as the console without one); answers the result shape, checked against the contract. */
export async function callAs(emu: RunningEmulators, openId: string | null, fn: string, action: string, payload?: unknown): Promise<AnyActionResult> {
  const { body } = await invokeViaHub(emu.hubUrl, fn, { action, payload }, openId ? { OPENID: openId, APPID: 'wx-test-app' } : undefined);
  return assertAnswersContract(fn, action, body);
}
