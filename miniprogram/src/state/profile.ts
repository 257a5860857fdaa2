import { fetchProfile, updateNotificationSettings, type NotificationSettings } from '../services/profile';
import { createResource } from './resource';
import type { Store } from './store';

/** profile.get: the user, the provider and the notification switches (我的). */
export const profile = createResource(fetchProfile);

export type SettingKey = keyof NotificationSettings;

/** The switches in the order 我的 lists them, with what each one governs. */
export const NOTIFICATION_SWITCHES: readonly { key: SettingKey; label: string; description: string }[] = [
  { key: 'ticketUpdates', label: '工单更新', description: '工单新建、回复、解决与升级' },
  { key: 'customerAlerts', label: '客户提醒', description: '客户即将到期、已到期和未解决问题' },
  { key: 'chatMessages', label: '客户咨询', description: '客户在 PC 端发来的咨询消息' },
  { key: 'systemNotifications', label: '系统通知', description: '版本更新与平台公告' },
];

/**
 * Flips one switch: shown at once, sent with profile.settings, and put back as the cloud stored it (or as
 * it was, when the call failed; the ClientError is rethrown for the page to show).
 */
export async function setNotificationSetting(store: Store, key: SettingKey, value: boolean): Promise<NotificationSettings> {
  const before = store.get(profile.atom).data;
  if (before) profile.set(store, { ...before, settings: { ...before.settings, [key]: value } });
  try {
    const stored = await updateNotificationSettings({ [key]: value });
    const current = store.get(profile.atom).data;
    if (current) profile.set(store, { ...current, settings: stored });
    return stored;
  } catch (err) {
    const current = store.get(profile.atom).data;
    if (current && before) profile.set(store, { ...current, settings: { ...current.settings, [key]: before.settings[key] } });
    throw err;
  }
}
