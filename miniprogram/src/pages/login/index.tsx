import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useSetAtom } from 'jotai';
import { Button, CellGroup, Input } from '../../components/nutui';
import { login } from '../../services/auth';
import { sessionAtom } from '../../state/session';
import './index.css';

/** 登录: account and password (seed §1.2.1). 忘记密码, 注册 and 微信授权登录 come with the full page. */
export default function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const setSession = useSetAtom(sessionAtom);

  async function submit() {
    const account = username.trim();
    if (!account) return setError('请输入账号');
    if (!password) return setError('请输入密码');
    setError('');
    setSubmitting(true);
    const result = await login({ username: account, password });
    setSubmitting(false);
    if (!result.ok) return setError(result.error.message);
    setSession({ username: account });
    await Taro.switchTab({ url: '/pages/index/index' });
  }

  return (
    <View className='login'>
      <Text className='login__brand'>服务商工作台</Text>
      <Text className='login__subtitle'>登录后管理客户、工单与消息</Text>
      <CellGroup>
        <Input name='username' placeholder='请输入账号' value={username} onChange={setUsername} />
        <Input name='password' type='password' placeholder='请输入密码' value={password} onChange={setPassword} />
      </CellGroup>
      {error ? <Text className='login__error'>{error}</Text> : null}
      <Button className='login__submit' type='primary' block loading={submitting} onClick={submit}>
        登录
      </Button>
    </View>
  );
}
