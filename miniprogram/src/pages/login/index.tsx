import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useAtomValue, useStore } from 'jotai';
import { Loading, Service } from '../../components/nutui';
import { ROUTES, switchTab } from '../../services/routes';
import { authStatusAtom, resumeSession } from '../../state/session';
import { SignInForm } from './sign-in-form';
import './index.css';

export type LoginMode = 'sign-in' | 'forgot' | 'register';

/**
 * 登录 (seed §1.2.1). The app opens here: while the launch check runs (auth.wxLogin: is this WeChat user or
 * browser already bound?) a short splash, then 工作台 when it is, the form when not.
 */
export default function LoginPage() {
  const store = useStore();
  const status = useAtomValue(authStatusAtom);
  const [mode, setMode] = useState<LoginMode>('sign-in');

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
        <Text className='login__title'>服务商工作台</Text>
        <Text className='login__subtitle'>登录后管理客户、工单与消息</Text>
      </View>
      {checking ? (
        <View className='login__checking'>
          <Loading type='circular' />
          <Text className='login__checking-text'>{status === 'signed-in' ? '登录成功，正在进入工作台…' : '正在检查登录状态…'}</Text>
        </View>
      ) : (
        <SignInForm mode={mode} onModeChange={setMode} />
      )}
    </View>
  );
}
