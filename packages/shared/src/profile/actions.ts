import { ABOUT } from '@partner-desk/contract';
import type { UserDoc } from '@partner-desk/database';
import { invitesRepository } from '../auth/invites';
import { passwordResetsRepository } from '../auth/password-resets';
import { sessionsRepository } from '../auth/repository';
import { encryptField, maskPhone } from '../crypto/field-cipher';
import type { UpdateData } from '../data/database';
import type { ActionHandler } from '../router';
import { profileRepository } from './repository';
import { recordSubscribeChoices, subscribeCreditsRepository, subscriptionViews } from './subscribe-credits';
import { profileView } from './views';
import { exchangePhoneCode } from './wechat-phone';

/** 我的, drawn from one call: account, provider, switches, subscribe credits, an admin's to-dos and 关于, read in one parallel round. */
export const showProfile: ActionHandler<'profile', 'get'> = async (_payload, session) => {
  const now = new Date();
  const adminCounts = session.role === 'admin' ? Promise.all([passwordResetsRepository(session).countPending(), invitesRepository(session).countUsable(now)]) : null;
  const [{ user, provider }, credits, counts] = await Promise.all([profileRepository(session).readOwnAccount(), subscribeCreditsRepository(session).countsOf(session.userId), adminCounts]);
  return {
    ...profileView(user, provider),
    subscriptions: subscriptionViews(credits),
    admin: counts ? { pendingPasswordResets: counts[0], activeInvites: counts[1] } : null,
    about: ABOUT,
  };
};

export const updateProfile: ActionHandler<'profile', 'update'> = async ({ name, phone, email }, session) => {
  const repository = profileRepository(session);
  const data: UpdateData<UserDoc> = { updatedAt: new Date() };
  if (name !== undefined) data.name = name;
  // A typed number is not one WeChat vouched for: it no longer counts as bound.
  if (phone !== undefined) Object.assign(data, { phone: encryptField(phone), phoneBoundAt: null });
  if (email !== undefined) data.email = encryptField(email);
  await repository.updateOwnUser(data);
  // Sessions carry the display name (tickets and chat stamp it on what the user writes).
  if (name !== undefined && name !== session.userName) await sessionsRepository().renameUserInSessions(session.userId, name);
  const { user, provider } = await repository.readOwnAccount();
  return profileView(user, provider);
};

export const updateNotificationSettings: ActionHandler<'profile', 'settings'> = async (switches, session) => {
  const repository = profileRepository(session);
  const data: UpdateData<UserDoc> = { updatedAt: new Date() };
  // Dotted paths change only the given switches, so two devices toggling different ones don't clobber each other.
  for (const [key, value] of Object.entries(switches)) if (value !== undefined) data[`notificationSettings.${key}`] = value;
  await repository.updateOwnUser(data);
  const user = await repository.readOwnUser();
  return { ...user.notificationSettings };
};

/** 绑定手机: the number WeChat vouches for (getPhoneNumber's code), stored encrypted on the caller's own account. */
export const bindPhone: ActionHandler<'profile', 'bindPhone'> = async ({ code }, session) => {
  const phone = await exchangePhoneCode(code);
  const now = new Date();
  await profileRepository(session).updateOwnUser({ phone: encryptField(phone), phoneBoundAt: now, updatedAt: now });
  return { phone: maskPhone(phone), phoneBoundAt: now.toISOString() };
};

export const recordSubscribeAccepts: ActionHandler<'profile', 'recordSubscribeAccepts'> = async ({ requestId, accepted }, session) => ({
  credits: await recordSubscribeChoices(session, requestId, accepted, new Date()),
});
