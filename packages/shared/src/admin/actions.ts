import type { CreateProviderPayload, CreateProviderResult, CreateUserPayload, CreateUserResult, ImportCustomersResult, ListPasswordResetsResult, ResetPasswordPayload } from '@partner-desk/contract';
import type { ProviderDoc, UserDoc } from '@partner-desk/database';
import { accountGuardId } from '../auth/login-guard';
import { HQ_COMPLETER, passwordResetRequests, toPasswordResetView } from '../auth/password-resets';
import { accountsRepository, loginGuardsRepository, sessionsRepository } from '../auth/repository';
import { encryptField } from '../crypto/field-cipher';
import { hashPassword, passwordProblem } from '../crypto/password';
import { customersRepository } from '../customers/repository';
import { DEFAULT_EXPIRING_DAYS } from '../customers/status';
import { isDuplicateKey } from '../data/database-errors';
import { newId } from '../data/ids';
import { bumpSignals } from '../data/signals';
import { runScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import type { ActionHandler } from '../router';
import { importedCustomerFields, validateImportRows } from './customer-import';
import { adminInTransaction, adminRepository } from './repository';

/** Expiry alerts are raised this many days before expiry unless the provider's settings say otherwise. */
export const DEFAULT_EXPIRY_ALERT_DAYS = [90, 60, 30, 7];

function assertPasswordPolicy(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the answers in order. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function createProvider(payload: CreateProviderPayload): Promise<CreateProviderResult> {
  const duplicate = () => new AppError('CONFLICT', `服务商名称已存在：${payload.name}`);
  if (await accountsRepository().providerNameTaken(payload.name)) throw duplicate();
  const now = new Date();
  const providerId = newId('sp');
  const provider: Omit<ProviderDoc, '_id'> = { name: payload.name, status: 'active', createdAt: now, updatedAt: now };
  if (payload.contactPerson) provider.contactPerson = encryptField(payload.contactPerson);
  if (payload.phone) provider.phone = encryptField(payload.phone);
  if (payload.email) provider.email = encryptField(payload.email);
  if (payload.region) provider.region = payload.region;
  try {
    // Provider, its settings and the audit entry commit together: no provider without settings. All three
    // are new documents; the name check above is advisory, uniq_name decides a race (a duplicate key).
    await runScopedTransaction(
      { serviceProviderId: providerId },
      async (transaction) => {
        const admin = adminInTransaction(transaction);
        await admin.insertProvider(provider, { expiringDays: DEFAULT_EXPIRING_DAYS, expiryAlertDays: DEFAULT_EXPIRY_ALERT_DAYS, updatedAt: now });
        await admin.recordAudit({ serviceProviderId: providerId, action: 'admin.createProvider', targetType: 'provider', targetId: providerId, details: { name: payload.name } }, now);
      },
      { retryDuplicateKey: false },
    );
  } catch (err) {
    // Two consoles creating the same name at once: the unique index decides.
    if (isDuplicateKey(err)) throw duplicate();
    throw err;
  }
  return { providerId };
}

async function createUser(payload: CreateUserPayload): Promise<CreateUserResult> {
  assertPasswordPolicy(payload.password);
  const duplicate = () => new AppError('CONFLICT', `账号已存在：${payload.username}`);
  const accounts = accountsRepository();
  const [provider, taken] = await Promise.all([accounts.findProviderById(payload.providerId), accounts.usernameTaken(payload.username)]);
  if (!provider) throw new AppError('NOT_FOUND', '服务商不存在');
  if (taken) throw duplicate();
  const now = new Date();
  const userId = newId('u');
  const user: Omit<UserDoc, 'serviceProviderId'> = {
    _id: userId,
    username: payload.username,
    passwordHash: await hashPassword(payload.password),
    name: payload.name,
    role: payload.role,
    status: 'active',
    notificationSettings: { ticketUpdates: true, customerAlerts: true, chatMessages: true, systemNotifications: true },
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await runScopedTransaction(
      { serviceProviderId: provider._id },
      async (transaction) => {
        const admin = adminInTransaction(transaction);
        // Re-read and written in the transaction: a provider removed meanwhile gets no orphan user.
        if (!(await admin.lockProviderForNewUser(now))) throw new AppError('NOT_FOUND', '服务商不存在');
        await admin.insertUser(user);
        await admin.recordAudit(
          { serviceProviderId: provider._id, action: 'admin.createUser', targetType: 'user', targetId: userId, details: { username: payload.username, role: payload.role } },
          now,
        );
      },
      // uniq_username decides two consoles creating the same username at once.
      { retryDuplicateKey: false },
    );
  } catch (err) {
    if (isDuplicateKey(err)) throw duplicate();
    throw err;
  }
  return { userId };
}

async function resetPassword({ userId, newPassword }: ResetPasswordPayload): Promise<Record<string, never>> {
  assertPasswordPolicy(newPassword);
  const admin = adminRepository();
  const user = await admin.findUser(userId);
  if (!user) throw new AppError('NOT_FOUND', '账号不存在');
  const now = new Date();
  await admin.updateUser(userId, { passwordHash: await hashPassword(newPassword), passwordChangedAt: now, updatedAt: now });
  // Every device signed in with the old password is signed out, a lockout from guessing it is lifted, and
  // the user's pending reset request (忘记密码) is answered by this.
  const [sessionsEnded, , requestClosed] = await Promise.all([
    sessionsRepository().endSessionsOfUser(userId),
    loginGuardsRepository().clearGuards([accountGuardId(userId)]),
    passwordResetRequests().closeOpen(userId, HQ_COMPLETER, now),
  ]);
  await admin.recordAudit({ serviceProviderId: user.serviceProviderId, action: 'admin.resetPassword', targetType: 'user', targetId: userId, details: { sessionsEnded, requestClosed } }, now);
  return {};
}

async function listPasswordResets({ providerId, status, page, pageSize }: { providerId?: string; status: 'pending' | 'completed'; page: number; pageSize: number }): Promise<ListPasswordResetsResult> {
  const result = await passwordResetRequests().list(status, { page, pageSize }, providerId);
  return {
    requests: result.items.map((doc) => ({ ...toPasswordResetView(doc), providerId: doc.serviceProviderId, providerName: doc.providerName })),
    total: result.total,
    page,
    pageSize,
  };
}

/**
 * Upserts rows by (provider, externalId) without a transaction: each row is one document, its lookup is
 * advisory, and uniq_provider_external decides a race (an insert that collides becomes an update).
 */
async function importCustomers({ providerId, customers }: { providerId: string; customers: unknown[] }): Promise<ImportCustomersResult> {
  const rows = validateImportRows(customers);
  const admin = adminRepository();
  const [provider, settings] = await Promise.all([admin.findProvider(providerId), admin.findProviderSettings(providerId)]);
  if (!provider) throw new AppError('NOT_FOUND', '服务商不存在');
  const expiringDays = settings?.expiringDays ?? DEFAULT_EXPIRING_DAYS;
  const now = new Date();
  const tenant = { serviceProviderId: provider._id };
  const target = customersRepository(tenant);
  const existing = await target.findByExternalIds(rows.map((row) => row.externalId));

  const outcomes = await mapWithConcurrency(rows, 10, async (row): Promise<'inserted' | 'updated'> => {
    const fields = {
      ...importedCustomerFields(row, now, expiringDays),
      serviceProviderName: provider.name,
      contactPerson: encryptField(row.contactPerson),
      phone: encryptField(row.phone),
      email: encryptField(row.email),
      updatedAt: now,
    };
    // unresolvedIssues (and usageScore when the row has none) belong to our side: an update keeps them.
    if (existing.has(row.externalId)) {
      await target.updateByExternalId(row.externalId, fields);
      return 'updated';
    }
    try {
      await target.insertCustomer({ usageScore: 0, ...fields, unresolvedIssues: 0, createdAt: now });
      return 'inserted';
    } catch (err) {
      // Inserted by a concurrent import or sync since the lookup: the unique index makes it an update.
      if (!isDuplicateKey(err)) throw err;
      await target.updateByExternalId(row.externalId, fields);
      return 'updated';
    }
  });

  const result = { inserted: outcomes.filter((o) => o === 'inserted').length, updated: outcomes.filter((o) => o === 'updated').length };
  await Promise.all([
    admin.recordAudit({ serviceProviderId: provider._id, action: 'admin.importCustomers', targetType: 'provider', targetId: provider._id, details: { rows: rows.length, ...result } }, now),
    bumpSignals(tenant, ['customers']),
  ]);
  return result;
}

export const createProviderAccount: ActionHandler<'admin', 'createProvider'> = (payload) => createProvider(payload);

export const createUserAccount: ActionHandler<'admin', 'createUser'> = (payload) => createUser(payload);

export const resetUserPassword: ActionHandler<'admin', 'resetPassword'> = (payload) => resetPassword(payload);

export const importProviderCustomers: ActionHandler<'admin', 'importCustomers'> = (payload) => importCustomers(payload);

export const listProviderPasswordResets: ActionHandler<'admin', 'listPasswordResets'> = (payload) => listPasswordResets(payload);
