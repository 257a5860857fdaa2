import { View } from '@tarojs/components';
import './index.css';

/** Grey shapes where a list's rows will be, while its first page loads. */
export function ListSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <View className='skeleton' aria-busy='true' aria-label='加载中'>
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className='skeleton__row'>
          <View className='skeleton__line skeleton__line--title' />
          <View className='skeleton__line skeleton__line--text' />
          <View className='skeleton__line skeleton__line--short' />
        </View>
      ))}
    </View>
  );
}

/** Grey cards where a page's blocks will be (工作台, a detail), while it loads. */
export function CardSkeleton({ cards = 3 }: { cards?: number }) {
  return (
    <View className='skeleton skeleton--cards' aria-busy='true' aria-label='加载中'>
      {Array.from({ length: cards }, (_, i) => (
        <View key={i} className='skeleton__card'>
          <View className='skeleton__line skeleton__line--title' />
          <View className='skeleton__grid'>
            <View className='skeleton__block' />
            <View className='skeleton__block' />
            <View className='skeleton__block' />
          </View>
        </View>
      ))}
    </View>
  );
}
