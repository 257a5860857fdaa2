import { Text, View } from '@tarojs/components';
import './index.css';

export interface SegmentedTab<K extends string> {
  key: K;
  label: string;
  /** A red count beside the label (unread, pending); nothing when 0. */
  count?: number;
}

/** Tabs across the top of a list (消息中心's categories, 待处理 / 已完成), each with an optional count. */
export function SegmentedTabs<K extends string>({ tabs, value, onChange }: { tabs: readonly SegmentedTab<K>[]; value: K; onChange(key: K): void }) {
  return (
    <View className='segmented-tabs' role='tablist'>
      {tabs.map(({ key, label, count = 0 }) => {
        const active = key === value;
        return (
          <View key={key} role='tab' aria-selected={active} className={`segmented-tabs__tab${active ? ' segmented-tabs__tab--active' : ''}`} onClick={() => onChange(key)}>
            <Text className='segmented-tabs__label'>{label}</Text>
            {count > 0 ? <Text className='segmented-tabs__count'>{count > 99 ? '99+' : String(count)}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}
