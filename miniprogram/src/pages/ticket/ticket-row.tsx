import { Text, View } from '@tarojs/components';
import { EscalatedTag, PriorityTag, TicketStatusTag } from '../../components/status-tag';
import { LABELS } from '../../services/labels';
import type { TicketListItem } from '../../services/tickets';
import { formatRelativeTime } from '../../utils/format';

/** One ticket: number and last update, title, status / escalation / priority tags, type, when created, customer and who handles it. */
export function TicketRow({ ticket, onOpen }: { ticket: TicketListItem; onOpen(): void }) {
  return (
    <View className='ticket-row' onClick={onOpen}>
      <View className='ticket-row__head'>
        <Text className='ticket-row__no'>{ticket.ticketNo}</Text>
        <Text className='ticket-row__time'>{`更新于 ${formatRelativeTime(ticket.updatedAt)}`}</Text>
      </View>
      <Text className='ticket-row__title'>{ticket.title}</Text>
      <View className='ticket-row__tags'>
        <TicketStatusTag status={ticket.status} />
        <EscalatedTag status={ticket.escalationStatus} />
        <PriorityTag priority={ticket.priority} />
        <Text className='ticket-row__type'>{LABELS.ticketType[ticket.type]}</Text>
        <Text className='ticket-row__created'>{`创建于 ${formatRelativeTime(ticket.createdAt)}`}</Text>
      </View>
      <View className='ticket-row__meta'>
        <Text className='ticket-row__customer'>{ticket.customerName}</Text>
        <Text className='ticket-row__assignee'>{ticket.assigneeName ? `处理人：${ticket.assigneeName}` : '未分配处理人'}</Text>
      </View>
    </View>
  );
}
