import { encryptField } from '../crypto/field-cipher';
import type { UserDoc } from '@partner-desk/database';
import { sessionsRepository } from '../auth/repository';
import type { UpdateData } from '../data/database';
import type { ActionHandler } from '../router';
import { profileRepository } from './repository';
import { profileView } from './views';

export const showProfile: ActionHandler<'profile', 'get'> = async (_payload, session) => {
  const { user, provider } = await profileRepository(session).readOwnAccount();
  return profileView(user, provider);
};

export const updateProfile: ActionHandler<'profile', 'update'> = async ({ name, phone, email }, session) => {
  const repository = profileRepository(session);
  const data: UpdateData<UserDoc> = { updatedAt: new Date() };
  if (name !== undefined) data.name = name;
  if (phone !== undefined) data.phone = encryptField(phone);
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
