import type { CreateProviderPayload, CreateProviderResult, CreateUserPayload, CreateUserResult, ImportCustomersResult, ListPasswordResetsResult, ResetPasswordPayload } from '@partner-desk/contract';
import type { ProviderDoc, UserDoc } from '@partner-desk/database';
import { accountGuardId } from '../auth/login-guard';
import { HQ_COMPLETER, passwordResetRequests, toPasswordResetView } from '../auth/password-resets';
import { accountsRepository, loginGuardsRepository, sessionsRepository } from '../auth/repository';
import { encryptField } from '../crypto/field-cipher';
import { hashPassword, passwordProblem } from '../crypto/password';
import { DEFAULT_EXPIRY_ALERT_DAYS } from '../customers/alerts';
import { DEFAULT_EXPIRING_DAYS } from '../customers/status';
import { fromImportRow } from '../customers/vendor-customer';
import { notifyAfterCommit } from '../data/after-commit';
import { isDuplicateKey } from '../data/database-errors';
import { newId } from '../data/ids';
import { runScopedTransaction } from '../data/transaction';
import { AppError } from '../errors';
import { applyParkedForProviders, storeVendorCustomers } from '../pc-gateway/arrivals';
import { ownersRepository } from '../providers/owners';
import type { ActionHandler } from '../router';
import { validateImportRows } from './customer-import';
import { adminInTransaction, adminRepository } from './repository';

function assertPasswordPolicy(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);
}

async function createProvider(payload: CreateProviderPayload): Promise<CreateProviderResult> {
  const duplicate = () => new AppError('CONFLICT', `服务商名称已存在：${payload.name}`);
  const codeTaken = () => new AppError('CONFLICT', `服务商编码已存在：${payload.externalId}`);
  const admin = adminRepository();
  const [nameTaken, code] = await Promise.all([accountsRepository().providerNameTaken(payload.name), payload.externalId ? admin.findProviderCode(payload.externalId) : null]);
  if (nameTaken) throw duplicate();
  if (code) throw codeTaken();
  const now = new Date();
  const providerId = newId('sp');
  const provider: Omit<ProviderDoc, '_id'> = { name: payload.name, status: 'active', createdAt: now, updatedAt: now };
  if (payload.contactPerson) provider.contactPerson = encryptField(payload.contactPerson);
  if (payload.phone) provider.phone = encryptField(payload.phone);
  if (payload.email) provider.email = encryptField(payload.email);
  if (payload.region) provider.region = payload.region;
  if (payload.externalId) provider.externalId = payload.externalId;
  try {
    // Provider, its settings, its code's claim and the audit entry commit together: no provider without
    // settings. All are new documents; the checks above are advisory: uniq_name decides a race on the
    // name, the claim's _id (the code) one on the code (a duplicate key either way).
    await runScopedTransaction(
      { serviceProviderId: providerId },
      async (transaction) => {
        const writes = adminInTransaction(transaction);
        await writes.insertProvider(provider, { expiringDays: DEFAULT_EXPIRING_DAYS, expiryAlertDays: DEFAULT_EXPIRY_ALERT_DAYS, updatedAt: now });
        if (payload.externalId) await writes.claimProviderCode(payload.externalId, now);
        await writes.recordAudit({ serviceProviderId: providerId, action: 'admin.createProvider', targetType: 'provider', targetId: providerId, details: { name: payload.name, externalId: payload.externalId ?? null } }, now);
      },
      { retryDuplicateKey: false },
    );
  } catch (err) {
    // Two consoles creating the same name or code at once: the unique index (or the claim's id) decides.
    if (isDuplicateKey(err)) throw payload.externalId && (await admin.findProviderCode(payload.externalId)) ? codeTaken() : duplicate();
    throw err;
  }
  // Customers the PC system sent under this code before the provider existed were parked: they arrive now.
  if (payload.externalId) {
    const code = payload.externalId;
    await notifyAfterCommit('parked customers of a new provider code', () => applyParkedForProviders([code], 'admin.createProvider', now));
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
 * Stores the rows for the provider through the one upsert that sync and customer.upserted share
 * (pc-gateway/arrivals.ts: customers by externalId, statuses, scores, alerts; consultations parked for
 * them applied). Every row is checked before anything is written.
 */
async function importCustomers({ providerId, customers }: { providerId: string; customers: unknown[] }): Promise<ImportCustomersResult> {
  const rows = validateImportRows(customers);
  const owner = (await ownersRepository().ownersByIds([providerId])).get(providerId);
  if (!owner) throw new AppError('NOT_FOUND', '服务商不存在');
  const now = new Date();
  const { results } = await storeVendorCustomers(
    rows.map((row) => ({ owner, customer: fromImportRow(row) })),
    { now, source: 'admin.importCustomers' },
  );
  const result = { inserted: results.filter((r) => r?.outcome === 'inserted').length, updated: results.filter((r) => r && r.outcome !== 'inserted').length };
  await adminRepository().recordAudit({ serviceProviderId: providerId, action: 'admin.importCustomers', targetType: 'provider', targetId: providerId, details: { rows: rows.length, ...result } }, now);
  return result;
}

export const createProviderAccount: ActionHandler<'admin', 'createProvider'> = (payload) => createProvider(payload);

export const createUserAccount: ActionHandler<'admin', 'createUser'> = (payload) => createUser(payload);

export const resetUserPassword: ActionHandler<'admin', 'resetPassword'> = (payload) => resetPassword(payload);

export const importProviderCustomers: ActionHandler<'admin', 'importCustomers'> = (payload) => importCustomers(payload);

export const listProviderPasswordResets: ActionHandler<'admin', 'listPasswordResets'> = (payload) => listPasswordResets(payload);
