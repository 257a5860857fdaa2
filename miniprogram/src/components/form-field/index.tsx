import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.css';

export interface FormFieldProps {
  label: string;
  /** The problem with this field, in Chinese: drawn in red under it. */
  error?: string | null;
  /** A rule the user should know before typing (密码 8–64 位…). */
  hint?: string;
  children: ReactNode;
}

/** One labelled input of a form, with its hint or error under it. */
export function FormField({ label, error, hint, children }: FormFieldProps) {
  return (
    <View className={`form-field${error ? ' form-field--error' : ''}`}>
      <View className='form-field__row'>
        <Text className='form-field__label'>{label}</Text>
        <View className='form-field__control'>{children}</View>
      </View>
      {error ? <Text className='form-field__error'>{error}</Text> : hint ? <Text className='form-field__hint'>{hint}</Text> : null}
    </View>
  );
}

export interface FieldSetProps {
  title?: string;
  /** A form-wide message (what the cloud answered to the submit). */
  error?: string | null;
  children: ReactNode;
}

/** A form's fields on one white card, with what went wrong on submit above them. */
export function FieldSet({ title, error, children }: FieldSetProps) {
  return (
    <View className='field-set'>
      {title ? <Text className='field-set__title'>{title}</Text> : null}
      {error ? (
        <View className='field-set__error' role='alert'>
          <Text>{error}</Text>
        </View>
      ) : null}
      <View className='field-set__fields'>{children}</View>
    </View>
  );
}
