import { useEffect, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { ListToolbar } from '../../components/list-toolbar';
import { Input } from '../../components/nutui';
import { SegmentedTabs } from '../../components/segmented-tabs';
import { STATUS_TABS, TYPE_CHIPS, type TicketFilters } from '../../state/ticket-filters';

/** How long typing pauses before the list is asked again (each keystroke would be a call). */
const SEARCH_PAUSE_MS = 400;

/** Search (工单号 or title), status tabs, type chips and 仅看已升级: the top of 工单列表. */
export function TicketFilterBar({ filters, onChange }: { filters: TicketFilters; onChange(next: TicketFilters): void }) {
  const [typed, setTyped] = useState(filters.keyword);
  // 清除筛选 (or anything else) changing the keyword puts it in the field too.
  useEffect(() => setTyped(filters.keyword), [filters.keyword]);
  useEffect(() => {
    if (typed === filters.keyword) return;
    const timer = setTimeout(() => onChange({ ...filters, keyword: typed }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, filters, onChange]);

  return (
    <View className='ticket-filters'>
      <View className='ticket-filters__search'>
        <Input
          className='ticket-filters__input'
          placeholder='搜索工单号或标题'
          value={typed}
          maxLength={50}
          confirmType='search'
          onChange={setTyped}
          onConfirm={() => onChange({ ...filters, keyword: typed })}
        />
        {typed ? (
          <Text
            className='ticket-filters__clear'
            onClick={() => {
              setTyped('');
              onChange({ ...filters, keyword: '' });
            }}
          >
            清除
          </Text>
        ) : null}
      </View>
      <SegmentedTabs tabs={STATUS_TABS} value={filters.status} onChange={(status) => onChange({ ...filters, status })} />
      <ScrollView scrollX className='ticket-filters__chips' enhanced showScrollbar={false}>
        {TYPE_CHIPS.map(({ key, label }) => (
          <Text key={key} className={`ticket-filters__chip${filters.type === key ? ' ticket-filters__chip--on' : ''}`} onClick={() => onChange({ ...filters, type: key })}>
            {label}
          </Text>
        ))}
      </ScrollView>
    </View>
  );
}

/** Below the filters: how many match, and the 仅看已升级 switch. */
export function TicketListToolbar({ total, loaded, filters, onChange }: { total: number; loaded: boolean; filters: TicketFilters; onChange(next: TicketFilters): void }) {
  return (
    <ListToolbar summary={loaded ? `共 ${total} 条工单` : '正在加载…'} className='ticket-filters__toolbar'>
      <View
        className={`ticket-filters__chip ticket-filters__chip--toggle${filters.escalatedOnly ? ' ticket-filters__chip--on' : ''}`}
        role='switch'
        aria-checked={filters.escalatedOnly}
        onClick={() => onChange({ ...filters, escalatedOnly: !filters.escalatedOnly })}
      >
        <Text>仅看已升级</Text>
      </View>
    </ListToolbar>
  );
}
