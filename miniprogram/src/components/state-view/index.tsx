import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Failure, Tips } from '../nutui';
import './index.css';

export interface EmptyStateProps {
  /** What is missing, e.g. 暂无消息. */
  title: string;
  /** What the user can do about it, if anything. */
  description?: string;
  /** A button or link that leads on (no dead end). */
  action?: ReactNode;
  /** Inside a card or list: less height. */
  compact?: boolean;
}

/** Nothing to show yet: says so in Chinese, with a way on when there is one. */
export function EmptyState({ title, description, action, compact = false }: EmptyStateProps) {
  return (
    <View className={`state-view${compact ? ' state-view--compact' : ''}`}>
      <View className='state-view__icon state-view__icon--empty'>
        <Tips size={28} color='#b8bcc4' />
      </View>
      <Text className='state-view__title'>{title}</Text>
      {description ? <Text className='state-view__description'>{description}</Text> : null}
      {action ? <View className='state-view__action'>{action}</View> : null}
    </View>
  );
}

export interface ErrorStateProps {
  /** The Chinese message the cloud (or the client) gave. */
  message: string;
  onRetry(): void;
  retrying?: boolean;
  compact?: boolean;
}

/** A fetch failed and there is nothing to show: the reason and 重试. */
export function ErrorState({ message, onRetry, retrying = false, compact = false }: ErrorStateProps) {
  return (
    <View className={`state-view${compact ? ' state-view--compact' : ''}`}>
      <View className='state-view__icon state-view__icon--error'>
        <Failure size={28} color='#fa5151' />
      </View>
      <Text className='state-view__title'>加载失败</Text>
      <Text className='state-view__description'>{message}</Text>
      <View className='state-view__action'>
        <Button size='small' type='primary' fill='outline' loading={retrying} onClick={onRetry}>
          重试
        </Button>
      </View>
    </View>
  );
}
