import { encryptField } from '../crypto/field-cipher';
import { sessionRepository } from '../auth/repository';
import { defineTenantAction } from '../tenant-action';
import { profileRepository } from './repository';
import { getProfilePayloadSchema, notificationSettingsPayloadSchema, updateProfilePayloadSchema, type NotificationSettingsResult, type ProfileResult } from './schemas';
import { profileView } from './views';

export const profileActions = {
  get: defineTenantAction(
    getProfilePayloadSchema,
    async (_payload, session): Promise<ProfileResult> => {
      const { user, provider } = await profileRepository(session).readOwnAccount();
      return profileView(user, provider);
    },
    {
      doc: {
        summary: '个人中心：当前登录账号与所属服务商信息（手机号、邮箱、联系人脱敏），以及消息通知开关。',
        result: '{ user: { id, username, name, role, phone, email }, provider: { id, name, region, contactPerson, phone, email }, settings: { ticketUpdates, customerAlerts, chatMessages, systemNotifications } }',
      },
    },
  ),

  update: defineTenantAction(
    updateProfilePayloadSchema,
    async ({ name, phone, email }, session): Promise<ProfileResult> => {
      const repository = profileRepository(session);
      const data: Record<string, unknown> = { updatedAt: new Date() };
      if (name !== undefined) data.name = name;
      if (phone !== undefined) data.phone = encryptField(phone);
      if (email !== undefined) data.email = encryptField(email);
      await repository.updateOwnUser(data);
      // Sessions carry the display name (tickets and chat stamp it on what the user writes).
      if (name !== undefined && name !== session.userName) await sessionRepository.renameUserInSessions(session.userId, name);
      const { user, provider } = await repository.readOwnAccount();
      return profileView(user, provider);
    },
    {
      doc: {
        summary: '修改本人资料：姓名、手机号（11 位）、邮箱；至少一项。手机号与邮箱加密存储。',
        result: '修改后的个人资料（同 get）',
        errors: { INVALID_ARGUMENT: '手机号或邮箱格式不正确，或未提供任何字段' },
      },
    },
  ),

  settings: defineTenantAction(
    notificationSettingsPayloadSchema,
    async (switches, session): Promise<NotificationSettingsResult> => {
      const repository = profileRepository(session);
      const data: Record<string, unknown> = { updatedAt: new Date() };
      // Dotted paths change only the given switches, so two devices toggling different ones don't clobber each other.
      for (const [key, value] of Object.entries(switches)) if (value !== undefined) data[`notificationSettings.${key}`] = value;
      await repository.updateOwnUser(data);
      const user = await repository.readOwnUser();
      return { ...user.notificationSettings };
    },
    {
      doc: {
        summary: '修改本人的消息通知开关（只改传入的项）。',
        result: '{ ticketUpdates, customerAlerts, chatMessages, systemNotifications }（修改后的全部开关）',
        errors: { INVALID_ARGUMENT: '未提供任何开关或值不是布尔' },
      },
    },
  ),
};
