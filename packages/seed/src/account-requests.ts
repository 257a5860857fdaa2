/**
 * The demo's account requests, so the app has something to show an admin at once: per provider one
 * pending 忘记密码 request (its second agent asked a few hours ago, with the message-centre entry that
 * tells the admins), and invite codes — one usable, one used by the first agent when the team was set
 * up, one that ran out unused. Built with the product's own builders; codes come from the seed's PRNG, so
 * a data set is reproducible.
 */
import type { InviteDoc, MessageDoc, PasswordResetDoc } from '@partner-desk/database';
import { newInviteDoc, newPasswordResetDoc, passwordResetMessage } from '@partner-desk/shared/auth/account-requests';
import { generateInviteCode } from '@partner-desk/shared/auth/invite-code';
import type { PlannedProvider } from './plan';
import { streamFor } from './prng';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function demoPasswordReset(seed: number, provider: PlannedProvider, now: Date): PasswordResetDoc {
  const rng = streamFor(seed, 'password-resets', provider.index);
  const user = provider.users[2];
  const at = new Date(now.getTime() - rng.int(2, 20) * HOUR - rng.int(0, 59) * 60_000);
  const account = { _id: user.id, serviceProviderId: provider.id, username: user.username, name: user.person.name, role: user.role };
  return newPasswordResetDoc(account, provider, at, `pwr_s${seed}_${String(provider.index + 1).padStart(2, '0')}`);
}

/** The message that told the admins of the request (what auth.requestPasswordReset raises). */
export function demoPasswordResetMessage(request: PasswordResetDoc): Omit<MessageDoc, '_id'> {
  return {
    serviceProviderId: request.serviceProviderId,
    relatedCustomerId: null,
    relatedCustomerName: null,
    relatedTicketId: null,
    link: null,
    ...passwordResetMessage(request),
    readStatus: 'unread',
    readAt: null,
    createdAt: request.requestedAt,
  };
}

export function demoInvites(seed: number, provider: PlannedProvider, now: Date): InviteDoc[] {
  const rng = streamFor(seed, 'invites', provider.index);
  const code = () => generateInviteCode(Uint8Array.from({ length: 8 }, () => rng.int(0, 255)));
  const [admin, firstAgent] = provider.users;
  const invite = (createdAt: Date, note: string, fields: Partial<InviteDoc> = {}): InviteDoc => ({
    ...newInviteDoc({ userId: admin.id, userName: admin.person.name }, note, createdAt, code()),
    serviceProviderId: provider.id,
    ...fields,
  });
  const setUp = new Date(provider.createdAt.getTime() + rng.int(1, 3) * DAY);
  const joined = new Date(setUp.getTime() + rng.int(1, 20) * HOUR);
  return [
    invite(new Date(now.getTime() - rng.int(1, 2) * DAY - rng.int(1, 8) * HOUR), '新入职客服'),
    invite(setUp, '团队组建', { status: 'used', usedAt: joined, usedByUserId: firstAgent.id, usedByUsername: firstAgent.username, usedByName: firstAgent.person.name, updatedAt: joined }),
    invite(new Date(now.getTime() - rng.int(20, 40) * DAY), '实习生（未使用）'),
  ];
}
