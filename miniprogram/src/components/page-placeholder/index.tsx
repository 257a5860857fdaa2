import { Text, View } from '@tarojs/components';
import './index.css';

export interface PagePlaceholderProps {
  /** The page's name as the seed gives it, e.g. 客户列表. */
  title: string;
  /** What the page will show (seed-design.zh.md §1.2). */
  description: string;
}

/**
 * Stands in for a page of the seed until it is built: its name and what it will hold, in Chinese.
 * (Not NutUI's Empty: its default picture is fetched from a CDN, and the app must work offline.)
 */
export function PagePlaceholder({ title, description }: PagePlaceholderProps) {
  return (
    <View className='page-placeholder'>
      <Text className='page-placeholder__title'>{title}</Text>
      <Text className='page-placeholder__description'>{description}</Text>
      <Text className='page-placeholder__badge'>建设中</Text>
    </View>
  );
}
