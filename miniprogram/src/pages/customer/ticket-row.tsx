import { Text, View } from '@tarojs/components';
import { EscalatedTag, PriorityTag, TicketStatusTag } from '../../components/status-tag';
import type { CustomerTicketItem } from '../../services/customers';
import { LABELS } from '../../services/labels';
import { formatDateTime } from '../../utils/format';

/** A ticket of the customer (open issue or history, seed §1.2.4: 工单号, 问题描述, 状态, 创建时间); a tap opens it. */
export function TicketRow({ ticket, onOpen }: { ticket: CustomerTicketItem; onOpen(): void }) {
  return (
    <View className='customer-ticket' onClick={onOpen}>
      <View className='customer-ticket__head'>
        <Text className='customer-ticket__no'>{ticket.ticketNo}</Text>
        <View className='customer-ticket__tags'>
          <EscalatedTag status={ticket.escalationStatus} />
          <PriorityTag priority={ticket.priority} />
          <TicketStatusTag status={ticket.status} />
        </View>
      </View>
      <Text className='customer-ticket__title'>{ticket.title}</Text>
      <Text className='customer-ticket__meta'>{`${LABELS.ticketType[ticket.type]} · ${formatDateTime(ticket.createdAt)}`}</Text>
    </View>
  );
}
