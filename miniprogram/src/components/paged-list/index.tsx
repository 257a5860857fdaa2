import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { PagedList } from '../../state/paged-list';
import { Loading } from '../nutui';
import { ListSkeleton } from '../skeleton';
import { EmptyState, ErrorState, type EmptyStateProps } from '../state-view';
import './index.css';

export interface PagedListViewProps<T> {
  list: PagedList<T>;
  keyOf(item: T): string;
  renderItem(item: T, index: number): ReactNode;
  /** What an empty list says (and where it leads). */
  empty: EmptyStateProps;
  className?: string;
}

/**
 * A paged list as every list page shows it: a skeleton for the first page, the error with 重试, the empty
 * state, then the rows and a footer that loads more (also on tap: a short page never scrolls to its bottom),
 * says a failed load-more can be retried, or that there is no more.
 */
export function PagedListView<T>({ list, keyOf, renderItem, empty, className = '' }: PagedListViewProps<T>) {
  if (list.status === 'loading') return <ListSkeleton />;
  if (list.status === 'error') return <ErrorState message={list.error?.message ?? '加载失败'} onRetry={() => void list.reload()} />;
  if (list.items.length === 0) return <EmptyState {...empty} />;
  return (
    <View className={`paged-list ${className}`}>
      {list.refreshError ? (
        <View className='paged-list__notice' onClick={() => void list.refresh()}>
          <Text>{`刷新失败：${list.refreshError.message}`}</Text>
          <Text className='paged-list__notice-action'>重试</Text>
        </View>
      ) : null}
      {list.items.map((item, index) => (
        <View key={keyOf(item)} className='paged-list__item'>
          {renderItem(item, index)}
        </View>
      ))}
      <ListFooter list={list} />
    </View>
  );
}

function ListFooter<T>({ list }: { list: PagedList<T> }) {
  if (list.loadingMore)
    return (
      <View className='paged-list__footer'>
        <Loading type='circular' />
        <Text className='paged-list__footer-text'>正在加载…</Text>
      </View>
    );
  if (list.loadMoreError)
    return (
      <View className='paged-list__footer paged-list__footer--action' onClick={() => void list.loadMore()}>
        <Text className='paged-list__footer-text paged-list__footer-text--error'>{`${list.loadMoreError.message}，点击重试`}</Text>
      </View>
    );
  if (list.hasMore)
    return (
      <View className='paged-list__footer paged-list__footer--action' onClick={() => void list.loadMore()}>
        <Text className='paged-list__footer-text'>上拉或点击加载更多</Text>
      </View>
    );
  return (
    <View className='paged-list__footer'>
      <Text className='paged-list__footer-text'>{`共 ${list.total} 条 · 没有更多了`}</Text>
    </View>
  );
}
