import { INVITE_TTL_DAYS, LABELS, type UserRole } from '@partner-desk/contract';
import type { InviteDoc, PasswordResetDoc, ProviderDoc, UserDoc } from '@partner-desk/database';
import { newId } from '../data/ids';
import type { NewMessage } from '../messages/repository';
import { addDays } from '../time';
import { formatInviteCode, generateInviteCode, inviteIdOf } from './invite-code';

/*
 * The documents and messages of account requests (忘记密码, invites), without I/O: the actions write
 * them, and the demo data generator makes its own from the same builders.
 */

/** A fresh invite made by `creator`: agent role, usable for INVITE_TTL_DAYS days. */
export function newInviteDoc(creator: { userId: string; userName: string }, note: string | null, now: Date, code = generateInviteCode(), role: UserRole = 'agent'): Omit<InviteDoc, 'serviceProviderId'> {
  return {
    _id: inviteIdOf(code),
    code,
    role,
    note,
    status: 'active',
    createdById: creator.userId,
    createdByName: creator.userName,
    createdAt: now,
    expiresAt: addDays(now, INVITE_TTL_DAYS),
    usedAt: null,
    usedByUserId: null,
    usedByUsername: null,
    usedByName: null,
    revokedAt: null,
    updatedAt: now,
  };
}

/** A pending request of `user`; its openKey (the user id) keeps it the only pending one. */
export function newPasswordResetDoc(user: Pick<UserDoc, '_id' | 'serviceProviderId' | 'username' | 'name' | 'role'>, provider: Pick<ProviderDoc, 'name'>, now: Date, id = newId('pwr')): PasswordResetDoc {
  return {
    _id: id,
    serviceProviderId: user.serviceProviderId,
    providerName: provider.name,
    userId: user._id,
    username: user.username,
    userName: user.name,
    role: user.role,
    status: 'pending',
    openKey: user._id,
    requestedAt: now,
    lastRequestedAt: now,
    requestCount: 1,
    completedAt: null,
    completedById: null,
    completedByName: null,
    completedVia: null,
    updatedAt: now,
  };
}

/** What tells the provider's admins of a request (linking the requests page). */
export function passwordResetMessage(request: Pick<PasswordResetDoc, '_id' | 'role' | 'userName' | 'username'>): NewMessage {
  return {
    type: 'system_notification',
    title: '密码重置申请',
    content: `${LABELS.role[request.role]}「${request.userName}」（账号 ${request.username}）忘记了登录密码，申请重置。请管理员在「我的 → 密码重置申请」中核实身份后为其设置新密码；如非本人申请，可不予处理。`,
    link: { kind: 'password_resets', id: request._id },
    dedupeKey: `password-reset:${request._id}`,
  };
}

/** What tells the team that someone registered with an invite. */
export function memberJoinedMessage(user: Pick<UserDoc, '_id' | 'name' | 'username'>, code: string): NewMessage {
  return {
    type: 'system_notification',
    title: '新成员加入',
    content: `「${user.name}」（账号 ${user.username}）已使用邀请码 ${formatInviteCode(code)} 注册为客服，现在可以登录处理工单与咨询。`,
    dedupeKey: `register:${user._id}`,
  };
}
