import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { SegmentedTabs } from '../../components/segmented-tabs';
import { Input } from '../../components/nutui';
import { LABELS, type CustomerStatus } from '../../services/labels';
import type { CustomerQuery } from '../../state/customer-filters';

type StatusKey = 'all' | CustomerStatus;
const STATUS_TABS: { key: StatusKey; label: string }[] = [
  { key: 'all', label: '全部' },
  ...(Object.keys(LABELS.customerStatus) as CustomerStatus[]).map((key) => ({ key, label: LABELS.customerStatus[key] })),
];

/** A keyword is sent this long after the last keystroke (or at once on the keyboard's 搜索). */
const SEARCH_DELAY_MS = 400;

export interface FilterBarProps {
  query: CustomerQuery;
  onChange(query: CustomerQuery): void;
  /** Opens the region picker. */
  onPickRegion(): void;
}

/**
 * Above the list: search by name, the status tabs (全部 · 活跃 · 即将到期 · 已过期) and two chips, 地区 (a
 * picker) and 有未解决问题 (on / off). The keyword is typed locally and sent after a pause.
 */
export function FilterBar({ query, onChange, onPickRegion }: FilterBarProps) {
  const [text, setText] = useState(query.keyword);
  const latest = useRef(query);
  latest.current = query;
  const timer = useRef<ReturnType<typeof setTimeout>>();

  // A keyword set from outside (工作台's entries clear it) shows in the field.
  useEffect(() => setText(query.keyword), [query.keyword]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (keyword: string) => {
    clearTimeout(timer.current);
    if (keyword.trim() !== latest.current.keyword.trim()) onChange({ ...latest.current, keyword });
  };
  const type = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(value), SEARCH_DELAY_MS);
  };

  return (
    <View className='customer-filters'>
      <View className='customer-filters__search'>
        <Input
          name='customer-keyword'
          className='customer-filters__input'
          placeholder='搜索客户名称'
          value={text}
          clearable
          confirmType='search'
          maxLength={50}
          onChange={type}
          onConfirm={() => commit(text)}
          onClear={() => {
            setText('');
            commit('');
          }}
        />
      </View>
      <SegmentedTabs tabs={STATUS_TABS} value={query.status ?? 'all'} onChange={(key) => onChange({ ...query, status: key === 'all' ? undefined : key })} />
      <View className='customer-filters__chips'>
        <View className={`customer-filters__chip${query.region ? ' customer-filters__chip--on' : ''}`} onClick={onPickRegion}>
          <Text>{query.region ? `地区：${query.region}` : '全部地区'}</Text>
          <Text className='customer-filters__caret'>▾</Text>
        </View>
        <View
          className={`customer-filters__chip${query.hasUnresolved ? ' customer-filters__chip--on' : ''}`}
          role='checkbox'
          aria-checked={query.hasUnresolved === true}
          onClick={() => onChange({ ...query, hasUnresolved: query.hasUnresolved ? undefined : true })}
        >
          <Text>有未解决问题</Text>
        </View>
      </View>
    </View>
  );
}
