import { useState } from 'react';
import { useStore } from 'jotai';
import { toast } from '../../components/feedback';
import { Cell, CellGroup, Switch } from '../../components/nutui';
import { asClientError } from '../../services/cloud';
import type { NotificationSettings as Settings } from '../../services/profile';
import { NOTIFICATION_SWITCHES, setNotificationSetting, type SettingKey } from '../../state/profile';

/** 消息通知: one switch per kind of message, saved as soon as it is flipped (profile.settings). */
export function NotificationSettings({ settings }: { settings: Settings }) {
  const store = useStore();
  const [saving, setSaving] = useState<SettingKey | null>(null);

  async function flip(key: SettingKey, value: boolean) {
    setSaving(key);
    try {
      await setNotificationSetting(store, key, value);
    } catch (err) {
      toast(`保存失败：${asClientError(err).message}`);
    } finally {
      setSaving(null);
    }
  }

  return (
    <CellGroup title='消息通知' description='关闭后，该类事项不再通过微信提醒，消息中心仍可查看' className='profile__group'>
      {NOTIFICATION_SWITCHES.map(({ key, label, description }, index) => (
        <Cell
          key={key}
          isLast={index === NOTIFICATION_SWITCHES.length - 1}
          title={label}
          description={description}
          align='center'
          extra={<Switch checked={settings[key]} disabled={saving !== null} ariaLabel={label} onChange={(value) => void flip(key, value)} />}
        />
      ))}
    </CellGroup>
  );
}
