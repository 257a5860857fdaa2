import { Input } from '../nutui';
import { FormField } from './index';

export interface NewPasswordErrors {
  password?: string;
  confirmation?: string;
}

/** What can be checked before sending a new password: that there is one, typed the same twice. The policy is the function's. */
export function checkNewPassword(password: string, confirmation: string, missing = '请输入新密码'): NewPasswordErrors {
  if (!password) return { password: missing };
  if (confirmation !== password) return { confirmation: '两次输入的密码不一致' };
  return {};
}

export interface NewPasswordFieldsProps {
  password: string;
  confirmation: string;
  onPassword(value: string): void;
  onConfirmation(value: string): void;
  errors: NewPasswordErrors;
  /** 新密码 (a change or a reset) or 密码 (a new account). */
  label?: '新密码' | '密码';
  /** Field names, for forms a browser should tell apart. */
  names?: { password: string; confirmation: string };
}

/** A new password and its confirmation, with the policy as a hint (修改密码, a reset, 注册). */
export function NewPasswordFields({ password, confirmation, onPassword, onConfirmation, errors, label = '新密码', names }: NewPasswordFieldsProps) {
  const isNew = label === '新密码';
  return (
    <>
      <FormField label={label} error={errors.password} hint='8–64 位，须同时包含字母和数字'>
        <Input name={names?.password} type='password' placeholder={isNew ? '请输入新密码' : '设置密码'} value={password} onChange={onPassword} />
      </FormField>
      <FormField label='确认密码' error={errors.confirmation}>
        <Input name={names?.confirmation} type='password' placeholder={isNew ? '请再次输入新密码' : '再次输入密码'} value={confirmation} onChange={onConfirmation} />
      </FormField>
    </>
  );
}
