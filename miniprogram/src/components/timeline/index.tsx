import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { Tone } from '../status-tag';
import './index.css';

export interface TimelineItem {
  key: string;
  title: string;
  /** Already formatted (formatDateTime). */
  time: string;
  content?: string;
  tone?: Tone;
  /** Below the content: images, a link. */
  extra?: ReactNode;
}

/** Steps in time order with a dot and a line between them (a ticket's 处理记录). The first is drawn as current. */
export function Timeline({ items }: { items: TimelineItem[] }) {
  return (
    <View className='timeline'>
      {items.map((item, index) => (
        <View key={item.key} className={`timeline__item timeline__item--${item.tone ?? 'neutral'}${index === 0 ? ' timeline__item--current' : ''}`}>
          <View className='timeline__rail'>
            <View className='timeline__dot' />
            {index < items.length - 1 ? <View className='timeline__line' /> : null}
          </View>
          <View className='timeline__body'>
            <View className='timeline__head'>
              <Text className='timeline__title'>{item.title}</Text>
              <Text className='timeline__time'>{item.time}</Text>
            </View>
            {item.content ? <Text className='timeline__content'>{item.content}</Text> : null}
            {item.extra}
          </View>
        </View>
      ))}
    </View>
  );
}
