import { Text, View } from '@tarojs/components';
import { ImageGrid } from '../../components/image-grid';
import { InfoList, type InfoRow } from '../../components/info-list';
import { Section } from '../../components/section';
import { EscalatedTag, PriorityTag, TicketStatusTag } from '../../components/status-tag';
import { LABELS } from '../../services/labels';
import { openCustomer } from '../../services/routes';
import type { TicketDetail } from '../../services/tickets';
import { formatDateTime } from '../../utils/format';

/** The head of 工单详情: number, title, tags, and the ticket's facts (customer leads to its detail). */
export function TicketSummary({ ticket }: { ticket: TicketDetail }) {
  const rows: InfoRow[] = [
    { label: '客户', value: ticket.customerName, onClick: () => void openCustomer(ticket.customerId) },
    { label: '类型', value: LABELS.ticketType[ticket.type] },
    { label: '优先级', value: LABELS.ticketPriority[ticket.priority] },
    { label: '来源', value: LABELS.ticketSource[ticket.source] },
    { label: '处理人', value: ticket.assigneeName ?? '未分配' },
    { label: '创建时间', value: formatDateTime(ticket.createdAt) },
    { label: '最近更新', value: formatDateTime(ticket.updatedAt) },
  ];
  if (ticket.resolvedAt) rows.push({ label: '解决时间', value: formatDateTime(ticket.resolvedAt) });
  if (ticket.escalationStatus === 'escalated') {
    if (ticket.escalatedAt) rows.push({ label: '升级时间', value: formatDateTime(ticket.escalatedAt) });
    rows.push({ label: '升级原因', value: ticket.escalationReason ?? '' });
  }
  return (
    <Section className='ticket-summary'>
      <View className='ticket-summary__head'>
        <Text className='ticket-summary__no'>{ticket.ticketNo}</Text>
        <View className='ticket-summary__tags'>
          <TicketStatusTag status={ticket.status} />
          <EscalatedTag status={ticket.escalationStatus} />
          <PriorityTag priority={ticket.priority} />
        </View>
      </View>
      <Text className='ticket-summary__title'>{ticket.title}</Text>
      <InfoList rows={rows} />
    </Section>
  );
}

/** 问题描述: what the ticket says and its screenshots. */
export function TicketContent({ ticket }: { ticket: TicketDetail }) {
  return (
    <Section title='问题描述' className='ticket-content'>
      <Text className='ticket-content__text'>{ticket.content}</Text>
      <ImageGrid images={ticket.images} />
    </Section>
  );
}
