import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { FieldSet, FormField } from '../../components/form-field';
import { checkNewPassword, NewPasswordFields } from '../../components/form-field/new-password-fields';
import { Button, Input } from '../../components/nutui';
import { asClientError } from '../../services/cloud';

export interface RegistrationInput {
  inviteCode: string;
  username: string;
  name: string;
  password: string;
}

type Field = keyof RegistrationInput | 'confirmation';
type RegistrationErrors = Partial<Record<Field, string>>;

const USERNAME = /^[A-Za-z0-9_.@-]{3,32}$/;

/**
 * What can be checked before sending, in the contract's terms (accounts: 3–32 letters, digits or _ . @ -;
 * names up to 32 characters); the password policy and the code itself are the function's to judge.
 */
export function validateRegistration(input: RegistrationInput, confirmation: string): RegistrationErrors {
  const errors: RegistrationErrors = {};
  if (!input.inviteCode.trim()) errors.inviteCode = '请输入邀请码';
  if (!input.username.trim()) errors.username = '请输入账号';
  else if (!USERNAME.test(input.username.trim())) errors.username = '账号为 3–32 位字母、数字或 _ . @ -';
  if (!input.name.trim()) errors.name = '请输入姓名';
  else if (input.name.trim().length > 32) errors.name = '姓名最多 32 个字';
  return { ...errors, ...checkNewPassword(input.password, confirmation, '请输入密码') };
}

/** Where a refusal of auth.register belongs: the code's problems under 邀请码, a taken name under 账号. */
export function registrationErrorOf(code: string, message: string): RegistrationErrors & { form?: string } {
  if (code === 'NOT_FOUND' || code === 'FAILED_PRECONDITION') return { inviteCode: message };
  if (code === 'CONFLICT') return { username: message };
  if (code === 'INVALID_ARGUMENT') return { password: message };
  return { form: message };
}

export interface RegisterFormProps {
  /** auth.register, then the new session is kept (the page moves on to 工作台). */
  submit(input: RegistrationInput): Promise<void>;
  onBack(): void;
}

/** 注册 with an invite code from the provider's admin: a new agent account of that provider, signed in at once. */
export function RegisterForm({ submit, onBack }: RegisterFormProps) {
  const [input, setInput] = useState<RegistrationInput>({ inviteCode: '', username: '', name: '', password: '' });
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<RegistrationErrors & { form?: string }>({});
  const [sending, setSending] = useState(false);
  const set = (field: keyof RegistrationInput) => (value: string) => setInput((current) => ({ ...current, [field]: value }));

  async function send() {
    const found = validateRegistration(input, confirmation);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    try {
      await submit({ inviteCode: input.inviteCode.trim(), username: input.username.trim(), name: input.name.trim(), password: input.password });
    } catch (err) {
      const error = asClientError(err);
      setErrors(registrationErrorOf(error.code, error.message));
      setSending(false);
    }
  }

  return (
    <View className='login__form'>
      <Text className='login-form__intro'>请输入服务商管理员发给您的邀请码。注册后您将成为该服务商的客服，并直接登录。</Text>
      <FieldSet error={errors.form}>
        <FormField label='邀请码' error={errors.inviteCode}>
          <Input name='invite-code' placeholder='8 位邀请码，如 K7QM-3XWP' value={input.inviteCode} onChange={set('inviteCode')} clearable />
        </FormField>
        <FormField label='账号' error={errors.username} hint='3–32 位字母、数字或 _ . @ -'>
          <Input name='register-username' placeholder='设置登录账号' value={input.username} onChange={set('username')} clearable />
        </FormField>
        <FormField label='姓名' error={errors.name}>
          <Input name='register-name' placeholder='您的姓名' value={input.name} onChange={set('name')} clearable />
        </FormField>
        <NewPasswordFields
          label='密码'
          names={{ password: 'register-password', confirmation: 'register-confirmation' }}
          password={input.password}
          confirmation={confirmation}
          onPassword={set('password')}
          onConfirmation={setConfirmation}
          errors={errors}
        />
      </FieldSet>
      <Button type='primary' block size='large' className='login__submit' loading={sending} onClick={() => void send()}>
        注册并登录
      </Button>
      <Text className='login-form__back' onClick={onBack}>
        已有账号？返回登录
      </Text>
    </View>
  );
}
