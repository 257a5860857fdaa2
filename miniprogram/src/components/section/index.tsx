import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { ArrowRight } from '../nutui';
import './index.css';

export interface SectionProps {
  title?: string;
  /** Right of the title: a note (近30天) or a link (查看全部) when onExtraClick is given. */
  extra?: string;
  onExtraClick?: () => void;
  /** No inner padding: for lists of cells that bring their own. */
  flush?: boolean;
  className?: string;
  children?: ReactNode;
}

/** A white card with an optional title row: the block every page is made of. */
export function Section({ title, extra, onExtraClick, flush = false, className = '', children }: SectionProps) {
  return (
    <View className={`section ${flush ? 'section--flush' : ''} ${className}`}>
      {title ? (
        <View className='section__header'>
          <Text className='section__title'>{title}</Text>
          {extra ? (
            <View className={`section__extra${onExtraClick ? ' section__extra--link' : ''}`} onClick={onExtraClick}>
              <Text>{extra}</Text>
              {onExtraClick ? <ArrowRight size={12} /> : null}
            </View>
          ) : null}
        </View>
      ) : null}
      <View className='section__body'>{children}</View>
    </View>
  );
}
