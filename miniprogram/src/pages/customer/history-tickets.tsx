import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { EmptyState } from '../../components/state-view';
import { Loading } from '../../components/nutui';
import { asClientError } from '../../services/cloud';
import { listCustomerTickets, type CustomerDetailResult, type CustomerTicketItem } from '../../services/customers';
import { openTicket } from '../../services/routes';
import { TicketRow } from './ticket-row';

/**
 * 历史工单: the first page comes with customers.detail; 查看更多 fetches the next pages (customers.tickets, the
 * same page size). A refetched detail (pull-down, live update, a ticket created) starts again from its page 1.
 */
export function HistoryTickets({ customerId, firstPage }: { customerId: string; firstPage: CustomerDetailResult['history'] }) {
  const [tickets, setTickets] = useState<CustomerTicketItem[]>(firstPage.tickets);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setTickets(firstPage.tickets);
    setPage(1);
    setError(null);
  }, [firstPage]);

  async function more() {
    if (loading) return;
    setLoading(true);
    setError(null);
    try {
      const next = await listCustomerTickets(customerId, page + 1, firstPage.pageSize);
      setTickets((shown) => [...shown, ...next.tickets.filter((t) => !shown.some((s) => s.id === t.id))]);
      setPage(page + 1);
    } catch (err) {
      setError(asClientError(err).message);
    } finally {
      setLoading(false);
    }
  }

  if (tickets.length === 0) return <EmptyState compact title='暂无历史工单' description='为该客户创建的工单会出现在这里' />;
  const hasMore = tickets.length < firstPage.total;
  return (
    <View className='history-tickets'>
      {tickets.map((ticket) => (
        <TicketRow key={ticket.id} ticket={ticket} onOpen={() => void openTicket(ticket.id)} />
      ))}
      <View className={`history-tickets__footer${hasMore ? ' history-tickets__footer--action' : ''}`} onClick={hasMore ? () => void more() : undefined}>
        {loading ? (
          <>
            <Loading type='circular' />
            <Text className='history-tickets__text'>正在加载…</Text>
          </>
        ) : error ? (
          <Text className='history-tickets__text history-tickets__text--error'>{`${error}，点击重试`}</Text>
        ) : hasMore ? (
          <Text className='history-tickets__text history-tickets__text--link'>{`查看更多（还有 ${firstPage.total - tickets.length} 个）`}</Text>
        ) : (
          <Text className='history-tickets__text'>{`共 ${firstPage.total} 个 · 没有更多了`}</Text>
        )}
      </View>
    </View>
  );
}
