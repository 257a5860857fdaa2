import { SegmentedTabs } from '../../components/segmented-tabs';
import { MESSAGE_CATEGORIES, unreadIn, type MessageCategory, type UnreadCounts } from '../../state/messages';

/** The four categories, each with its unread count. */
export function CategoryTabs({ value, counts, onChange }: { value: MessageCategory; counts: UnreadCounts | null; onChange(category: MessageCategory): void }) {
  return <SegmentedTabs tabs={MESSAGE_CATEGORIES.map(({ key, label }) => ({ key, label, count: unreadIn(counts, key) }))} value={value} onChange={onChange} />;
}
