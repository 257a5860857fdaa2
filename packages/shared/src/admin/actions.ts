import { COLLECTIONS, type ProviderDoc, type UserDoc } from '@partner-desk/database';
import { accountGuardId } from '../auth/login-guard';
import { loginGuardRepository, sessionRepository } from '../auth/repository';
import { encryptField } from '../crypto/field-cipher';
import { hashPassword, passwordProblem } from '../crypto/password';
import { DEFAULT_EXPIRING_DAYS } from '../customers/status';
import { db, getDocOrNull, type Db } from '../data/database';
import { bumpSignals } from '../data/signals';
import { AppError } from '../errors';
import { defineConsoleAction } from '../tenant-action';
import { importedCustomerFields, validateImportRows } from './customer-import';
import { isDuplicateKeyError } from './database-errors';
import { adminRepository, importTarget, newDocumentId } from './repository';
import {
  createProviderPayloadSchema,
  createUserPayloadSchema,
  importCustomersPayloadSchema,
  importCustomersRoutingSchema,
  resetPasswordPayloadSchema,
  type CreateProviderPayload,
  type CreateProviderResult,
  type CreateUserPayload,
  type CreateUserResult,
  type ImportCustomersResult,
  type ResetPasswordPayload,
} from './schemas';

/** Expiry alerts are raised this many days before expiry unless the provider's settings say otherwise. */
export const DEFAULT_EXPIRY_ALERT_DAYS = [90, 60, 30, 7];

const CONSOLE_ONLY = { PERMISSION_DENIED: '调用方是终端用户（微信或网页）：仅管理控制台可调用' };

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

export const adminActions = {
  createProvider: defineConsoleAction(createProviderPayloadSchema, (payload) => createProvider(payload), {
    summary: '新建服务商（租户），同时创建其设置（到期提醒：expiringDays 30，expiryAlertDays [90,60,30,7]）。联系人、电话、邮箱加密存储。',
    result: '{ providerId }',
    errors: { CONFLICT: '服务商名称已存在', ...CONSOLE_ONLY },
  }),

  createUser: defineConsoleAction(createUserPayloadSchema, (payload) => createUser(payload), {
    summary: '为服务商新建登录账号；密码以 scrypt 哈希保存，通知开关默认全开。',
    result: '{ userId }',
    errors: { NOT_FOUND: '服务商不存在', CONFLICT: '账号已存在', INVALID_ARGUMENT: '密码不符合策略（8–64 位，含字母和数字），message 为策略原文', ...CONSOLE_ONLY },
  }),

  resetPassword: defineConsoleAction(resetPasswordPayloadSchema, (payload) => resetPassword(payload), {
    summary: '重置账号密码，结束该账号的全部会话，并解除登录锁定。',
    result: '{}',
    errors: { NOT_FOUND: '账号不存在', INVALID_ARGUMENT: '新密码不符合策略', ...CONSOLE_ONLY },
  }),

  importCustomers: defineConsoleAction(importCustomersRoutingSchema, (payload) => importCustomers(payload), {
    summary:
      '按 (服务商, externalId) 导入或更新客户：先校验全部行（任一行错误则不写入），联系人/电话/邮箱加密，状态由到期日期推导（已过期 / 服务商设置的 expiringDays 天内为即将到期 / 否则活跃，按北京时间计天），保留已有客户的未解决问题数。重复导入幂等。',
    result: '{ inserted, updated }',
    errors: { INVALID_ARGUMENT: '某行数据不正确或 externalId 重复：message 指明行号，details.row 为下标（从 0 起）', NOT_FOUND: '服务商不存在', ...CONSOLE_ONLY },
    payload: importCustomersPayloadSchema,
  }),
};
