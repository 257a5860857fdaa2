import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useAtomValue, useStore } from 'jotai';
import { FieldSet, FormField } from '../../components/form-field';
import { Button, Input, Weixin } from '../../components/nutui';
import * as auth from '../../services/auth';
import { asClientError } from '../../services/cloud';
import { isWeapp } from '../../services/platform';
import { applySignIn, launchErrorAtom } from '../../state/session';
import { SUBSCRIBE_AT, subscribeOnTap } from '../../state/subscriptions';
import type { LoginMode } from './index';

interface FieldErrors {
  username?: string;
  password?: string;
}

/** Both fields, checked before anything is sent. */
export function validateSignIn(username: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!username.trim()) errors.username = '请输入账号';
  if (!password) errors.password = '请输入密码';
  return errors;
}

/**
 * Account and password (auth.login binds this WeChat user or browser to the account, so the next launch
 * signs in by itself); 微信授权登录 in WeChat once bound; links to 忘记密码 and 注册.
 */
export function SignInForm({ onModeChange }: { onModeChange(mode: LoginMode): void }) {
  const store = useStore();
  const launchError = useAtomValue(launchErrorAtom);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState<'password' | 'wechat' | null>(null);

  async function signIn() {
    // First in the tap: WeChat shows the subscribe dialog only from a user's tap.
    void subscribeOnTap(store, SUBSCRIBE_AT.signIn);
    const errors = validateSignIn(username, password);
    setFieldErrors(errors);
    setFormError(null);
    if (errors.username || errors.password) return;
    setSubmitting('password');
    try {
      applySignIn(store, await auth.login({ username: username.trim(), password }));
    } catch (err) {
      setFormError(asClientError(err).message);
      setSubmitting(null);
    }
  }

  async function signInWithWeChat() {
    void subscribeOnTap(store, SUBSCRIBE_AT.signIn);
    setFormError(null);
    setSubmitting('wechat');
    try {
      const answer = await auth.wxLogin();
      if (answer.bound) return void applySignIn(store, answer);
      setFormError('该微信尚未绑定账号：请先用账号密码登录一次，之后即可微信授权登录');
    } catch (err) {
      setFormError(asClientError(err).message);
    }
    setSubmitting(null);
  }

  const shownError = formError ?? (launchError && !submitting ? launchError.message : null);
  return (
    <View className='login__form'>
      <FieldSet error={shownError}>
        <FormField label='账号' error={fieldErrors.username}>
          <Input name='username' placeholder='请输入账号' value={username} onChange={setUsername} clearable />
        </FormField>
        <FormField label='密码' error={fieldErrors.password}>
          <Input name='password' type='password' placeholder='请输入密码' value={password} onChange={setPassword} onConfirm={() => void signIn()} />
        </FormField>
      </FieldSet>
      <Button className='login__submit' type='primary' block size='large' loading={submitting === 'password'} disabled={submitting !== null} onClick={() => void signIn()}>
        登录
      </Button>
      <View className='login__links'>
        <Text className='login__link' onClick={() => onModeChange('forgot')}>
          忘记密码
        </Text>
        <Text className='login__link' onClick={() => onModeChange('register')}>
          邀请码注册
        </Text>
      </View>
      {isWeapp() ? (
        <View className='login__other'>
          <View className='login__divider'>
            <Text className='login__divider-text'>其他登录方式</Text>
          </View>
          <Button className='login__wechat' block fill='outline' icon={<Weixin size={18} color='#07c160' />} loading={submitting === 'wechat'} disabled={submitting !== null} onClick={() => void signInWithWeChat()}>
            微信授权登录
          </Button>
        </View>
      ) : (
        <Text className='login__note'>登录后，此浏览器将记住您的账号，下次打开无需再次输入</Text>
      )}
    </View>
  );
}
