import { Text, View } from '@tarojs/components';
import type { Tone } from '../status-tag';
import './index.css';

export interface BarChartItem {
  key: string;
  label: string;
  /** The bar's length, 0..max. */
  value: number;
  /** What is written at the bar's end (default: the value). */
  display?: string;
  /** A second line under the label (权重 35%). */
  note?: string;
  tone?: Tone;
}

/**
 * Horizontal bars drawn with views (no canvas, so the same in weapp and H5, and readable by tests): the
 * usage score's components, or any figures out of a common maximum.
 */
export function BarChart({ items, max = 100 }: { items: BarChartItem[]; max?: number }) {
  return (
    <View className='bar-chart'>
      {items.map((item) => {
        const share = max > 0 ? Math.max(0, Math.min(1, item.value / max)) : 0;
        return (
          <View key={item.key} className='bar-chart__row'>
            <View className='bar-chart__label'>
              <Text className='bar-chart__name'>{item.label}</Text>
              {item.note ? <Text className='bar-chart__note'>{item.note}</Text> : null}
            </View>
            <View className='bar-chart__track'>
              <View className={`bar-chart__bar bar-chart__bar--${item.tone ?? 'primary'}`} style={{ width: `${(share * 100).toFixed(1)}%` }} />
            </View>
            <Text className='bar-chart__value'>{item.display ?? String(item.value)}</Text>
          </View>
        );
      })}
    </View>
  );
}
