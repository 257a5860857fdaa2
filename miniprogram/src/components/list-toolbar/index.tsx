import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.css';

/**
 * The grey strip between a list's filters and its rows: what is listed (a count) on the left, the list's one
 * action on the right (清除筛选, 全部已读, 仅看已升级).
 */
export function ListToolbar({ summary, className = '', children }: { summary: string; className?: string; children?: ReactNode }) {
  return (
    <View className={`list-toolbar ${className}`}>
      <Text className='list-toolbar__summary'>{summary}</Text>
      {children}
    </View>
  );
}
