import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useStore } from 'jotai';
import type { ClientError } from '../../services/cloud';
import { applyTabBadges, currentBadges } from '../../state/overview';
import { CardSkeleton, ListSkeleton } from '../skeleton';
import { ErrorState } from '../state-view';
import './index.css';

export interface PageShellProps {
  /** Where the page's data stands (ResourceState / PagedList status). */
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last failure: the whole page with 重试 when nothing is shown, a bar above the content otherwise. */
  error?: ClientError | null;
  onRetry?: () => void;
  retrying?: boolean;
  /** The shape drawn while loading. */
  skeleton?: 'list' | 'cards';
  className?: string;
  children?: ReactNode;
}

/**
 * The frame of every page: a skeleton until the first answer, the error with 重试 when it failed, the
 * content otherwise (with a bar when a later refresh failed and what is shown may be old). Each time a page
 * shows, the tab badges are put again: WeChat only takes them while a tab page is on top.
 */
export function PageShell({ status, error = null, onRetry, retrying = false, skeleton = 'list', className = '', children }: PageShellProps) {
  const store = useStore();
  useDidShow(() => applyTabBadges(currentBadges(store)));

  let body: ReactNode;
  if (status === 'idle' || status === 'loading') body = skeleton === 'cards' ? <CardSkeleton /> : <ListSkeleton />;
  else if (status === 'error') body = <ErrorState message={error?.message ?? '加载失败'} onRetry={() => onRetry?.()} retrying={retrying} />;
  else
    body = (
      <>
        {error ? (
          <View className='page-shell__notice' onClick={() => onRetry?.()}>
            <Text className='page-shell__notice-text'>{`刷新失败：${error.message}`}</Text>
            {onRetry ? <Text className='page-shell__notice-action'>重试</Text> : null}
          </View>
        ) : null}
        {children}
      </>
    );
  return <View className={`page-shell ${className}`}>{body}</View>;
}
