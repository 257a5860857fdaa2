import { Text, View } from '@tarojs/components';
import { Section } from '../../components/section';
import { ROUTES, switchTab } from '../../services/routes';
import type { DashboardOverview } from '../../services/dashboard';
import { formatCount, formatPercent } from '../../utils/format';

/**
 * 数据概览: customers, active, expiring, the 30-day resolution rate (seed §1.2.2), exactly as
 * dashboard.overview counts them, and the customers' spread over 活跃 / 即将到期 / 已过期.
 */
export function OverviewFigures({ data }: { data: DashboardOverview }) {
  const rate = formatPercent(data.ticketResolutionRate);
  const total = data.customerCount;
  const share = (n: number) => (total > 0 ? `${((n / total) * 100).toFixed(2)}%` : '0%');
  return (
    <Section title='数据概览' extra='客户管理' onExtraClick={() => void switchTab(ROUTES.customerList)}>
      <View className='figures'>
        <Figure label='客户总数' value={formatCount(data.customerCount)} />
        <Figure label='活跃客户' value={formatCount(data.activeCustomers)} tone='success' />
        <Figure label='即将到期' value={formatCount(data.expiringCustomers)} tone='warning' />
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
            <Legend className='active' text={`活跃 ${formatCount(data.activeCustomers)}`} />
            <Legend className='expiring' text={`即将到期 ${formatCount(data.expiringCustomers)}`} />
            <Legend className='expired' text={`已过期 ${formatCount(data.expiredCustomers)}`} />
          </View>
        </View>
      ) : null}
      {data.escalatedTickets > 0 ? (
        <View className='figures__escalated' onClick={() => void switchTab(ROUTES.ticketList)}>
          <Text className='figures__escalated-text'>{`${formatCount(data.escalatedTickets)} 个工单已升级到总部，尚未解决`}</Text>
        </View>
      ) : null}
    </Section>
  );
}

function Figure({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: 'success' | 'warning' }) {
  return (
    <View className='figures__item'>
      <Text className={`figures__value${tone ? ` figures__value--${tone}` : ''}`}>{value}</Text>
      <Text className='figures__label'>{label}</Text>
      {note ? <Text className='figures__note'>{note}</Text> : null}
    </View>
  );
}

function Legend({ className, text }: { className: string; text: string }) {
  return (
    <View className='figures__legend-item'>
      <View className={`figures__dot figures__dot--${className}`} />
      <Text>{text}</Text>
    </View>
  );
}
