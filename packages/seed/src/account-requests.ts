/**
 * The demo's account requests, so the app has something to show an admin at once: per provider one
 * pending 忘记密码 request (its second agent asked a few hours ago, with the message-centre entry that
 * tells the admins), and invite codes — one usable, one used by the first agent when the team was set
 * up, one that ran out unused. Codes come from the seed's PRNG, so a data set is reproducible.
 */
import { INVITE_TTL_DAYS, LABELS } from '@partner-desk/contract';
import type { InviteDoc, MessageDoc, PasswordResetDoc } from '@partner-desk/database';
import { generateInviteCode, inviteIdOf } from '@partner-desk/shared/auth/invite-code';
import type { PlannedProvider } from './plan';
import { streamFor } from './prng';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function demoPasswordReset(seed: number, provider: PlannedProvider, now: Date): PasswordResetDoc {
  const rng = streamFor(seed, 'password-resets', provider.index);
  const user = provider.users[2];
  const at = new Date(now.getTime() - rng.int(2, 20) * HOUR - rng.int(0, 59) * 60_000);
  return {
    _id: `pwr_s${seed}_${String(provider.index + 1).padStart(2, '0')}`,
    serviceProviderId: provider.id,
    providerName: provider.name,
    userId: user.id,
    username: user.username,
    userName: user.person.name,
    role: user.role,
    status: 'pending',
    openKey: user.id,
    requestedAt: at,
    lastRequestedAt: at,
    requestCount: 1,
    completedAt: null,
    completedById: null,
    completedByName: null,
    completedVia: null,
    updatedAt: at,
  };
}

/** The message that told the admins of the request (what auth.requestPasswordReset raises). */
export function demoPasswordResetMessage(request: PasswordResetDoc): Omit<MessageDoc, '_id'> {
  return {
    serviceProviderId: request.serviceProviderId,
    type: 'system_notification',
    title: '密码重置申请',
    content: `${LABELS.role[request.role]}「${request.userName}」（账号 ${request.username}）忘记了登录密码，申请重置。请管理员在「我的 → 密码重置申请」中核实身份后为其设置新密码；如非本人申请，可不予处理。`,
    relatedCustomerId: null,
    relatedCustomerName: null,
    relatedTicketId: null,
    link: { kind: 'password_resets', id: request._id },
    readStatus: 'unread',
    readAt: null,
    dedupeKey: `password-reset:${request._id}`,
    createdAt: request.requestedAt,
  };
}

export function demoInvites(seed: number, provider: PlannedProvider, now: Date): InviteDoc[] {
  const rng = streamFor(seed, 'invites', provider.index);
  const code = () => generateInviteCode(Uint8Array.from({ length: 8 }, () => rng.int(0, 255)));
  const admin = provider.users[0];
  const invite = (inviteCode: string, createdAt: Date, fields: Partial<InviteDoc>): InviteDoc => ({
    _id: inviteIdOf(inviteCode),
    serviceProviderId: provider.id,
    code: inviteCode,
    role: 'agent',
    note: null,
    status: 'active',
    createdById: admin.id,
    createdByName: admin.person.name,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + INVITE_TTL_DAYS * DAY),
    usedAt: null,
    usedByUserId: null,
    usedByUsername: null,
    usedByName: null,
    revokedAt: null,
    updatedAt: createdAt,
    ...fields,
  });
  const firstAgent = provider.users[1];
  const setUp = new Date(provider.createdAt.getTime() + rng.int(1, 3) * DAY);
  const usable = new Date(now.getTime() - rng.int(1, 2) * DAY - rng.int(1, 8) * HOUR);
  const lapsed = new Date(now.getTime() - rng.int(20, 40) * DAY);
  return [
    invite(code(), usable, { note: '新入职客服' }),
    invite(code(), setUp, {
      status: 'used',
      note: '团队组建',
      usedAt: new Date(setUp.getTime() + rng.int(1, 20) * HOUR),
      usedByUserId: firstAgent.id,
      usedByUsername: firstAgent.username,
      usedByName: firstAgent.person.name,
      updatedAt: new Date(setUp.getTime() + rng.int(1, 20) * HOUR),
    }),
    invite(code(), lapsed, { note: '实习生（未使用）' }),
  ];
}
