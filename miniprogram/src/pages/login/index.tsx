import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useAtomValue, useStore } from 'jotai';
import { Loading, Service } from '../../components/nutui';
import * as auth from '../../services/auth';
import { ROUTES, switchTab } from '../../services/routes';
import { applySignIn, authStatusAtom, resumeSession } from '../../state/session';
import { ForgotPasswordForm } from './forgot-password-form';
import { RegisterForm } from './register-form';
import { SignInForm } from './sign-in-form';
import './index.css';

export type LoginMode = 'sign-in' | 'forgot' | 'register';

const TITLES: Record<LoginMode, string> = { 'sign-in': '服务商工作台', forgot: '忘记密码', register: '邀请码注册' };
const SUBTITLES: Record<LoginMode, string> = { 'sign-in': '登录后管理客户、工单与消息', forgot: '提交重置密码申请', register: '加入您所在的服务商' };

/**
 * 登录 (seed §1.2.1). The app opens here: while the launch check runs (auth.wxLogin: is this WeChat user or
 * browser already bound?) a short splash, then 工作台 when it is, the form when not — with 忘记密码 (a reset
 * request the provider's admin or HQ completes) and 注册 by an admin's invite code.
 */
export default function LoginPage() {
  const store = useStore();
  const status = useAtomValue(authStatusAtom);
  const [mode, setMode] = useState<LoginMode>('sign-in');

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: mode === 'sign-in' ? '登录' : TITLES[mode] }).catch(() => undefined);
  }, [mode]);

  useEffect(() => {
    // Opened without the app's runtime (a test, a reload on this page): run the launch check here.
    if (status === 'unknown') void resumeSession(store);
    if (status === 'signed-in') void switchTab(ROUTES.workbench);
  }, [status, store]);

  const checking = status === 'unknown' || status === 'checking' || status === 'signed-in';
  return (
    <View className='login'>
      <View className='login__brand'>
        <View className='login__logo'>
          <Service size={30} color='#fff' />
        </View>
        <Text className='login__title'>{TITLES[mode]}</Text>
        <Text className='login__subtitle'>{SUBTITLES[mode]}</Text>
      </View>
      {checking ? (
        <View className='login__checking'>
          <Loading type='circular' />
          <Text className='login__checking-text'>{status === 'signed-in' ? '登录成功，正在进入工作台…' : '正在检查登录状态…'}</Text>
        </View>
      ) : mode === 'forgot' ? (
        <ForgotPasswordForm submit={(username) => auth.requestPasswordReset(username).then(() => undefined)} onBack={() => setMode('sign-in')} />
      ) : mode === 'register' ? (
        <RegisterForm submit={async (input) => void applySignIn(store, await auth.register(input))} onBack={() => setMode('sign-in')} />
      ) : (
        <SignInForm onModeChange={setMode} />
      )}
    </View>
  );
}
