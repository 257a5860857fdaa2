import { Text, View } from '@tarojs/components';
import { useStore } from 'jotai';
import { Section } from '../../components/section';
import type { DashboardOverview } from '../../services/dashboard';
import { openCustomerList } from '../../state/customer-filters';
import { openTicketList } from '../../state/ticket-filters';
import { formatCount, formatPercent } from '../../utils/format';

/**
 * 数据概览: customers, active, expiring, the 30-day resolution rate (seed §1.2.2), exactly as
 * dashboard.overview counts them, and the customers' spread over 活跃 / 即将到期 / 已过期.
 */
export function OverviewFigures({ data }: { data: DashboardOverview }) {
  const store = useStore();
  const rate = formatPercent(data.ticketResolutionRate);
  const total = data.customerCount;
  const share = (n: number) => (total > 0 ? `${((n / total) * 100).toFixed(2)}%` : '0%');
  return (
    <Section title='数据概览' extra='客户管理' onExtraClick={() => void openCustomerList(store)}>
      <View className='figures'>
        <Figure label='客户总数' value={formatCount(data.customerCount)} onClick={() => void openCustomerList(store)} />
        <Figure label='活跃客户' value={formatCount(data.activeCustomers)} tone='success' onClick={() => void openCustomerList(store, { status: 'active' })} />
        <Figure label='即将到期' value={formatCount(data.expiringCustomers)} tone='warning' onClick={() => void openCustomerList(store, { status: 'expiring' })} />
        <Figure label='工单解决率' value={rate ?? '暂无'} note={rate ? '近30天' : '近30天无新建工单'} />
      </View>
      {total > 0 ? (
        <View className='figures__spread'>
          <View className='figures__bar'>
            <View className='figures__bar-part figures__bar-part--active' style={{ width: share(data.activeCustomers) }} />
            <View className='figures__bar-part figures__bar-part--expiring' style={{ width: share(data.expiringCustomers) }} />
            <View className='figures__bar-part figures__bar-part--expired' style={{ width: share(data.expiredCustomers) }} />
          </View>
          <View className='figures__legend'>
            <Legend className='active' text={`活跃 ${formatCount(data.activeCustomers)}`} onClick={() => void openCustomerList(store, { status: 'active' })} />
            <Legend className='expiring' text={`即将到期 ${formatCount(data.expiringCustomers)}`} onClick={() => void openCustomerList(store, { status: 'expiring' })} />
            <Legend className='expired' text={`已过期 ${formatCount(data.expiredCustomers)}`} onClick={() => void openCustomerList(store, { status: 'expired' })} />
          </View>
        </View>
      ) : null}
      {data.escalatedTickets > 0 ? (
        <View className='figures__escalated' onClick={() => void openTicketList(store, { escalatedOnly: true })}>
          <Text className='figures__escalated-text'>{`${formatCount(data.escalatedTickets)} 个工单已升级到总部，尚未解决`}</Text>
        </View>
      ) : null}
    </Section>
  );
}

function Figure({ label, value, note, tone, onClick }: { label: string; value: string; note?: string; tone?: 'success' | 'warning'; onClick?: () => void }) {
  return (
    <View className='figures__item' onClick={onClick}>
      <Text className={`figures__value${tone ? ` figures__value--${tone}` : ''}`}>{value}</Text>
      <Text className='figures__label'>{label}</Text>
      {note ? <Text className='figures__note'>{note}</Text> : null}
    </View>
  );
}

function Legend({ className, text, onClick }: { className: string; text: string; onClick(): void }) {
  return (
    <View className='figures__legend-item' onClick={onClick}>
      <View className={`figures__dot figures__dot--${className}`} />
      <Text>{text}</Text>
    </View>
  );
}
