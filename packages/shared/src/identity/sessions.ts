import type { SessionDoc, UserDoc } from '@partner-desk/database';
import { sessionsRepository } from '../auth/repository';
import type { CallerContext } from '../caller';
import type { Tenant } from '../data/tenant-scope';
import { AppError } from '../errors';
import { identityKeyOf, platformOwnerOf } from './identity-key';

/** Sessions last a week from the last use (the seed's /auth/refresh: they slide). */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** Sliding writes at most this often, so reads don't each become a write. */
const SLIDE_EVERY_MS = 10 * 60 * 1000;

export interface ResolvedSession extends Tenant {
  sessionId: string;
  expiresAt: Date;
  /** Slides the expiry if due; run it alongside the action's own queries. */
  slide(): Promise<void>;
}

/**
 * Who is calling, from the platform identity only. No binding, or an expired one, is UNAUTHENTICATED.
 * One read by _id: the session carries provider, role and name.
 */
export async function requireSession(caller: CallerContext, now = new Date()): Promise<ResolvedSession> {
  const key = identityKeyOf(caller);
  if (!key) throw new AppError('UNAUTHENTICATED', '请先登录');
  const sessions = sessionsRepository();
  const session = await sessions.findSession(key);
  if (!session || new Date(session.expiresAt) <= now) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
  const due = now.getTime() - new Date(session.lastSeenAt).getTime() > SLIDE_EVERY_MS;
  const expiresAt = due ? new Date(now.getTime() + SESSION_TTL_MS) : new Date(session.expiresAt);
  return {
    sessionId: key,
    serviceProviderId: session.serviceProviderId,
    userId: session.userId,
    userName: session.userName,
    role: session.role,
    expiresAt,
    slide: async () => {
      if (due) await sessions.extendSession(key, expiresAt, now);
    },
  };
}

/**
 * Binds this caller's platform identity to the account (login): the session and the caller's signal
 * document are written by _id, so logging in twice is idempotent.
 */
export async function bindSession(caller: CallerContext, user: Pick<UserDoc, '_id' | 'serviceProviderId' | 'name' | 'role'>, now = new Date()): Promise<SessionDoc> {
  const key = identityKeyOf(caller);
  const owner = platformOwnerOf(caller);
  if (!key || !owner) throw new AppError('UNAUTHENTICATED', '无法识别当前微信或浏览器身份');
  const session: SessionDoc = {
    _id: key,
    identityType: caller.openId ? 'wechat' : 'web',
    userId: user._id,
    serviceProviderId: user.serviceProviderId,
    role: user.role,
    userName: user.name,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  await sessionsRepository().bind(session, { _openid: owner, serviceProviderId: user.serviceProviderId, userId: user._id, messages: 0, tickets: 0, chat: 0, customers: 0, updatedAt: now });
  return session;
}

/** Logout: the binding and its signal document go; the account is untouched. */
export async function unbindSession(caller: CallerContext): Promise<void> {
  const key = identityKeyOf(caller);
  if (key) await sessionsRepository().unbind(key);
}
