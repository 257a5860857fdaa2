import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { FieldSet, FormField } from '../../components/form-field';
import { checkNewPassword, NewPasswordFields } from '../../components/form-field/new-password-fields';
import { toastSuccess } from '../../components/feedback';
import { Button, Input } from '../../components/nutui';
import { Sheet } from '../../components/sheet';
import { changePassword } from '../../services/auth';
import { asClientError } from '../../services/cloud';

interface PasswordErrors {
  oldPassword?: string;
  newPassword?: string;
  confirmation?: string;
  form?: string;
}

/** What can be checked before sending; the policy itself (length, letters and digits) is the function's. */
export function validatePasswordChange(oldPassword: string, newPassword: string, confirmation: string): PasswordErrors {
  const { password, confirmation: mismatch } = checkNewPassword(newPassword, confirmation);
  const errors: PasswordErrors = {};
  if (!oldPassword) errors.oldPassword = '请输入原密码';
  if (password) errors.newPassword = password;
  if (mismatch) errors.confirmation = mismatch;
  return errors;
}

/**
 * 修改密码 (auth.changePassword): a wrong old password, or a new one the policy refuses, is shown under its
 * field in the function's own words; other sessions of the account end, this one stays.
 */
export function PasswordSheet({ visible, onClose }: { visible: boolean; onClose(): void }) {
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [saving, setSaving] = useState(false);

  const close = () => {
    setOldPassword('');
    setNewPassword('');
    setConfirmation('');
    setErrors({});
    onClose();
  };

  async function submit() {
    const found = validatePasswordChange(oldPassword, newPassword, confirmation);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      await changePassword(oldPassword, newPassword);
      toastSuccess('密码已修改');
      close();
    } catch (err) {
      const error = asClientError(err);
      if (error.code === 'FAILED_PRECONDITION') setErrors({ oldPassword: error.message });
      else if (error.code === 'INVALID_ARGUMENT') setErrors({ newPassword: error.message });
      else setErrors({ form: error.message });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Sheet visible={visible} title='修改密码' onClose={close}>
        <FieldSet error={errors.form}>
          <FormField label='原密码' error={errors.oldPassword}>
            <Input type='password' placeholder='请输入原密码' value={oldPassword} onChange={setOldPassword} />
          </FormField>
          <NewPasswordFields
            password={newPassword}
            confirmation={confirmation}
            onPassword={setNewPassword}
            onConfirmation={setConfirmation}
            errors={{ password: errors.newPassword, confirmation: errors.confirmation }}
          />
        </FieldSet>
        <Text className='profile-sheet__note'>修改后，该账号在其他设备上的登录将失效</Text>
        <Button type='primary' block loading={saving} onClick={() => void submit()}>
          确认修改
        </Button>
    </Sheet>
  );
}
