import { Text, View } from '@tarojs/components';
import { CustomerStatusTag } from '../../components/status-tag';
import type { CustomerListItem } from '../../services/customers';
import { formatDate } from '../../utils/format';

/**
 * One customer of the list, with every field of seed §1.2.3: name and status tag (活跃 / 即将到期 / 已过期),
 * software version, ports, whether issues are unresolved, the usage-depth score; and region and expiry.
 */
export function CustomerRow({ customer, onOpen }: { customer: CustomerListItem; onOpen(): void }) {
  return (
    <View className='customer-row' onClick={onOpen}>
      <View className='customer-row__main'>
        <View className='customer-row__head'>
          <Text className='customer-row__name'>{customer.name}</Text>
          <CustomerStatusTag status={customer.status} />
        </View>
        <Text className='customer-row__software'>{`${customer.softwareVersion} · ${customer.portCount} 个端口`}</Text>
        <View className='customer-row__meta'>
          <Text className='customer-row__region'>{customer.region}</Text>
          <Text className='customer-row__expiry'>{`到期 ${formatDate(customer.expiryDate)}`}</Text>
        </View>
        <Text className={`customer-row__issues${customer.hasUnresolved ? ' customer-row__issues--open' : ''}`}>
          {customer.hasUnresolved ? `${customer.unresolvedIssues} 个未解决问题` : '无未解决问题'}
        </Text>
      </View>
      <View className='customer-row__score'>
        <Text className='customer-row__score-value'>{String(customer.usageScore)}</Text>
        <Text className='customer-row__score-label'>使用深度</Text>
      </View>
    </View>
  );
}
