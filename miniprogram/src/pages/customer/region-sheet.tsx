import { Text, View } from '@tarojs/components';
import { Sheet } from '../../components/sheet';
import { ListSkeleton } from '../../components/skeleton';
import { EmptyState, ErrorState } from '../../components/state-view';
import { listCustomerRegions } from '../../services/customers';
import { useRemoteData } from '../../state/remote-data';
import { formatCount } from '../../utils/format';

export interface RegionSheetProps {
  visible: boolean;
  /** The region filtered by now (undefined: 全部地区). */
  value?: string;
  onPick(region: string | undefined): void;
  onClose(): void;
}

/**
 * 按地区筛选: the regions the provider's customers are in, with how many each (customers.regions), asked for
 * the first time the sheet opens (not part of the list's first render), again on every later opening.
 */
export function RegionSheet({ visible, value, onPick, onClose }: RegionSheetProps) {
  const regions = useRemoteData(listCustomerRegions, [visible], { enabled: visible });
  const pick = (region: string | undefined) => {
    onPick(region);
    onClose();
  };
  const option = (key: string, label: string, region: string | undefined, count?: number) => (
    <View key={key} className={`region-sheet__option${region === value ? ' region-sheet__option--on' : ''}`} onClick={() => pick(region)}>
      <Text className='region-sheet__name'>{label}</Text>
      {count !== undefined ? <Text className='region-sheet__count'>{`${formatCount(count)} 位客户`}</Text> : null}
    </View>
  );
  return (
    <Sheet visible={visible} title='按地区筛选' onClose={onClose} className='region-sheet'>
      <View className='region-sheet__list'>
        {regions.status === 'error' ? (
          <ErrorState compact message={regions.error?.message ?? '加载失败'} onRetry={() => void regions.reload()} retrying={regions.refreshing} />
        ) : regions.data === null ? (
          <ListSkeleton rows={3} />
        ) : regions.data.regions.length === 0 ? (
          <EmptyState compact title='暂无地区' description='还没有客户，也就没有可选的地区' />
        ) : (
          [option('all', '全部地区', undefined), ...regions.data.regions.map((r) => option(r.region, r.region, r.region, r.count))]
        )}
      </View>
    </Sheet>
  );
}
