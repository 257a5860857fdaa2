import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useAtomValue, useStore } from 'jotai';
import { confirm, toast } from '../../components/feedback';
import { Button, Cell, CellGroup } from '../../components/nutui';
import { InfoList } from '../../components/info-list';
import { PageShell } from '../../components/page-shell';
import { Section } from '../../components/section';
import { asClientError } from '../../services/cloud';
import { relaunchToLogin } from '../../services/routes';
import { profile } from '../../state/profile';
import { signOut } from '../../state/session';
import { AgreementSheet } from './agreement-sheet';
import { CellLink } from './cell-link';
import { NotificationSettings } from './notification-settings';
import { PasswordSheet } from './password-sheet';
import { PhoneBinding } from './phone-binding';
import { ProfileHeader } from './profile-header';
import './index.css';

/** The app's version (from miniprogram/package.json at build time). */
const APP_VERSION = process.env.PD_APP_VERSION || '0.1.0';

/**
 * 我的 (seed §1.2.8): the user and the provider, 修改密码 and 绑定手机, the notification switches, 关于
 * (version, 用户协议) and 退出登录. Everything from one profile.get.
 */
export default function ProfilePage() {
  const store = useStore();
  const state = useAtomValue(profile.atom);
  const [sheet, setSheet] = useState<'password' | 'agreement' | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    profile.load(store).catch(() => undefined);
  }, [store]);
  usePullDownRefresh(() => {
    profile
      .load(store)
      .catch(() => undefined)
      .finally(() => Taro.stopPullDownRefresh());
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
  return (
    <PageShell status={state.status} error={state.error} onRetry={() => void profile.load(store).catch(() => undefined)} retrying={state.refreshing} skeleton='cards' className='profile'>
      {data ? (
        <>
          <ProfileHeader user={data.user} provider={data.provider} />
          <CellGroup title='账号与安全' className='profile__group'>
            <CellLink title='修改密码' onClick={() => setSheet('password')} />
            <PhoneBinding phone={data.user.phone} isLast />
          </CellGroup>
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
            <Cell title='版本' extra={`v${APP_VERSION}`} />
            <CellLink title='用户协议' onClick={() => setSheet('agreement')} isLast />
          </CellGroup>
          <View className='profile__logout'>
            <Button block className='profile__logout-button' loading={signingOut} onClick={() => void leave()}>
              退出登录
            </Button>
          </View>
          <Text className='profile__footnote'>{`服务商工作台 v${APP_VERSION}`}</Text>
          <PasswordSheet visible={sheet === 'password'} onClose={() => setSheet(null)} />
          <AgreementSheet visible={sheet === 'agreement'} onClose={() => setSheet(null)} />
        </>
      ) : null}
    </PageShell>
  );
}
