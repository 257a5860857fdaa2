import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useAtomValue, useStore } from 'jotai';
import { PageShell } from '../../components/page-shell';
import { openChatList, ROUTES, switchTab } from '../../services/routes';
import { overview, refreshOverview } from '../../state/overview';
import { openTicketList } from '../../state/ticket-filters';
import { formatCount, formatDateTime } from '../../utils/format';
import { OverviewFigures } from './overview-figures';
import { QuickEntries } from './quick-entries';
import './index.css';

/**
 * 工作台 (seed §1.2.2): the provider and who is signed in, what waits (pending tickets, unread messages,
 * consultations waiting for a reply), quick entries and the overview figures — all from one
 * dashboard.overview, which also feeds the tab badges and is refetched live.
 */
export default function WorkbenchPage() {
  const store = useStore();
  const state = useAtomValue(overview.atom);

  useEffect(() => {
    if (state.status === 'idle') refreshOverview(store).catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  usePullDownRefresh(() => {
    refreshOverview(store)
      .catch(() => undefined)
      .finally(() => Taro.stopPullDownRefresh());
  });

  const data = state.data;
  const retry = () => void refreshOverview(store).catch(() => undefined);
  return (
    <PageShell status={state.status} error={state.error} onRetry={retry} retrying={state.refreshing} skeleton='cards' className='workbench'>
      {data ? (
        <>
          <View className='workbench__hero'>
            <Text className='workbench__provider'>{data.provider.name}</Text>
            <Text className='workbench__greeting'>{`${data.user.name} · ${data.user.roleLabel}`}</Text>
            <View className='workbench__todos'>
              <Todo label='待处理工单' value={data.pendingTickets} onClick={() => void openTicketList(store)} />
              <Todo label='未读消息' value={data.unreadMessages} onClick={() => void switchTab(ROUTES.messages)} />
              <Todo label='待回复咨询' value={data.waitingChats} onClick={() => void openChatList()} />
            </View>
          </View>
          <QuickEntries unreadMessages={data.unreadMessages} waitingChats={data.waitingChats} />
          <OverviewFigures data={data} />
          <Text className='workbench__footnote'>{`数据更新于 ${formatDateTime(data.computedAt)}`}</Text>
        </>
      ) : null}
    </PageShell>
  );
}

function Todo({ label, value, onClick }: { label: string; value: number; onClick(): void }) {
  return (
    <View className='workbench__todo' onClick={onClick}>
      <Text className='workbench__todo-value'>{formatCount(value)}</Text>
      <Text className='workbench__todo-label'>{label}</Text>
    </View>
  );
}
