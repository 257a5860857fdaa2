import { Text, View } from '@tarojs/components';
import { ArrowRight, Cell } from '../../components/nutui';

/**
 * A cell that opens something: its title, an optional value and WeChat's right arrow. `isLast` drops the
 * divider under the group's last cell (CellGroup marks only its direct Cell children); `highlight` draws the
 * value in red (something waits there).
 */
export function CellLink({ title, value, onClick, isLast = false, highlight = false }: { title: string; value?: string; onClick(): void; isLast?: boolean; highlight?: boolean }) {
  return (
    <Cell
      title={title}
      isLast={isLast}
      clickable
      onClick={onClick}
      extra={
        <View className='cell-link__extra'>
          {value ? <Text className={`cell-link__value${highlight ? ' cell-link__value--highlight' : ''}`}>{value}</Text> : null}
          <ArrowRight size={14} color='#b8bcc4' />
        </View>
      }
    />
  );
}
