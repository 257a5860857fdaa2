import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.css';

export interface InfoRow {
  label: string;
  /** Text, or anything (a tag, a link); empty text reads as 未填写. */
  value: ReactNode;
  /** Tapped: the value is drawn as a link. */
  onClick?: () => void;
}

/** Label–value rows of a detail (服务商信息, a customer's licence): long values wrap under their own column. */
export function InfoList({ rows }: { rows: InfoRow[] }) {
  return (
    <View className='info-list'>
      {rows.map((row) => (
        <View key={row.label} className='info-list__row' onClick={row.onClick}>
          <Text className='info-list__label'>{row.label}</Text>
          <View className={`info-list__value${row.onClick ? ' info-list__value--link' : ''}`}>
            {typeof row.value === 'string' || typeof row.value === 'number' ? <Text>{row.value === '' ? '未填写' : row.value}</Text> : row.value}
          </View>
        </View>
      ))}
    </View>
  );
}
