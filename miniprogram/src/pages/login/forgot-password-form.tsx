import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { FieldSet, FormField } from '../../components/form-field';
import { Button, Input } from '../../components/nutui';
import { asClientError } from '../../services/cloud';

export interface ForgotPasswordFormProps {
  /** Files the reset request (auth.requestPasswordReset). */
  submit(username: string): Promise<void>;
  onBack(): void;
}

/**
 * 忘记密码: files a reset request for an account. The answer is the same whether the account exists or not
 * (nobody learns which names exist); the provider's admin completes it in the app, or HQ in its console.
 */
export function ForgotPasswordForm({ submit, onBack }: ForgotPasswordFormProps) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);

  async function send() {
    const account = username.trim();
    setError(account ? null : '请输入账号');
    setFormError(null);
    if (!account) return;
    setSending(true);
    try {
      await submit(account);
      setSent(true);
    } catch (err) {
      setFormError(asClientError(err).message);
    } finally {
      setSending(false);
    }
  }

  if (sent)
    return (
      <View className='login__form'>
        <View className='login-form__done'>
          <Text className='login-form__done-title'>申请已提交</Text>
          <Text className='login-form__done-text'>
            {`已为账号「${username.trim()}」提交重置密码申请。您所在服务商的管理员会在小程序中为您设置新密码并告知您；管理员也无法登录时，请联系厂商总部处理。`}
          </Text>
        </View>
        <Button type='primary' block size='large' className='login__submit' onClick={onBack}>
          返回登录
        </Button>
      </View>
    );

  return (
    <View className='login__form'>
      <Text className='login-form__intro'>输入您的登录账号，提交后由您所在服务商的管理员在小程序中为您重置密码，或由厂商总部在管理控制台处理。</Text>
      <FieldSet error={formError}>
        <FormField label='账号' error={error}>
          <Input name='reset-username' placeholder='请输入登录账号' value={username} onChange={setUsername} clearable />
        </FormField>
      </FieldSet>
      <Button type='primary' block size='large' className='login__submit' loading={sending} onClick={() => void send()}>
        提交申请
      </Button>
      <Text className='login-form__back' onClick={onBack}>
        想起密码了？返回登录
      </Text>
    </View>
  );
}
