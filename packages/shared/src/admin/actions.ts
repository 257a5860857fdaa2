import { COLLECTIONS, type ProviderDoc, type UserDoc } from '@partner-desk/database';
import { accountGuardId } from '../auth/login-guard';
import { loginGuardRepository, sessionRepository } from '../auth/repository';
import { encryptField } from '../crypto/field-cipher';
import { hashPassword, passwordProblem } from '../crypto/password';
import { DEFAULT_EXPIRING_DAYS } from '../customers/status';
import { db, getDocOrNull, type Db } from '../data/database';
import { bumpSignals } from '../data/signals';
import { AppError } from '../errors';
import type { ActionHandler } from '../router';
import { importedCustomerFields, validateImportRows } from './customer-import';
import { isDuplicateKeyError } from './database-errors';
import { adminRepository, importTarget, newDocumentId } from './repository';
import type { CreateProviderPayload, CreateProviderResult, CreateUserPayload, CreateUserResult, ImportCustomersResult, ResetPasswordPayload } from '@partner-desk/contract';

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
  if (await adminRepository.providerNameTaken(payload.name)) throw duplicate();
  const now = new Date();
  const providerId = newDocumentId('sp');
  const provider: Omit<ProviderDoc, '_id'> = { name: payload.name, status: 'active', createdAt: now, updatedAt: now };
  if (payload.contactPerson) provider.contactPerson = encryptField(payload.contactPerson);
  if (payload.phone) provider.phone = encryptField(payload.phone);
  if (payload.email) provider.email = encryptField(payload.email);
  if (payload.region) provider.region = payload.region;
  try {
    // Provider, its settings and the audit entry commit together: no provider without settings.
    await db().runTransaction(async (transaction: Db) => {
      await transaction.collection(COLLECTIONS.providers).doc(providerId).set({ data: provider });
      await transaction.collection(COLLECTIONS.settings).doc(providerId).set({ data: { expiringDays: DEFAULT_EXPIRING_DAYS, expiryAlertDays: DEFAULT_EXPIRY_ALERT_DAYS, updatedAt: now } });
      await adminRepository.recordAuditInTransaction(transaction, { serviceProviderId: providerId, action: 'admin.createProvider', targetType: 'provider', targetId: providerId, details: { name: payload.name } }, now);
    });
  } catch (err) {
    // Two consoles creating the same name at once: the unique index decides.
    if (isDuplicateKeyError(err)) throw duplicate();
    throw err;
  }
  return { providerId };
}

async function createUser(payload: CreateUserPayload): Promise<CreateUserResult> {
  assertPasswordPolicy(payload.password);
  const duplicate = () => new AppError('CONFLICT', `账号已存在：${payload.username}`);
  const [provider, taken] = await Promise.all([adminRepository.findProvider(payload.providerId), adminRepository.usernameTaken(payload.username)]);
  if (!provider) throw new AppError('NOT_FOUND', '服务商不存在');
  if (taken) throw duplicate();
  const now = new Date();
  const userId = newDocumentId('u');
  const user: Omit<UserDoc, '_id'> = {
    serviceProviderId: provider._id,
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
    await db().runTransaction(async (transaction: Db) => {
      // Re-read inside the transaction: a provider removed meanwhile gets no orphan user.
      if (!(await getDocOrNull(transaction.collection(COLLECTIONS.providers).doc(provider._id)))) throw new AppError('NOT_FOUND', '服务商不存在');
      await transaction.collection(COLLECTIONS.users).doc(userId).set({ data: user });
      await adminRepository.recordAuditInTransaction(
        transaction,
        { serviceProviderId: provider._id, action: 'admin.createUser', targetType: 'user', targetId: userId, details: { username: payload.username, role: payload.role } },
        now,
      );
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw duplicate();
    throw err;
  }
  return { userId };
}

async function resetPassword({ userId, newPassword }: ResetPasswordPayload): Promise<Record<string, never>> {
  assertPasswordPolicy(newPassword);
  const user = await adminRepository.findUser(userId);
  if (!user) throw new AppError('NOT_FOUND', '账号不存在');
  const now = new Date();
  await adminRepository.updateUser(userId, { passwordHash: await hashPassword(newPassword), passwordChangedAt: now, updatedAt: now });
  // Every device signed in with the old password is signed out, and a lockout from guessing it is lifted.
  const [sessionsEnded] = await Promise.all([sessionRepository.endSessionsOfUser(userId), loginGuardRepository.clearGuards([accountGuardId(userId)])]);
  await adminRepository.recordAudit({ serviceProviderId: user.serviceProviderId, action: 'admin.resetPassword', targetType: 'user', targetId: userId, details: { sessionsEnded } }, now);
  return {};
}

async function importCustomers({ providerId, customers }: { providerId: string; customers: unknown[] }): Promise<ImportCustomersResult> {
  const rows = validateImportRows(customers);
  const [provider, settings] = await Promise.all([adminRepository.findProvider(providerId), adminRepository.findProviderSettings(providerId)]);
  if (!provider) throw new AppError('NOT_FOUND', '服务商不存在');
  const expiringDays = settings?.expiringDays ?? DEFAULT_EXPIRING_DAYS;
  const now = new Date();
  const target = importTarget(provider._id);
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
      await target.insert({ usageScore: 0, ...fields, unresolvedIssues: 0, createdAt: now });
      return 'inserted';
    } catch (err) {
      // Inserted by a concurrent import or sync since the lookup: the unique index makes it an update.
      if (!isDuplicateKeyError(err)) throw err;
      await target.updateByExternalId(row.externalId, fields);
      return 'updated';
    }
  });

  const result = { inserted: outcomes.filter((o) => o === 'inserted').length, updated: outcomes.filter((o) => o === 'updated').length };
  await Promise.all([
    adminRepository.recordAudit({ serviceProviderId: provider._id, action: 'admin.importCustomers', targetType: 'provider', targetId: provider._id, details: { rows: rows.length, ...result } }, now),
    bumpSignals(provider._id, ['customers']),
  ]);
  return result;
}

export const createProviderAccount: ActionHandler<'admin', 'createProvider'> = (payload) => createProvider(payload);

export const createUserAccount: ActionHandler<'admin', 'createUser'> = (payload) => createUser(payload);

export const resetUserPassword: ActionHandler<'admin', 'resetPassword'> = (payload) => resetPassword(payload);

export const importProviderCustomers: ActionHandler<'admin', 'importCustomers'> = (payload) => importCustomers(payload);
