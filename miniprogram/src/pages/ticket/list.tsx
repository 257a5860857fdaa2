import { useCallback } from 'react';
import { View } from '@tarojs/components';
import { useAtom } from 'jotai';
import { Button } from '../../components/nutui';
import { PagedListView } from '../../components/paged-list';
import { PageShell } from '../../components/page-shell';
import { openTicket } from '../../services/routes';
import { listTickets, type TicketListItem } from '../../services/tickets';
import { usePagedList } from '../../state/paged-list';
import { TicketFilterBar, TicketListToolbar } from './ticket-filter-bar';
import { isFiltered, listPayloadOf, NO_FILTERS, ticketFiltersAtom, type TicketFilters } from '../../state/ticket-filters';
import { TicketRow } from './ticket-row';
import './list.css';

const keyOf = (ticket: TicketListItem) => ticket.id;

/**
 * 工单列表 (seed §1.2.5): search by 工单号 or title, status tabs, type chips and 仅看已升级; each row with its
 * number, title, tags, customer, type and handler; newest activity first. One tickets.list per page of rows;
 * the list refetches itself when the tickets change (a colleague's reply, HQ's update).
 */
export default function TicketListPage() {
  const [filters, setFilters] = useAtom(ticketFiltersAtom);
  const change = useCallback((next: TicketFilters) => setFilters(next), [setFilters]);

  const list = usePagedList({
    load: async (page, pageSize) => {
      const answer = await listTickets(listPayloadOf(filters, page, pageSize));
      return { items: answer.tickets, total: answer.total };
    },
    keyOf,
    deps: [filters.keyword.trim(), filters.status, filters.type, filters.escalatedOnly],
    topics: ['tickets'],
  });

  const filtered = isFiltered(filters);
  return (
    <PageShell status='ready' className='ticket-list'>
      <View className='ticket-list__header'>
        <TicketFilterBar filters={filters} onChange={change} />
        <TicketListToolbar total={list.total} loaded={list.status === 'ready'} filters={filters} onChange={change} />
      </View>
      <PagedListView
        list={list}
        keyOf={keyOf}
        renderItem={(ticket) => <TicketRow ticket={ticket} onOpen={() => void openTicket(ticket.id)} />}
        empty={
          filtered
            ? {
                title: '没有符合条件的工单',
                description: '换个关键词或筛选条件试试',
                action: (
                  <Button size='small' onClick={() => setFilters(NO_FILTERS)}>
                    清除筛选
                  </Button>
                ),
              }
            : { title: '暂无工单', description: '在客户详情中可以为客户创建工单' }
        }
      />
    </PageShell>
  );
}
