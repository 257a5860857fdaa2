import { Text, View } from '@tarojs/components';
import { badgeText } from '../../state/overview';
import { MESSAGE_CATEGORIES, unreadIn, type MessageCategory, type UnreadCounts } from '../../state/messages';

/** The four categories as segmented tabs, each with its unread count. */
export function CategoryTabs({ value, counts, onChange }: { value: MessageCategory; counts: UnreadCounts | null; onChange(category: MessageCategory): void }) {
  return (
    <View className='category-tabs' role='tablist'>
      {MESSAGE_CATEGORIES.map(({ key, label }) => {
        const unread = unreadIn(counts, key);
        const active = key === value;
        return (
          <View key={key} role='tab' aria-selected={active} className={`category-tabs__tab${active ? ' category-tabs__tab--active' : ''}`} onClick={() => onChange(key)}>
            <Text className='category-tabs__label'>{label}</Text>
            {unread > 0 ? <Text className='category-tabs__count'>{badgeText(unread)}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}
