import { LABELS, type NotificationSettingKey } from '../services/labels';
import { bindPhone, fetchProfile, updateNotificationSettings, type NotificationSettings } from '../services/profile';
import { createResource } from './resource';
import type { Store } from './store';

export type { NotificationSettings };

/** profile.get: the user, the provider and the notification switches (我的). */
export const profile = createResource(fetchProfile);

export type SettingKey = NotificationSettingKey;

/**
 * The switches in the order 我的 lists them, named as the contract labels them: 「工单更新（含总部处理进展）」
 * reads as the title 工单更新 over the note 含总部处理进展.
 */
export const NOTIFICATION_SWITCHES: readonly { key: SettingKey; label: string; description: string }[] = (
  ['ticketUpdates', 'customerAlerts', 'chatMessages', 'systemNotifications'] as const
).map((key) => {
  const [label, description = ''] = LABELS.notificationSetting[key].split(/[（）]/);
  return { key, label, description };
});

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

/** 绑定手机: the getPhoneNumber button's code to profile.bindPhone; the profile shows the bound number at once. */
export async function bindPhoneNumber(store: Store, code: string): Promise<string> {
  const { phone, phoneBoundAt } = await bindPhone(code);
  const current = store.get(profile.atom).data;
  if (current) profile.set(store, { ...current, user: { ...current.user, phone, phoneBound: true, phoneBoundAt } });
  return phone;
}
