import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useAtomValue, useStore } from 'jotai';
import { confirm, toast } from '../../components/feedback';
import { InfoList } from '../../components/info-list';
import { Button, Cell, CellGroup } from '../../components/nutui';
import { PageShell } from '../../components/page-shell';
import { Section } from '../../components/section';
import { asClientError } from '../../services/cloud';
import { openInvites, openPasswordResets, relaunchToLogin } from '../../services/routes';
import { useTopicChanges } from '../../state/live';
import { profile } from '../../state/profile';
import { signOut } from '../../state/session';
import { AgreementSheet } from './agreement-sheet';
import { CellLink } from './cell-link';
import { NotificationSettings } from './notification-settings';
import { PasswordSheet } from './password-sheet';
import { PhoneBinding } from './phone-binding';
import { ProfileHeader } from './profile-header';
import './index.css';

/**
 * 我的 (seed §1.2.8): the user and the provider, 修改密码 and 绑定手机, the notification switches, for the
 * provider's admin 密码重置申请 and 邀请码, 关于 (version, 用户协议, 服务热线) and 退出登录 — all from one
 * profile.get.
 */
export default function ProfilePage() {
  const store = useStore();
  const state = useAtomValue(profile.atom);
  const [sheet, setSheet] = useState<'password' | 'agreement' | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const reload = () => profile.load(store).catch(() => undefined);

  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);
  // A reset request or a used invite changes the admin's to-dos.
  useTopicChanges(['messages'], () => void reload());
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  async function leave() {
    const confirmed = await confirm({ title: '退出登录？', content: '退出后需要重新输入账号和密码登录', confirmText: '退出登录', danger: true });
    if (!confirmed) return;
    setSigningOut(true);
    try {
      await signOut(store);
      await relaunchToLogin();
    } catch (err) {
      toast(`退出失败：${asClientError(err).message}`);
      setSigningOut(false);
    }
  }

  const data = state.data;
  const callService = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone.replace(/[^\d+]/g, '') }).catch(() => undefined);
  return (
    <PageShell status={state.status} error={state.error} onRetry={() => void reload()} retrying={state.refreshing} skeleton='cards' className='profile'>
      {data ? (
        <>
          <ProfileHeader user={data.user} provider={data.provider} />
          <CellGroup title='账号与安全' className='profile__group'>
            <CellLink title='修改密码' onClick={() => setSheet('password')} />
            <PhoneBinding phone={data.user.phone} phoneBound={data.user.phoneBound} isLast />
          </CellGroup>
          {data.admin ? (
            <CellGroup title='管理' className='profile__group'>
              <CellLink
                title='密码重置申请'
                value={data.admin.pendingPasswordResets > 0 ? `${data.admin.pendingPasswordResets} 条待处理` : '暂无待处理'}
                highlight={data.admin.pendingPasswordResets > 0}
                onClick={() => void openPasswordResets()}
              />
              <CellLink title='邀请码' value={`${data.admin.activeInvites} 个可用`} onClick={() => void openInvites()} isLast />
            </CellGroup>
          ) : null}
          <Section title='服务商信息'>
            <InfoList
              rows={[
                { label: '服务商名称', value: data.provider.name },
                { label: '所在地区', value: data.provider.region ?? '' },
                { label: '联系人', value: data.provider.contactPerson ?? '' },
                { label: '联系电话', value: data.provider.phone ?? '' },
                { label: '联系邮箱', value: data.provider.email ?? '' },
              ]}
            />
          </Section>
          <NotificationSettings settings={data.settings} />
          <CellGroup title='关于' className='profile__group'>
            <Cell title='版本' extra={`v${data.about.version}`} />
            <CellLink title='用户协议' onClick={() => setSheet('agreement')} />
            <CellLink title='服务热线' value={data.about.servicePhone} onClick={() => callService(data.about.servicePhone)} isLast />
          </CellGroup>
          <View className='profile__logout'>
            <Button block className='profile__logout-button' loading={signingOut} onClick={() => void leave()}>
              退出登录
            </Button>
          </View>
          <Text className='profile__footnote'>{`${data.about.name} v${data.about.version} · ${data.about.vendor}`}</Text>
          <PasswordSheet visible={sheet === 'password'} onClose={() => setSheet(null)} />
          <AgreementSheet agreement={data.about.agreement} visible={sheet === 'agreement'} onClose={() => setSheet(null)} />
        </>
      ) : null}
    </PageShell>
  );
}
